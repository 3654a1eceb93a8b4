/**
 * The calendar as plain JSON data: it travels inside Temporal workflow inputs and
 * signals, and a case records the `version` it was counted with.
 * Times of day are Vietnam wall-clock `HH:MM`; dates are `YYYY-MM-DD`.
 */
import type { LocalDate } from './local-time.js';

/** Identifies a statutory holiday, so that an official schedule can settle it (e.g. `lunar-new-year`). */
export type HolidayId = string;

export interface OfficeSession {
  start: string;
  end: string;
}

/**
 * A statutory holiday (BLLĐ 2019 Art. 112) as a rule, used for every year that has
 * no official schedule settling it.
 */
export interface HolidayRule {
  id: HolidayId;
  /** The reason shown for the day off, e.g. `Giỗ Tổ Hùng Vương`. */
  name: string;
  date: { calendar: 'solar' | 'lunar'; month: number; day: number };
  /** First year the rule applies (e.g. Hùng Kings' day became a day off in 2007). */
  sinceYear?: number;
  /**
   * The holiday is a block of working days fixed around the date (Tết: Art. 112.3 lets the
   * Prime Minister place the five days; in practice they are five working days).
   * The block starts at the first working day on or after `date + startOffsetDays`.
   */
  workingDayBlock?: { startOffsetDays: number; workingDays: number };
  /**
   * One more day next to the date (Quốc khánh: 2 September "and one adjacent day").
   * It is the day after when the date falls on one of `afterOnWeekdays` (ISO 1–7), else the day before.
   */
  adjacentDay?: { sinceYear: number; afterOnWeekdays: number[] };
}

export interface ScheduledDayOff {
  date: LocalDate;
  /** Last day of a run of days off, inclusive (weekend days inside are off anyway). */
  through?: LocalDate;
  /** The statutory holiday this day belongs to: naming it replaces that rule's computed days for the year. */
  holiday?: HolidayId;
  reason: string;
  /** The notice (number, date, issuer) or law article that sets this day; see docs/calendar.md. */
  notice?: string;
  /** `false`: no notice text was found for this day (`notice` then says what was searched). */
  confirmed?: boolean;
}

export interface ScheduledWorkday {
  date: LocalDate;
  reason: string;
  /** The notice (number, date, issuer) that makes this rest day a working day. */
  notice?: string;
  confirmed?: boolean;
}

/** One year's official notice(s) for civil servants: days off and swapped working days. */
export interface YearSchedule {
  year: number;
  /** Where the dates come from (notice number, or the list they were taken from). */
  source: string;
  daysOff: ScheduledDayOff[];
  workedDays: ScheduledWorkday[];
}

/**
 * An hour of receiving outside office hours (District 7 plan 2021, §2.8). Dossiers can be
 * received then, but the time does not count as working time (see docs/calendar.md).
 */
export interface ReceivingSession {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  start: string;
  end: string;
  note?: string;
}

export interface CalendarData {
  /** Changes whenever any other field changes; cases record it. */
  version: string;
  /** Office hours of every working day, in order, not overlapping. */
  officeSessions: OfficeSession[];
  /** ISO weekdays that are working days unless a holiday says otherwise (Mon–Fri). */
  workingWeekdays: number[];
  /** Same-day procedures received after this time are resolved the next working day. */
  sameDayCutoff: string;
  holidayRules: HolidayRule[];
  /** At most one per year; overrides the rules for the holidays it names. */
  schedules: YearSchedule[];
  extraReceivingSessions: ReceivingSession[];
}
