import type { YearSchedule } from '../calendar-data.js';
import { law, notices } from './notices.js';

export const schedule2022: YearSchedule = {
  year: 2022,
  source: `${notices.year2022}; Labour Code Arts. 111.3, 112.1`,
  daysOff: [
    { date: '2022-01-01', holiday: 'new-year', reason: 'Tết Dương lịch', notice: law.newYear },
    { date: '2022-01-03', holiday: 'new-year', reason: 'compensatory day for Tết Dương lịch (Saturday 2022-01-01)', notice: law.compensatory },
    { date: '2022-01-31', through: '2022-02-04', holiday: 'lunar-new-year', reason: 'Tết Nguyên đán', notice: notices.year2022 },
    { date: '2022-04-10', holiday: 'hung-kings', reason: 'Giỗ Tổ Hùng Vương', notice: law.hungKings },
    {
      date: '2022-04-11',
      holiday: 'hung-kings',
      reason: 'compensatory day for Giỗ Tổ Hùng Vương (Sunday 2022-04-10)',
      notice: law.compensatory,
    },
    { date: '2022-04-30', holiday: 'victory-day', reason: 'Ngày Chiến thắng 30/4', notice: law.victoryDay },
    { date: '2022-05-01', holiday: 'labour-day', reason: 'Ngày Quốc tế Lao động 1/5', notice: law.labourDay },
    {
      date: '2022-05-02',
      holiday: 'victory-day',
      reason: 'compensatory day for Ngày Chiến thắng 30/4 (Saturday 2022-04-30)',
      notice: law.compensatory,
    },
    {
      date: '2022-05-03',
      holiday: 'labour-day',
      reason: 'compensatory day for Ngày Quốc tế Lao động 1/5 (Sunday 2022-05-01)',
      notice: law.compensatory,
    },
    { date: '2022-09-01', holiday: 'national-day', reason: 'Quốc khánh 2/9 (adjacent day)', notice: notices.year2022 },
    { date: '2022-09-02', holiday: 'national-day', reason: 'Quốc khánh 2/9', notice: law.nationalDay },
  ],
  workedDays: [],
};
