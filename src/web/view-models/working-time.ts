/**
 * Working time as the pages show it, from the calendar module: what is left before a deadline
 * (in working days and hours of office time), and the instants the queue's filters end at.
 * Pure: the clock comes in as `now`.
 */
import { dueInstant, workingTimeBetween, type WorkingCalendar } from '../../calendar/index.js';
import { instantOf, localDayOf } from '../../calendar/local-time.js';
import type { QueueClock } from '../../store/queue-store.js';

export interface TimeLeft {
  /** True when the deadline has passed; days and hours then say by how much. */
  overdue: boolean;
  days: number;
  hours: number;
  /** Office minutes, for sorting and tests. */
  minutes: number;
}

/** Working time between now and the deadline, in whole working days (of office hours) and hours. */
export function workingTimeLeft(calendar: WorkingCalendar, now: Date, due: Date): TimeLeft {
  const overdue = due.getTime() < now.getTime();
  const minutes = overdue ? workingTimeBetween(calendar, due, now).minutes : workingTimeBetween(calendar, now, due).minutes;
  const perDayMinutes = calendar.hours.perDayMs / 60_000;
  const whole = Math.floor(minutes);
  return { overdue, minutes: whole, days: Math.floor(whole / perDayMinutes), hours: Math.floor((whole % perDayMinutes) / 60) };
}

/**
 * Where the queue's deadline filters end: "due today" up to the end of today (Vietnam time),
 * "due within 2 working days" up to the close of office hours of the 2nd working day after today.
 */
export function queueClock(calendar: WorkingCalendar, now: Date): QueueClock {
  return {
    now,
    endOfToday: new Date(instantOf(localDayOf(now.getTime()) + 1, 0) - 1),
    endOfSoon: dueInstant(calendar, now, { amount: 2, unit: 'working-days' }),
  };
}
