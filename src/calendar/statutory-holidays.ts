/**
 * Statutory holidays, Labour Code 2019 Art. 112.1, as rules for years without an official schedule.
 * Where the law leaves the choice to the Prime Minister (Tết days, the day next to 2 September),
 * the rule reproduces the choices of the 2021–2026 notices; an official schedule always wins.
 */
import type { HolidayRule } from './calendar-data.js';

export const statutoryHolidayRules: HolidayRule[] = [
  { id: 'new-year', name: 'Tết Dương lịch', date: { calendar: 'solar', month: 1, day: 1 } },
  {
    id: 'lunar-new-year',
    name: 'Tết Nguyên đán',
    date: { calendar: 'lunar', month: 1, day: 1 },
    // 2021–2026: five working days starting on the first working day from two days before Tết.
    workingDayBlock: { startOffsetDays: -2, workingDays: 5 },
  },
  {
    id: 'hung-kings',
    name: 'Giỗ Tổ Hùng Vương',
    date: { calendar: 'lunar', month: 3, day: 10 },
    sinceYear: 2007,
  },
  { id: 'victory-day', name: 'Ngày Chiến thắng 30/4', date: { calendar: 'solar', month: 4, day: 30 } },
  { id: 'labour-day', name: 'Ngày Quốc tế Lao động 1/5', date: { calendar: 'solar', month: 5, day: 1 } },
  {
    id: 'national-day',
    name: 'Quốc khánh 2/9',
    date: { calendar: 'solar', month: 9, day: 2 },
    // 2021–2026: the day after when 2/9 is a Monday or Thursday (a bridge to the weekend), else the day before.
    adjacentDay: { sinceYear: 2021, afterOnWeekdays: [1, 4] },
  },
];
