import type { YearSchedule } from '../calendar-data.js';
import { law, notices } from './notices.js';

export const schedule2025: YearSchedule = {
  year: 2025,
  source: `${notices.year2025}; Labour Code Arts. 111.3, 112.1`,
  daysOff: [
    { date: '2025-01-01', holiday: 'new-year', reason: 'Tết Dương lịch', notice: law.newYear },
    { date: '2025-01-27', through: '2025-01-31', holiday: 'lunar-new-year', reason: 'Tết Nguyên đán', notice: notices.year2025 },
    { date: '2025-04-07', holiday: 'hung-kings', reason: 'Giỗ Tổ Hùng Vương', notice: law.hungKings },
    { date: '2025-04-30', holiday: 'victory-day', reason: 'Ngày Chiến thắng 30/4', notice: law.victoryDay },
    { date: '2025-05-01', holiday: 'labour-day', reason: 'Ngày Quốc tế Lao động 1/5', notice: law.labourDay },
    {
      date: '2025-05-02',
      holiday: 'labour-day',
      reason: 'day off swapped with the worked Saturday 2025-04-26',
      notice: notices.year2025,
    },
    { date: '2025-09-01', holiday: 'national-day', reason: 'Quốc khánh 2/9 (adjacent day)', notice: notices.year2025 },
    { date: '2025-09-02', holiday: 'national-day', reason: 'Quốc khánh 2/9', notice: law.nationalDay },
  ],
  workedDays: [{ date: '2025-04-26', reason: 'worked Saturday (swap for 2025-05-02)', notice: notices.year2025 }],
};
