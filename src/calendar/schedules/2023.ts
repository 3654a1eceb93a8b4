import type { YearSchedule } from '../calendar-data.js';
import { law, notices } from './notices.js';

export const schedule2023: YearSchedule = {
  year: 2023,
  source: `${notices.year2023}; Labour Code Arts. 111.3, 112.1`,
  daysOff: [
    { date: '2023-01-01', holiday: 'new-year', reason: 'Tết Dương lịch', notice: law.newYear },
    { date: '2023-01-02', holiday: 'new-year', reason: 'compensatory day for Tết Dương lịch (Sunday 2023-01-01)', notice: law.compensatory },
    { date: '2023-01-20', through: '2023-01-26', holiday: 'lunar-new-year', reason: 'Tết Nguyên đán', notice: notices.year2023 },
    { date: '2023-04-29', holiday: 'hung-kings', reason: 'Giỗ Tổ Hùng Vương', notice: law.hungKings },
    { date: '2023-04-30', holiday: 'victory-day', reason: 'Ngày Chiến thắng 30/4', notice: law.victoryDay },
    { date: '2023-05-01', holiday: 'labour-day', reason: 'Ngày Quốc tế Lao động 1/5', notice: law.labourDay },
    {
      date: '2023-05-02',
      holiday: 'hung-kings',
      reason: 'compensatory day for Giỗ Tổ Hùng Vương (Saturday 2023-04-29)',
      notice: law.compensatory,
    },
    {
      date: '2023-05-03',
      holiday: 'victory-day',
      reason: 'compensatory day for Ngày Chiến thắng 30/4 (Sunday 2023-04-30)',
      notice: law.compensatory,
    },
    { date: '2023-09-01', holiday: 'national-day', reason: 'Quốc khánh 2/9 (adjacent day)', notice: notices.year2023 },
    { date: '2023-09-02', holiday: 'national-day', reason: 'Quốc khánh 2/9', notice: law.nationalDay },
    {
      date: '2023-09-04',
      holiday: 'national-day',
      reason: 'compensatory day for Quốc khánh 2/9 (Saturday 2023-09-02)',
      notice: `${law.compensatory}; ${notices.year2023}`,
    },
  ],
  workedDays: [],
};
