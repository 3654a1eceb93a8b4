import type { YearSchedule } from '../calendar-data.js';

export const schedule2026: YearSchedule = {
  year: 2026,
  source: 'one-stop-rules.md, Counting time: the 2021–2026 list, to be checked against the official notices',
  daysOff: [
    { date: '2026-01-01', holiday: 'new-year', reason: 'Tết Dương lịch' },
    { date: '2026-02-16', through: '2026-02-20', holiday: 'lunar-new-year', reason: 'Tết Nguyên đán' },
    { date: '2026-04-26', holiday: 'hung-kings', reason: 'Giỗ Tổ Hùng Vương' },
    { date: '2026-04-27', holiday: 'hung-kings', reason: 'compensatory day for Giỗ Tổ Hùng Vương (Sunday 2026-04-26)' },
    { date: '2026-04-30', holiday: 'victory-day', reason: 'Ngày Chiến thắng 30/4' },
    { date: '2026-05-01', holiday: 'labour-day', reason: 'Ngày Quốc tế Lao động 1/5' },
    { date: '2026-09-01', holiday: 'national-day', reason: 'Quốc khánh 2/9 (adjacent day)' },
    { date: '2026-09-02', holiday: 'national-day', reason: 'Quốc khánh 2/9' },
  ],
  workedDays: [],
};
