/**
 * The answer key of the calendar tests: the civil-service breaks of 2021–2026 typed in by hand
 * from the notices (as quoted by the pages named in docs/calendar.md, "Which entries a notice
 * confirms") and from the Labour Code 2019 (law/lao-dong.md, Arts. 111.3 and 112.1), NOT from
 * src/calendar. Each break is written as the notice words it, weekends included ("from Saturday
 * 27/4 to Wednesday 1/5"); the helpers drop the weekends. Entries no notice confirms are marked.
 */
export interface ListedBreak {
  /** `MM-DD` or `MM-DD..MM-DD`, as announced (weekend days inside may be listed). */
  days: string;
  /** The notice (number, date) or law article the days come from. */
  notice: string;
  /** No notice text was found; the days are those of one-stop-rules.md and the statutory rule. */
  unconfirmed?: true;
}

const BLLD = 'BLLĐ 2019';

export const listedBreaks: Record<number, ListedBreak[]> = {
  2021: [
    { days: '01-01', notice: `${BLLD} Art. 112.1(a)` },
    { days: '02-10..02-16', notice: 'Thông báo 4875/TB-LĐTBXH, 10/12/2020' },
    { days: '04-21', notice: `${BLLD} Art. 112.1(e), 10/3 Tân Sửu` },
    { days: '04-30..05-03', notice: `${BLLD} Art. 112.1(c)(d); 1/5 a Saturday: Art. 111.3` },
    { days: '09-02..09-05', notice: 'hanoimoi.vn: "Quốc khánh năm 2021 … nghỉ 4 ngày liên tiếp" (notice not found)', unconfirmed: true },
  ],
  2022: [
    { days: '01-01..01-03', notice: `${BLLD} Art. 112.1(a); a Saturday: Art. 111.3` },
    { days: '01-31..02-04', notice: 'Công văn 245/VPCP-KGVX, 11/01/2022: "từ ngày 31/01/2022 đến hết ngày 04/02/2022"' },
    { days: '04-09..04-11', notice: `${BLLD} Art. 112.1(e), 10/3 Nhâm Dần a Sunday: Art. 111.3` },
    { days: '04-30..05-03', notice: `${BLLD} Art. 112.1(c)(d); Saturday and Sunday: Art. 111.3` },
    { days: '09-01..09-02', notice: 'Công văn 245/VPCP-KGVX, 11/01/2022: "từ ngày 01/9/2022 đến hết ngày 02/9/2022"' },
  ],
  2023: [
    { days: '12-31..01-02', notice: `${BLLD} Art. 112.1(a); a Sunday: Art. 111.3` },
    { days: '01-20..01-26', notice: 'Công văn 8056/VPCP-KGVX, 01/12/2022' },
    { days: '04-29..05-03', notice: `${BLLD} Art. 112.1(c)(d)(e); Hùng Kings Saturday, 30/4 Sunday: Art. 111.3` },
    { days: '09-01..09-04', notice: 'Công văn 8056/VPCP-KGVX, 01/12/2022' },
  ],
  2024: [
    { days: '01-01', notice: `${BLLD} Art. 112.1(a)` },
    { days: '02-08..02-14', notice: 'Thông báo 5015/TB-LĐTBXH, 22/11/2023' },
    { days: '04-18', notice: `${BLLD} Art. 112.1(e), 10/3 Giáp Thìn` },
    { days: '04-27..05-01', notice: 'Công văn 2450/VPCP-KGVX, 12/04/2024: "từ thứ bảy, ngày 27/4 đến hết thứ tư, ngày 1/5"' },
    { days: '08-31..09-03', notice: 'Thông báo 5015/TB-LĐTBXH, 22/11/2023' },
  ],
  2025: [
    { days: '01-01', notice: `${BLLD} Art. 112.1(a)` },
    { days: '01-25..02-02', notice: 'Công văn 8726/VPCP-KGVX, 26/11/2024 (nine days)' },
    { days: '04-05..04-07', notice: `${BLLD} Art. 112.1(e), 10/3 Ất Tỵ a Monday` },
    { days: '04-30..05-04', notice: 'Thông báo 6150 (Bộ LĐTBXH, 2024): "từ thứ Tư ngày 30/4/2025 đến hết Chủ nhật ngày 04/5/2025"' },
    { days: '08-30..09-02', notice: 'Thông báo 6150 (Bộ LĐTBXH, 2024): "từ thứ Bảy ngày 30.8.2025 đến hết thứ Ba ngày 2.9.2025"' },
  ],
  2026: [
    { days: '01-01..01-04', notice: 'Công văn 12729/VPCP-KGVX, 25/12/2025 (one-stop-rules.md: "2 Jan swapped")' },
    { days: '02-14..02-22', notice: 'Thông báo 9441 (Bộ Nội vụ), 16/10/2025: "từ thứ hai 16/2/2026 … đến hết thứ sáu ngày 20/02/2026"' },
    { days: '04-25..04-27', notice: `${BLLD} Art. 112.1(e), 10/3 Bính Ngọ a Sunday: Art. 111.3` },
    { days: '04-30..05-03', notice: `${BLLD} Art. 112.1(c)(d)` },
    { days: '09-01..09-02', notice: 'one-stop-rules.md "1–2 Sep"; the 2026 notice for September not found', unconfirmed: true },
  ],
};

/** Saturdays worked in exchange for a day off, as the swap notices say. */
export const listedWorkedDays: Record<number, Array<{ date: string; notice: string }>> = {
  2024: [{ date: '2024-05-04', notice: 'Công văn 2450/VPCP-KGVX, 12/04/2024' }],
  2025: [{ date: '2025-04-26', notice: 'Thông báo 6150 (Bộ LĐTBXH, 2024): "làm bù vào thứ Bảy ngày 26/4/2025"' }],
  2026: [{ date: '2026-01-10', notice: 'Công văn 12729/VPCP-KGVX, 25/12/2025' }],
};

const DAY_MS = 86_400_000;
const isWeekend = (utcMidnight: number): boolean => [0, 6].includes(new Date(utcMidnight).getUTCDay());

/** `MM-DD` of a break in `year`; a range that starts in December belongs to the year it ends in. */
function expand(year: number, days: string): string[] {
  const [first, last = first] = days.split('..') as [string, string?];
  const startYear = first > last ? year - 1 : year;
  const start = Date.parse(`${startYear}-${first}T00:00:00Z`);
  const end = Date.parse(`${year}-${last}T00:00:00Z`);
  const out: string[] = [];
  for (let t = start; t <= end; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** The listed days off of a year among Monday–Friday, as YYYY-MM-DD, in date order. */
export function listedWeekdaysOff(year: number): string[] {
  const days = (listedBreaks[year] ?? []).flatMap((item) => expand(year, item.days));
  return [...new Set(days)]
    .filter((date) => date.startsWith(`${year}-`) && !isWeekend(Date.parse(`${date}T00:00:00Z`)))
    .sort();
}

/** Days off of a year that no notice text confirms. */
export function unconfirmedWeekdaysOff(year: number): string[] {
  const days = (listedBreaks[year] ?? []).filter((item) => item.unconfirmed).flatMap((item) => expand(year, item.days));
  return days.filter((date) => !isWeekend(Date.parse(`${date}T00:00:00Z`)));
}

export function listedWorkedDates(year: number): string[] {
  return (listedWorkedDays[year] ?? []).map((entry) => entry.date);
}
