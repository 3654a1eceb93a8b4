import type { YearSchedule } from '../calendar-data.js';
import { law, notices } from './notices.js';

export const schedule2021: YearSchedule = {
  year: 2021,
  source: `${notices.tet2021}; Labour Code Arts. 111.3, 112.1`,
  daysOff: [
    { date: '2021-01-01', holiday: 'new-year', reason: 'Tết Dương lịch', notice: law.newYear },
    { date: '2021-02-10', through: '2021-02-16', holiday: 'lunar-new-year', reason: 'Tết Nguyên đán', notice: notices.tet2021 },
    { date: '2021-04-21', holiday: 'hung-kings', reason: 'Giỗ Tổ Hùng Vương', notice: law.hungKings },
    { date: '2021-04-30', holiday: 'victory-day', reason: 'Ngày Chiến thắng 30/4', notice: law.victoryDay },
    { date: '2021-05-01', holiday: 'labour-day', reason: 'Ngày Quốc tế Lao động 1/5', notice: law.labourDay },
    {
      date: '2021-05-03',
      holiday: 'labour-day',
      reason: 'compensatory day for Ngày Quốc tế Lao động 1/5 (Saturday 2021-05-01)',
      notice: law.compensatory,
    },
    { date: '2021-09-02', holiday: 'national-day', reason: 'Quốc khánh 2/9', notice: law.nationalDay },
    {
      date: '2021-09-03',
      holiday: 'national-day',
      reason: 'Quốc khánh 2/9 (adjacent day)',
      notice: notices.nationalDay2021,
      confirmed: false,
    },
  ],
  workedDays: [],
};
