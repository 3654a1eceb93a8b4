/**
 * Fixed instants the time-dependent tests start from, so that a test's weekdays and holidays do not
 * change with the day it runs. The time-skipping server only moves forward, so they lie in the
 * future; when the wall clock passes them, every time-skipping suite fails with the message below
 * (move them to a later year; nothing else needs to change).
 */
export interface StartDay {
  name: string;
  /** An instant with its +07:00 offset. */
  at: string;
}

/** The lifecycle suite runs from each of these days (issue #9): ordinary days, weekends, before Tết, 30/4, 2/9 and the year's end. */
export const lifecycleStartDays: readonly StartDay[] = [
  { name: 'Monday morning', at: '2035-01-08T09:00:00+07:00' },
  { name: 'Friday afternoon', at: '2035-01-12T16:30:00+07:00' },
  { name: 'before Tết', at: '2035-02-05T10:00:00+07:00' },
  { name: 'before Hùng Kings, 30/4 and 1/5', at: '2035-04-12T14:00:00+07:00' },
  { name: 'before 30/4 and 1/5', at: '2035-04-26T09:00:00+07:00' },
  { name: 'Saturday (online filing)', at: '2035-06-16T10:00:00+07:00' },
  { name: 'before 2/9', at: '2035-08-30T14:00:00+07:00' },
  { name: 'year end', at: '2035-12-28T15:30:00+07:00' },
];

/** Where every other time-skipping suite starts. */
export const defaultStartDay: StartDay = lifecycleStartDays[0]!;

export function startInstantMs(day: StartDay): number {
  const at = Date.parse(day.at);
  if (Date.now() >= at) {
    throw new Error(`fixed test start ${day.at} (${day.name}) is in the past: move tests/support/fixed-instants.ts to a later year`);
  }
  return at;
}
