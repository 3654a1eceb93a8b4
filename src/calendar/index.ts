/**
 * Vietnamese working-day calendar and deadline arithmetic. Pure: no I/O, no clock, no
 * randomness, so workflow code may import it.
 */
export type { Period, TimeUnit } from './period.js';
export type {
  CalendarData,
  HolidayId,
  HolidayRule,
  OfficeSession,
  ReceivingSession,
  ScheduledDayOff,
  ScheduledWorkday,
  YearSchedule,
} from './calendar-data.js';
export { CalendarError, type CalendarErrorCode } from './calendar-error.js';
export { formatInstant, parseInstant, VIETNAM_UTC_OFFSET_MINUTES, type LocalDate } from './local-time.js';
export {
  hungKingsDay,
  lunarNewYear,
  lunarToSolar,
  solarToLunar,
  VIETNAM_LUNAR_TIME_ZONE,
  type LunarDate,
} from './lunar-calendar.js';
export { statutoryHolidayRules } from './statutory-holidays.js';
export { officialSchedules } from './schedules/index.js';
export {
  createCalendar,
  defaultCalendarRange,
  type CalendarRange,
  type WorkingCalendar,
} from './working-calendar.js';
export { defaultCalendar, defaultCalendarData } from './default-calendar.js';
export {
  classifyResolution,
  dueInstant,
  restartPeriod,
  workingTimeBetween,
  type Resolution,
  type WorkingTime,
} from './deadlines.js';
export { explainDue, type DayNote, type DueExplanation } from './explain-due.js';
export {
  holidays,
  isOfficeTime,
  isReceivingTime,
  isWorkingDay,
  type HolidayEntry,
  type YearHolidays,
} from './calendar-queries.js';
export { calendarUpdateProblems, calendarVersion, mergeCalendarUpdate, type CalendarUpdate } from './calendar-update.js';
export type { CalendarProblem } from './validate-calendar-data.js';
