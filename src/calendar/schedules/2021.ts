import type { YearSchedule } from '../calendar-data.js';

export const schedule2021: YearSchedule = {
  year: 2021,
  source: 'one-stop-rules.md, Counting time: the 2021–2026 list, to be checked against the official notices',
  daysOff: [
    { date: '2021-01-01', holiday: 'new-year', reason: 'Tết Dương lịch' },
    { date: '2021-02-10', through: '2021-02-16', holiday: 'lunar-new-year', reason: 'Tết Nguyên đán' },
    { date: '2021-04-21', holiday: 'hung-kings', reason: 'Giỗ Tổ Hùng Vương' },
    { date: '2021-04-30', holiday: 'victory-day', reason: 'Ngày Chiến thắng 30/4' },
    { date: '2021-05-01', holiday: 'labour-day', reason: 'Ngày Quốc tế Lao động 1/5' },
    { date: '2021-05-03', holiday: 'labour-day', reason: 'compensatory day for Ngày Quốc tế Lao động 1/5 (Saturday 2021-05-01)' },
    { date: '2021-09-02', holiday: 'national-day', reason: 'Quốc khánh 2/9' },
    { date: '2021-09-03', holiday: 'national-day', reason: 'Quốc khánh 2/9 (adjacent day)' },
  ],
  workedDays: [],
};
