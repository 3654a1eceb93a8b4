/**
 * Deadline arithmetic on a precomputed calendar: every query is a few array lookups.
 * Rules (docs/calendar.md): a period counts from the day after receipt (BLDS Art. 147) and
 * ends at the close of office hours of its last day, carried to the next working day when
 * that day is off (Art. 148).
 */
import { CalendarError, epochMsOf } from './calendar-error.js';
import { instantOf, localDayOf, localTimeOfDay, MS_PER_HOUR, MS_PER_MINUTE } from './local-time.js';
import { officeTimeBefore, timeAfterOfficeTime } from './office-hours.js';
import type { Period } from './period.js';
import {
  dayIndex,
  isWorkingIndex,
  nthWorkingDayAfter,
  workingDayOnOrAfter,
  type WorkingCalendar,
} from './working-calendar.js';

export type Resolution = 'early' | 'on_time' | 'late';

export interface WorkingTime {
  /** Office minutes between the two instants (fractional when the instants carry seconds). */
  minutes: number;
  /**
   * Working days completed: those after the day of `from` (Art. 147) whose office hours
   * closed at or before `to`. So elapsed(from, dueInstant(from, N working days)).days = N.
   */
  days: number;
}

/**
 * When a period that starts at `from` runs out.
 * - working-days: close of office hours on the N-th working day after the receipt day;
 * - working-hours: after N hours of office time, from `from` or the next opening;
 * - same-day: close of the receipt day if it is a working day and receipt is at or before the
 *   cut-off (15:00), else close of the next working day (NĐ61 Art. 18, NĐ23 Art. 7);
 * - calendar-days: close of the N-th day after receipt, or of the next working day if it is off.
 * @example dueInstant(cal, new Date('2024-02-07T10:00:00+07:00'), { amount: 3, unit: 'working-days' })
 *   // 2024-02-19T17:00:00+07:00 (Tết 8–14 Feb skipped)
 */
export function dueInstant(cal: WorkingCalendar, from: Date, period: Period): Date {
  const fromMs = epochMsOf(from, 'from');
  const receiptDay = localDayOf(fromMs);
  switch (period.unit) {
    case 'working-days':
      return closeOf(cal, nthWorkingDayAfter(cal, receiptDay, wholeDays(period)));
    case 'working-hours':
      return new Date(instantAfterOfficeTime(cal, officeTimeUntil(cal, fromMs) + officeHours(period)));
    case 'same-day':
      return closeOf(cal, sameDayResolutionDay(cal, fromMs));
    case 'calendar-days':
      return closeOf(cal, workingDayOnOrAfter(cal, receiptDay + wholeDays(period)));
    default:
      throw new CalendarError('CALENDAR_PERIOD_INVALID', `unknown period unit "${String((period as Period).unit)}"`);
  }
}

/**
 * The new due instant once a supplemented dossier is complete: the period restarts from
 * zero at completion (NĐ61 Art. 19.4; for post, the signed handover of the supplement).
 */
export function restartPeriod(cal: WorkingCalendar, completedAt: Date, period: Period): Date {
  return dueInstant(cal, completedAt, period);
}

/** Office time and completed working days between two instants; zero when `to` is not after `from`. */
export function workingTimeBetween(cal: WorkingCalendar, from: Date, to: Date): WorkingTime {
  const fromMs = epochMsOf(from, 'from');
  const toMs = epochMsOf(to, 'to');
  if (toMs <= fromMs) return { minutes: 0, days: 0 };
  const minutes = (officeTimeUntil(cal, toMs) - officeTimeUntil(cal, fromMs)) / MS_PER_MINUTE;
  const receiptDay = localDayOf(fromMs);
  const lastDay = localDayOf(toMs);
  if (lastDay <= receiptDay) return { minutes, days: 0 };
  const last = dayIndex(cal, lastDay);
  const before = cal.days.workingBefore;
  const lastDayClosed = isWorkingIndex(cal, last) && localTimeOfDay(toMs) >= cal.hours.closeMs ? 1 : 0;
  return { minutes, days: before[last]! - before[dayIndex(cal, receiptDay) + 1]! + lastDayClosed };
}

/**
 * early (trước hạn): resolved on a day before the deadline's day; on_time (đúng hạn): on that
 * day, up to the due instant; late (trễ hạn): after it. A due instant set by hand on a day off
 * runs to the close of the next working day (BLDS Art. 148).
 */
export function classifyResolution(cal: WorkingCalendar, resolvedAt: Date, due: Date): Resolution {
  const resolvedMs = epochMsOf(resolvedAt, 'resolvedAt');
  const dueMs = effectiveDue(cal, epochMsOf(due, 'due'));
  if (resolvedMs > dueMs) return 'late';
  return localDayOf(resolvedMs) < localDayOf(dueMs) ? 'early' : 'on_time';
}

function effectiveDue(cal: WorkingCalendar, dueMs: number): number {
  const day = localDayOf(dueMs);
  return isWorkingIndex(cal, dayIndex(cal, day)) ? dueMs : closeOf(cal, workingDayOnOrAfter(cal, day)).getTime();
}

/** True when a same-day procedure received at `fromMs` is due the same day. */
export function receivedBeforeSameDayCutoff(cal: WorkingCalendar, fromMs: number): boolean {
  return isWorkingIndex(cal, dayIndex(cal, localDayOf(fromMs))) && localTimeOfDay(fromMs) <= cal.hours.sameDayCutoffMs;
}

function sameDayResolutionDay(cal: WorkingCalendar, fromMs: number): number {
  const day = localDayOf(fromMs);
  return receivedBeforeSameDayCutoff(cal, fromMs) ? day : nthWorkingDayAfter(cal, day, 1);
}

const closeOf = (cal: WorkingCalendar, epochDay: number): Date => new Date(instantOf(epochDay, cal.hours.closeMs));

/** Office time from the start of the tables up to `ms`. */
function officeTimeUntil(cal: WorkingCalendar, ms: number): number {
  const index = dayIndex(cal, localDayOf(ms));
  const wholeDays = cal.days.workingBefore[index]! * cal.hours.perDayMs;
  return isWorkingIndex(cal, index) ? wholeDays + officeTimeBefore(cal.hours, localTimeOfDay(ms)) : wholeDays;
}

/** The earliest instant by which `target` (> 0) office time has passed since the start of the tables. */
function instantAfterOfficeTime(cal: WorkingCalendar, target: number): number {
  const { perDayMs } = cal.hours;
  const position = Math.ceil(target / perDayMs) - 1;
  const day = cal.days.workingDays[position];
  if (day === undefined) {
    throw new CalendarError('CALENDAR_OUT_OF_RANGE', `the period runs past ${cal.lastYear}; create the calendar with a wider range`);
  }
  return instantOf(day, timeAfterOfficeTime(cal.hours, target - position * perDayMs));
}

function wholeDays(period: Period): number {
  if (!Number.isInteger(period.amount) || period.amount < 1) {
    throw new CalendarError(
      'CALENDAR_PERIOD_INVALID',
      `a ${period.unit} period needs a whole number of days ≥ 1, got ${period.amount} (use working-hours for parts of a day)`,
    );
  }
  return period.amount;
}

function officeHours(period: Period): number {
  if (!Number.isFinite(period.amount) || period.amount <= 0) {
    throw new CalendarError('CALENDAR_PERIOD_INVALID', `a working-hours period needs a positive amount, got ${period.amount}`);
  }
  return Math.round(period.amount * MS_PER_HOUR);
}
