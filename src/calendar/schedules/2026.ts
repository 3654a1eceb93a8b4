import type { YearSchedule } from '../calendar-data.js';
import { law, notices } from './notices.js';

export const schedule2026: YearSchedule = {
  year: 2026,
  source: `${notices.newYear2026}; ${notices.tet2026}; Labour Code Arts. 111.3, 112.1; Quốc khánh 2026 unconfirmed`,
  daysOff: [
    { date: '2026-01-01', holiday: 'new-year', reason: 'Tết Dương lịch', notice: law.newYear },
    {
      date: '2026-01-02',
      holiday: 'new-year',
      reason: 'day off swapped with the worked Saturday 2026-01-10',
      notice: notices.newYear2026,
    },
    { date: '2026-02-16', through: '2026-02-20', holiday: 'lunar-new-year', reason: 'Tết Nguyên đán', notice: notices.tet2026 },
    { date: '2026-04-26', holiday: 'hung-kings', reason: 'Giỗ Tổ Hùng Vương', notice: law.hungKings },
    {
      date: '2026-04-27',
      holiday: 'hung-kings',
      reason: 'compensatory day for Giỗ Tổ Hùng Vương (Sunday 2026-04-26)',
      notice: law.compensatory,
    },
    { date: '2026-04-30', holiday: 'victory-day', reason: 'Ngày Chiến thắng 30/4', notice: law.victoryDay },
    { date: '2026-05-01', holiday: 'labour-day', reason: 'Ngày Quốc tế Lao động 1/5', notice: law.labourDay },
    {
      date: '2026-09-01',
      holiday: 'national-day',
      reason: 'Quốc khánh 2/9 (adjacent day)',
      notice: notices.nationalDay2026,
      confirmed: false,
    },
    { date: '2026-09-02', holiday: 'national-day', reason: 'Quốc khánh 2/9', notice: law.nationalDay },
  ],
  workedDays: [{ date: '2026-01-10', reason: 'worked Saturday (swap for 2026-01-02)', notice: notices.newYear2026 }],
};
