/**
 * Deadlines around every announced break of 2021–2026, worked out by hand from the notices
 * (days off and worked Saturdays as the notices word them, see support/listed-days-off.ts and
 * docs/calendar.md), not from the calendar's own data. Each row names the notice it rests on.
 * Unconfirmed days (the day next to 2 September 2021 and 2026) are deliberately not used.
 */
import { describe, expect, it } from 'vitest';
import { defaultCalendar, dueInstant, formatInstant, type Period } from '../../src/calendar/index.js';

const days = (amount: number): Period => ({ amount, unit: 'working-days' });
const hours = (amount: number): Period => ({ amount, unit: 'working-hours' });
const sameDay: Period = { amount: 0, unit: 'same-day' };
const calendarDays = (amount: number): Period => ({ amount, unit: 'calendar-days' });

// [received (Vietnam wall time), period, due (Vietnam wall time), the notice the answer rests on]
const rows: Array<[string, Period, string, string]> = [
  // 2021
  ['2021-02-09T10:00', days(1), '2021-02-17T17:00', 'Thông báo 4875/TB-LĐTBXH: Tết 10–16/2/2021'],
  ['2021-04-20T10:00', days(1), '2021-04-22T17:00', 'BLLĐ Art. 112.1(e): Hùng Kings 21/4/2021'],
  ['2021-04-29T10:00', days(2), '2021-05-05T17:00', 'BLLĐ Arts. 112.1(c)(d), 111.3: 30/4, 1/5 a Saturday → 3/5'],
  // 2022
  ['2021-12-31T10:00', days(1), '2022-01-04T17:00', 'BLLĐ Arts. 112.1(a), 111.3: 1/1/2022 a Saturday → 3/1'],
  ['2022-01-28T10:00', days(3), '2022-02-09T17:00', 'Công văn 245/VPCP-KGVX: Tết 31/1–4/2/2022'],
  ['2022-04-29T10:00', days(1), '2022-05-04T17:00', 'BLLĐ Art. 111.3: 30/4 and 1/5/2022 on the weekend → 2/5, 3/5'],
  ['2022-08-31T10:00', days(2), '2022-09-06T17:00', 'Công văn 245/VPCP-KGVX: Quốc khánh 1–2/9/2022'],
  // 2023
  ['2023-01-19T14:00', days(5), '2023-02-02T17:00', 'Công văn 8056/VPCP-KGVX: Tết 20–26/1/2023'],
  ['2023-04-28T10:00', days(1), '2023-05-04T17:00', 'BLLĐ Art. 111.3: Hùng Kings 29/4 and 30/4/2023 on the weekend → 2/5, 3/5'],
  ['2023-08-31T10:00', days(1), '2023-09-05T17:00', 'Công văn 8056/VPCP-KGVX: Quốc khánh 1–4/9/2023'],
  // 2024
  ['2024-02-07T09:00', days(3), '2024-02-19T17:00', 'Thông báo 5015/TB-LĐTBXH: Tết 8–14/2/2024'],
  ['2024-04-25T10:00', days(3), '2024-05-03T17:00', 'Công văn 2450/VPCP-KGVX: 29/4/2024 off'],
  ['2024-05-03T10:00', days(1), '2024-05-04T17:00', 'Công văn 2450/VPCP-KGVX: Saturday 4/5/2024 worked'],
  ['2024-08-30T10:00', days(1), '2024-09-04T17:00', 'Thông báo 5015/TB-LĐTBXH: Quốc khánh 31/8–3/9/2024'],
  // 2025
  ['2025-01-24T10:00', days(1), '2025-02-03T17:00', 'Công văn 8726/VPCP-KGVX: Tết 25/1–2/2/2025'],
  ['2025-04-04T10:00', days(1), '2025-04-08T17:00', 'BLLĐ Art. 112.1(e): Hùng Kings 7/4/2025'],
  ['2025-04-25T10:00', days(1), '2025-04-26T17:00', 'Thông báo 6150: Saturday 26/4/2025 worked'],
  ['2025-04-25T15:30', sameDay, '2025-04-26T17:00', 'NĐ61 Art. 18 after 15:00; Thông báo 6150: Saturday 26/4/2025 worked'],
  ['2025-04-25T16:00', hours(2), '2025-04-26T08:30', 'Thông báo 6150: Saturday 26/4/2025 worked'],
  ['2025-04-26T10:00', days(1), '2025-04-28T17:00', 'Thông báo 6150: received on the worked Saturday 26/4/2025'],
  ['2025-04-29T10:00', days(3), '2025-05-07T17:00', 'Thông báo 6150: 30/4–4/5/2025 off (2/5 swapped)'],
  ['2025-04-24T10:00', calendarDays(8), '2025-05-05T17:00', 'BLDS Art. 148.5; Thông báo 6150: 2/5/2025 off'],
  ['2025-08-29T10:00', days(1), '2025-09-03T17:00', 'Thông báo 6150: Quốc khánh 30/8–2/9/2025'],
  // 2026
  ['2025-12-31T10:00', days(1), '2026-01-05T17:00', 'Công văn 12729/VPCP-KGVX: 2/1/2026 off'],
  ['2025-12-31T10:00', days(6), '2026-01-10T17:00', 'Công văn 12729/VPCP-KGVX: 2/1 off, Saturday 10/1/2026 worked'],
  ['2026-01-09T10:00', days(1), '2026-01-10T17:00', 'Công văn 12729/VPCP-KGVX: Saturday 10/1/2026 worked'],
  ['2026-02-13T10:00', days(1), '2026-02-23T17:00', 'Thông báo 9441 (Bộ Nội vụ): Tết 14–22/2/2026'],
  ['2026-04-24T10:00', days(2), '2026-04-29T17:00', 'BLLĐ Art. 111.3: Hùng Kings 26/4/2026 a Sunday → 27/4'],
  ['2026-04-29T10:00', days(1), '2026-05-04T17:00', 'BLLĐ Art. 112.1(c)(d): 30/4 and 1/5/2026'],
];

describe('deadlines around the announced breaks of 2021–2026, from the notices', () => {
  it('covers at least 20 deadlines, the 2025 and 2026 swaps among them', () => {
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(rows.some(([, , , notice]) => notice.includes('6150'))).toBe(true);
    expect(rows.some(([, , , notice]) => notice.includes('12729'))).toBe(true);
  });

  it.each(rows)('received %s, %o → due %s (%s)', (received, period, due) => {
    expect(formatInstant(dueInstant(defaultCalendar, new Date(`${received}:00+07:00`), period))).toBe(`${due}:00+07:00`);
  });
});
