/** The calendar motcua ships: HCMC office hours, Mon–Fri, Labour Code 2019 holidays, notices 2021–2026. */
import type { CalendarData } from './calendar-data.js';
import { officialSchedules } from './schedules/index.js';
import { statutoryHolidayRules } from './statutory-holidays.js';
import { createCalendar } from './working-calendar.js';

export const defaultCalendarData: CalendarData = {
  // Bump on every change to this data or to a schedule file: cases record it.
  version: 'vn-2026.2',
  officeSessions: [
    { start: '07:30', end: '11:30' },
    { start: '13:00', end: '17:00' },
  ],
  workingWeekdays: [1, 2, 3, 4, 5],
  sameDayCutoff: '15:00',
  holidayRules: statutoryHolidayRules,
  schedules: officialSchedules,
  // District 7 plan 2021 §2.8: one extra hour a week; the day is set by each unit's notice.
  extraReceivingSessions: [],
};

export const defaultCalendar = createCalendar(defaultCalendarData);
