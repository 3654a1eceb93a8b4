/**
 * Reporting periods on the Vietnamese wall calendar (Asia/Ho_Chi_Minh, UTC+7 all year): an
 * instant belongs to the day, month, quarter and year of its local date, not of its UTC date.
 */
import { formatInstant } from '../calendar/index.js';

export const granularities = ['day', 'month', 'quarter', 'year'] as const;
export type Granularity = (typeof granularities)[number];

/** The local date `YYYY-MM-DD` of an instant. */
export function localDay(instant: string | Date): string {
  return formatInstant(typeof instant === 'string' ? new Date(instant) : instant).slice(0, 10);
}

/** The period key of a local date: `2021-03-05`, `2021-03`, `2021-Q1`, `2021`. */
export function periodOfDay(day: string, granularity: Granularity): string {
  switch (granularity) {
    case 'day':
      return day;
    case 'month':
      return day.slice(0, 7);
    case 'quarter':
      return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
    case 'year':
      return day.slice(0, 4);
  }
}

export function periodOf(instant: string, granularity: Granularity): string {
  return periodOfDay(localDay(instant), granularity);
}
