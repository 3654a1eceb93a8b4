import type { YearSchedule } from '../calendar-data.js';

export const schedule2025: YearSchedule = {
  year: 2025,
  source: 'one-stop-rules.md, Counting time: the 2021–2026 list, to be checked against the official notices',
  daysOff: [
    { date: '2025-01-01', holiday: 'new-year', reason: 'Tết Dương lịch' },
    { date: '2025-01-27', through: '2025-01-31', holiday: 'lunar-new-year', reason: 'Tết Nguyên đán' },
    { date: '2025-04-07', holiday: 'hung-kings', reason: 'Giỗ Tổ Hùng Vương' },
    { date: '2025-04-30', holiday: 'victory-day', reason: 'Ngày Chiến thắng 30/4' },
    { date: '2025-05-01', holiday: 'labour-day', reason: 'Ngày Quốc tế Lao động 1/5' },
    { date: '2025-09-01', holiday: 'national-day', reason: 'Quốc khánh 2/9 (adjacent day)' },
    { date: '2025-09-02', holiday: 'national-day', reason: 'Quốc khánh 2/9' },
  ],
  workedDays: [],
};
