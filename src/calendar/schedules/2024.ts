import type { YearSchedule } from '../calendar-data.js';
import { law, notices } from './notices.js';

export const schedule2024: YearSchedule = {
  year: 2024,
  source: `${notices.year2024}; ${notices.swap2024}; Labour Code Arts. 111.3, 112.1`,
  daysOff: [
    { date: '2024-01-01', holiday: 'new-year', reason: 'Tết Dương lịch', notice: law.newYear },
    { date: '2024-02-08', through: '2024-02-14', holiday: 'lunar-new-year', reason: 'Tết Nguyên đán', notice: notices.year2024 },
    { date: '2024-04-18', holiday: 'hung-kings', reason: 'Giỗ Tổ Hùng Vương', notice: law.hungKings },
    {
      date: '2024-04-29',
      holiday: 'victory-day',
      reason: 'day off swapped with the worked Saturday 2024-05-04',
      notice: notices.swap2024,
    },
    { date: '2024-04-30', holiday: 'victory-day', reason: 'Ngày Chiến thắng 30/4', notice: law.victoryDay },
    { date: '2024-05-01', holiday: 'labour-day', reason: 'Ngày Quốc tế Lao động 1/5', notice: law.labourDay },
    { date: '2024-09-02', holiday: 'national-day', reason: 'Quốc khánh 2/9', notice: law.nationalDay },
    { date: '2024-09-03', holiday: 'national-day', reason: 'Quốc khánh 2/9 (adjacent day)', notice: notices.year2024 },
  ],
  workedDays: [{ date: '2024-05-04', reason: 'worked Saturday (swap for 2024-04-29)', notice: notices.swap2024 }],
};
