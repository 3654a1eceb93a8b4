/**
 * The civil-service days off 2021–2026 exactly as listed in
 * /work/shared/reference/one-stop-rules.md ("Counting time"), transcribed by hand:
 * the independent answer key for the calendar. Weekends are not listed there.
 */
export const listedDaysOff: Record<number, string[]> = {
  2021: ['01-01', '02-10..02-16', '04-21', '04-30', '05-03', '09-02..09-03'],
  2022: ['01-03', '01-31..02-04', '04-11', '05-02..05-03', '09-01..09-02'],
  2023: ['01-02', '01-20..01-26', '05-01', '05-02..05-03', '09-01', '09-04'],
  2024: ['01-01', '02-08..02-14', '04-18', '04-29', '04-30', '05-01', '09-02..09-03'],
  2025: ['01-01', '01-27..01-31', '04-07', '04-30', '05-01', '09-01..09-02'],
  2026: ['01-01', '02-16..02-20', '04-27', '04-30', '05-01', '09-01..09-02'],
};

/** "2024: … 29 Apr (swapped: Saturday 4 May is worked)". */
export const listedWorkedDays: Record<number, string[]> = { 2024: ['2024-05-04'] };

const DAY_MS = 86_400_000;
const isWeekend = (utcMidnight: number): boolean => [0, 6].includes(new Date(utcMidnight).getUTCDay());

/** The listed days of a year as YYYY-MM-DD, ranges expanded, weekends left out (as in the list). */
export function listedWeekdaysOff(year: number): string[] {
  return (listedDaysOff[year] ?? []).flatMap((item) => {
    const [first, last = first] = item.split('..') as [string, string?];
    const start = Date.parse(`${year}-${first}T00:00:00Z`);
    const end = Date.parse(`${year}-${last}T00:00:00Z`);
    const days: string[] = [];
    for (let t = start; t <= end; t += DAY_MS) if (!isWeekend(t)) days.push(new Date(t).toISOString().slice(0, 10));
    return days;
  });
}
