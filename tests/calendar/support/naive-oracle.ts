/**
 * A deliberately plain model of the rules, built only from the answer key typed from the notices and
 * Date's UTC getters: walk one day at a time. Property tests compare the calendar with it.
 */
import { listedWeekdaysOff, listedWorkedDates } from './listed-days-off.js';

export const ORACLE_YEARS = [2021, 2022, 2023, 2024, 2025, 2026];
const VN_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
/** Office sessions in minutes after midnight: 07:30–11:30, 13:00–17:00. */
export const OFFICE_SESSIONS: Array<[number, number]> = [
  [450, 690],
  [780, 1020],
];

const daysOff = new Set(ORACLE_YEARS.flatMap(listedWeekdaysOff));
const workedDays = new Set(ORACLE_YEARS.flatMap(listedWorkedDates));

/** The Vietnam wall-clock date and minute of an instant. */
export function vietnamWallClock(instant: Date): { date: string; minute: number } {
  const shifted = instant.getTime() + VN_OFFSET_MS;
  const midnight = Math.floor(shifted / DAY_MS) * DAY_MS;
  return {
    date: new Date(midnight).toISOString().slice(0, 10),
    minute: (shifted - midnight) / 60_000,
  };
}

export function oracleIsWorkingDay(date: string): boolean {
  if (workedDays.has(date)) return true;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !daysOff.has(date);
}

const nextDate = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** 17:00 in Vietnam on `date`. */
const closeOf = (date: string): Date => new Date(Date.parse(`${date}T17:00:00+07:00`));

/** N working days: walk from the day after receipt, counting working days. */
export function oracleDueWorkingDays(from: Date, n: number): Date {
  let date = vietnamWallClock(from).date;
  for (let counted = 0; counted < n; ) {
    date = nextDate(date);
    if (oracleIsWorkingDay(date)) counted += 1;
  }
  return closeOf(date);
}
