import type { YearSchedule } from '../calendar-data.js';

export const schedule2024: YearSchedule = {
  year: 2024,
  source: 'one-stop-rules.md, Counting time: the 2021–2026 list, to be checked against the official notices',
  daysOff: [
    { date: '2024-01-01', holiday: 'new-year', reason: 'Tết Dương lịch' },
    { date: '2024-02-08', through: '2024-02-14', holiday: 'lunar-new-year', reason: 'Tết Nguyên đán' },
    { date: '2024-04-18', holiday: 'hung-kings', reason: 'Giỗ Tổ Hùng Vương' },
    { date: '2024-04-29', holiday: 'victory-day', reason: 'day off swapped with the worked Saturday 2024-05-04' },
    { date: '2024-04-30', holiday: 'victory-day', reason: 'Ngày Chiến thắng 30/4' },
    { date: '2024-05-01', holiday: 'labour-day', reason: 'Ngày Quốc tế Lao động 1/5' },
    { date: '2024-09-02', holiday: 'national-day', reason: 'Quốc khánh 2/9' },
    { date: '2024-09-03', holiday: 'national-day', reason: 'Quốc khánh 2/9 (adjacent day)' },
  ],
  workedDays: [{ date: '2024-05-04', reason: 'worked Saturday (swap for 2024-04-29)' }],
};
