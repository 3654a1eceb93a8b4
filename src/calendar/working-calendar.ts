/**
 * A calendar ready for queries: the data, validated and frozen, and for every day of a
 * range of years its status and the number of working days before it (a prefix count),
 * so that "the N-th working day after D" and "working days between" are array lookups.
 */
import type { CalendarData } from './calendar-data.js';
import { CalendarError } from './calendar-error.js';
import { dayFromCivil, isoWeekday, localDateOf } from './local-time.js';
import { buildOfficeHours, type OfficeHours } from './office-hours.js';
import { validateCalendarData } from './validate-calendar-data.js';
import { resolveYear, type DayMark } from './year-days-off.js';

export interface CalendarRange {
  firstYear: number;
  lastYear: number;
}

/** From the Labour Code 2012 (five Tết days) to the end of the century. */
export const defaultCalendarRange: CalendarRange = { firstYear: 2013, lastYear: 2099 };

export const DayStatus = { working: 0, rest: 1, holiday: 2, workedRestDay: 3 } as const;

export interface DayTable {
  /** Epoch days of 1 January of the first year and 31 December of the last. */
  firstDay: number;
  lastDay: number;
  /** DayStatus by day (index = epoch day − firstDay). */
  status: Uint8Array;
  /** workingBefore[i]: working days among indices < i (length = days + 1). */
  workingBefore: Int32Array;
  /** Epoch days of the working days, ascending. */
  workingDays: Int32Array;
  /** Holidays, compensatory days, swaps: why a day is not what its weekday says. */
  marks: ReadonlyMap<number, DayMark>;
}

export interface WorkingCalendar {
  readonly version: string;
  readonly data: CalendarData;
  readonly firstYear: number;
  readonly lastYear: number;
  /** Precomputed tables, for the functions of src/calendar. */
  readonly days: DayTable;
  readonly hours: OfficeHours;
}

/**
 * Validates `data` now; precomputes the years of `range` on the first query.
 * @example const cal = createCalendar(defaultCalendarData); dueInstant(cal, receivedAt, { amount: 5, unit: 'working-days' });
 */
export function createCalendar(data: CalendarData, range: Partial<CalendarRange> = {}): WorkingCalendar {
  const { firstYear, lastYear } = { ...defaultCalendarRange, ...range };
  if (!Number.isInteger(firstYear) || !Number.isInteger(lastYear) || firstYear > lastYear || firstYear < 1900 || lastYear > 2199) {
    throw new CalendarError('CALENDAR_DATA_INVALID', `calendar range ${firstYear}–${lastYear} must be whole years within 1900–2199`);
  }
  validateCalendarData(data);
  const frozen = deepFreeze(JSON.parse(JSON.stringify(data)) as CalendarData);
  return {
    version: frozen.version,
    data: frozen,
    firstYear,
    lastYear,
    hours: buildOfficeHours(frozen.officeSessions, frozen.sameDayCutoff, frozen.extraReceivingSessions),
    // Built on first use (a few ms), then kept as a plain property: importing the module or
    // creating a calendar that is never asked anything costs nothing.
    get days(): DayTable {
      const days = buildDayTable(frozen, firstYear, lastYear);
      Object.defineProperty(this, 'days', { value: days, enumerable: true, writable: false });
      return days;
    },
  };
}

function buildDayTable(data: CalendarData, firstYear: number, lastYear: number): DayTable {
  const firstDay = dayFromCivil(firstYear, 1, 1);
  const lastDay = dayFromCivil(lastYear, 12, 31);
  const size = lastDay - firstDay + 1;
  const weekdays = new Set(data.workingWeekdays);
  const status = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) {
    status[i] = weekdays.has(isoWeekday(firstDay + i)) ? DayStatus.working : DayStatus.rest;
  }
  const marks = new Map<number, DayMark>();
  for (let year = firstYear; year <= lastYear; year += 1) {
    for (const mark of resolveYear(data, year)) {
      marks.set(mark.day, mark);
      const i = mark.day - firstDay;
      if (mark.status === 'off') status[i] = DayStatus.holiday;
      else if (status[i] === DayStatus.rest) status[i] = DayStatus.workedRestDay;
    }
  }
  const workingBefore = new Int32Array(size + 1);
  const working: number[] = [];
  for (let i = 0; i < size; i += 1) {
    const isWorking = status[i] === DayStatus.working || status[i] === DayStatus.workedRestDay;
    if (isWorking) working.push(firstDay + i);
    workingBefore[i + 1] = working.length;
  }
  return { firstDay, lastDay, status, workingBefore, workingDays: Int32Array.from(working), marks };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** Index of an epoch day in the tables; throws outside the precomputed years. */
export function dayIndex(cal: WorkingCalendar, epochDay: number): number {
  const { firstDay, lastDay } = cal.days;
  if (!(epochDay >= firstDay && epochDay <= lastDay)) {
    const what = Number.isFinite(epochDay) ? localDateOf(epochDay) : String(epochDay);
    throw new CalendarError(
      'CALENDAR_OUT_OF_RANGE',
      `${what} is outside the calendar's years ${cal.firstYear}–${cal.lastYear}; create the calendar with a wider range`,
    );
  }
  return epochDay - firstDay;
}

export function isWorkingIndex(cal: WorkingCalendar, index: number): boolean {
  const status = cal.days.status[index];
  return status === DayStatus.working || status === DayStatus.workedRestDay;
}

/** Epoch day of the n-th working day (n ≥ 1) after `epochDay`. */
export function nthWorkingDayAfter(cal: WorkingCalendar, epochDay: number, n: number): number {
  const position = cal.days.workingBefore[dayIndex(cal, epochDay) + 1]! + n - 1;
  const day = cal.days.workingDays[position];
  if (day === undefined) {
    throw new CalendarError('CALENDAR_OUT_OF_RANGE', `the period runs past ${cal.lastYear}; create the calendar with a wider range`);
  }
  return day;
}

/** Epoch day of the first working day on or after `epochDay`. */
export function workingDayOnOrAfter(cal: WorkingCalendar, epochDay: number): number {
  return isWorkingIndex(cal, dayIndex(cal, epochDay)) ? epochDay : nthWorkingDayAfter(cal, epochDay, 1);
}
