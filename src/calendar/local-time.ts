/**
 * Wall-clock arithmetic for Asia/Ho_Chi_Minh with a fixed offset: Vietnam has kept
 * UTC+07:00 all year since 1975, so no time-zone database is consulted, and nothing here
 * depends on the host's time zone. Days are counted as "epoch days": whole local days
 * since 1970-01-01 in Vietnam.
 */

/** Minutes east of UTC for every instant the calendar handles. */
export const VIETNAM_UTC_OFFSET_MINUTES = 420;

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
const OFFSET_MS = VIETNAM_UTC_OFFSET_MINUTES * MS_PER_MINUTE;

/** A date on the Vietnamese wall calendar, `YYYY-MM-DD`. */
export type LocalDate = string;

export const weekdayNames = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** Local day (days since 1970-01-01 in Vietnam) of an instant. */
export function localDayOf(epochMs: number): number {
  return Math.floor((epochMs + OFFSET_MS) / MS_PER_DAY);
}

/** Milliseconds since local midnight. */
export function localTimeOfDay(epochMs: number): number {
  const local = epochMs + OFFSET_MS;
  return local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY;
}

/** The instant of `msOfDay` after local midnight of `day`. */
export function instantOf(day: number, msOfDay: number): number {
  return day * MS_PER_DAY + msOfDay - OFFSET_MS;
}

/** ISO weekday of a local day: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

// Days from civil date and back: H. Hinnant's algorithms, exact for the proleptic Gregorian calendar.
export function dayFromCivil(year: number, month: number, dayOfMonth: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + dayOfMonth - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function civilFromDay(epochDay: number): CivilDate {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysInMonth(year: number, month: number): number {
  return dayFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - dayFromCivil(year, month, 1);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function localDateOf(epochDay: number): LocalDate {
  const { year, month, day } = civilFromDay(epochDay);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day of a `YYYY-MM-DD` date, or undefined when the text is not a real date. */
export function parseLocalDate(text: string): number | undefined {
  const match = LOCAL_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayFromCivil(year, month, day);
}

const CLOCK = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** Minutes after midnight of an `HH:MM` wall-clock time (`24:00` allowed), or undefined. */
export function parseClock(text: string): number | undefined {
  const match = CLOCK.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : undefined;
}

/**
 * The one place for the displayed instant format: ISO 8601 in Vietnam time,
 * e.g. `2024-02-19T17:00:00+07:00` (milliseconds only when there are some).
 */
export function formatInstant(date: Date): string {
  const epochMs = date.getTime();
  if (Number.isNaN(epochMs)) throw new RangeError('formatInstant: invalid Date');
  const day = localDayOf(epochMs);
  const ms = localTimeOfDay(epochMs);
  const hours = Math.floor(ms / MS_PER_HOUR);
  const minutes = Math.floor((ms % MS_PER_HOUR) / MS_PER_MINUTE);
  const seconds = Math.floor((ms % MS_PER_MINUTE) / 1000);
  const millis = ms % 1000;
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  return `${localDateOf(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}${fraction}+07:00`;
}

const INSTANT =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO 8601 instant. Without an offset the text is read as Vietnam wall time;
 * a bare date means local midnight. Returns undefined for anything malformed.
 */
export function parseInstant(text: string): Date | undefined {
  const match = INSTANT.exec(text.trim());
  if (!match) return undefined;
  const day = parseLocalDate(match[1] ?? '');
  if (day === undefined) return undefined;
  const [hours, minutes, seconds] = [Number(match[2] ?? 0), Number(match[3] ?? 0), Number(match[4] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const millis = Number((match[5] ?? '0').padEnd(3, '0').slice(0, 3));
  const wallMs = ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
  const offsetMinutes = parseOffset(match[6]);
  if (offsetMinutes === undefined) return undefined;
  return new Date(day * MS_PER_DAY + wallMs - offsetMinutes * MS_PER_MINUTE);
}

function parseOffset(text: string | undefined): number | undefined {
  if (text === undefined) return VIETNAM_UTC_OFFSET_MINUTES;
  if (text.toUpperCase() === 'Z') return 0;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 14 || minutes > 59) return undefined;
  return (text[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}
