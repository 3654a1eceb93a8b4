/** Questions about single days and instants, and the list of a year's days off. */
import type { HolidayId } from './calendar-data.js';
import { CalendarError, epochMsOf } from './calendar-error.js';
import { isoWeekday, localDateOf, localDayOf, localTimeOfDay, parseLocalDate, weekdayNames, type LocalDate } from './local-time.js';
import { inSession } from './office-hours.js';
import { dayIndex, DayStatus, isWorkingIndex, type WorkingCalendar } from './working-calendar.js';
import { resolveYear } from './year-days-off.js';

export interface HolidayEntry {
  date: LocalDate;
  weekday: string;
  reason: string;
  holiday?: HolidayId;
  /** `schedule`: from the year's official notice; `rules`: computed from the statutory rules. */
  source: 'schedule' | 'rules';
  /** The schedule marks the day unconfirmed: no notice text was found for it. */
  unconfirmed?: true;
}

export interface YearHolidays {
  year: number;
  /** Days of the working week (Mon–Fri) that are off. */
  daysOff: HolidayEntry[];
  /** Weekly rest days (Saturdays) that are worked, as swaps. */
  workedDays: HolidayEntry[];
}

/** Whether a day is a working day: a Date is taken as the Vietnam day it falls in. */
export function isWorkingDay(cal: WorkingCalendar, day: Date | LocalDate): boolean {
  return isWorkingIndex(cal, dayIndex(cal, epochDayOf(day)));
}

/** Within office hours of a working day (sessions are [start, end)). */
export function isOfficeTime(cal: WorkingCalendar, instant: Date): boolean {
  const ms = epochMsOf(instant, 'instant');
  return isWorkingIndex(cal, dayIndex(cal, localDayOf(ms))) && inSession(cal.hours.sessions, localTimeOfDay(ms));
}

/**
 * Whether the desk receives dossiers: office time, or an extra receiving session
 * (on its weekday, unless that day is a holiday). Receiving time is not working time.
 */
export function isReceivingTime(cal: WorkingCalendar, instant: Date): boolean {
  if (isOfficeTime(cal, instant)) return true;
  const ms = epochMsOf(instant, 'instant');
  const day = localDayOf(ms);
  if (cal.days.status[dayIndex(cal, day)] === DayStatus.holiday) return false;
  const weekday = isoWeekday(day);
  return inSession(
    cal.hours.extraSessions.filter((session) => session.weekday === weekday),
    localTimeOfDay(ms),
  );
}

/** The days off and worked days of `year`, with reasons (any year, not only the precomputed ones). */
export function holidays(cal: WorkingCalendar, year: number): YearHolidays {
  if (!Number.isInteger(year) || year < 1900 || year > 2199) {
    throw new CalendarError('CALENDAR_OUT_OF_RANGE', `year ${year} must be a whole year within 1900–2199`);
  }
  const workingWeekdays = new Set(cal.data.workingWeekdays);
  const entries = resolveYear(cal.data, year).map((mark) => ({
    mark,
    weekdayWorks: workingWeekdays.has(isoWeekday(mark.day)),
    entry: {
      date: localDateOf(mark.day),
      weekday: weekdayNames[isoWeekday(mark.day)] ?? '',
      reason: mark.reason,
      holiday: mark.holiday,
      source: mark.source,
      ...(mark.unconfirmed ? { unconfirmed: mark.unconfirmed } : {}),
    },
  }));
  const pick = (wanted: (item: (typeof entries)[number]) => boolean): HolidayEntry[] =>
    entries.filter(wanted).map(({ entry }) => (entry.holiday === undefined ? withoutHoliday(entry) : entry));
  return {
    year,
    daysOff: pick(({ mark, weekdayWorks }) => mark.status === 'off' && weekdayWorks),
    workedDays: pick(({ mark, weekdayWorks }) => mark.status === 'worked' && !weekdayWorks),
  };
}

function withoutHoliday({ holiday: _unset, ...entry }: HolidayEntry): HolidayEntry {
  return entry;
}

function epochDayOf(day: Date | LocalDate): number {
  if (day instanceof Date) return localDayOf(epochMsOf(day, 'day'));
  const epochDay = parseLocalDate(day);
  if (epochDay === undefined) throw new CalendarError('CALENDAR_INSTANT_INVALID', `"${day}" is not a YYYY-MM-DD date`);
  return epochDay;
}
