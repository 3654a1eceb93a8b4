/**
 * Errors of the calendar, each with a stable code (to be listed in the project's error
 * registry when the calendar is exposed through the API). The calendar throws: a bad
 * period or an instant outside the precomputed years is a programming or data error.
 */
export type CalendarErrorCode =
  | 'CALENDAR_DATA_INVALID'
  | 'CALENDAR_UPDATE_INVALID'
  | 'CALENDAR_OUT_OF_RANGE'
  | 'CALENDAR_PERIOD_INVALID'
  | 'CALENDAR_INSTANT_INVALID';

export class CalendarError extends Error {
  override readonly name = 'CalendarError';

  constructor(
    readonly code: CalendarErrorCode,
    message: string,
    /** The field at fault, when one is (e.g. `schedules[0].daysOff[1].date`). */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Epoch milliseconds of a Date argument, or CALENDAR_INSTANT_INVALID naming the argument. */
export function epochMsOf(date: Date, argument: string): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new CalendarError('CALENDAR_INSTANT_INVALID', `${argument} must be a valid Date`);
  return ms;
}
