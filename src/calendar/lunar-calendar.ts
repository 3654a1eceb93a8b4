/**
 * The Vietnamese lunisolar calendar (âm lịch), computed astronomically for UTC+7 with
 * Hồ Ngọc Đức's algorithm: new moons and principal solar terms from Meeus-style series,
 * months starting on the local day of the new moon, the winter solstice in month 11,
 * the first month without a principal term after it being the leap month.
 * A Chinese-calendar library (UTC+8) gives other dates in some years (Tết 1985, 2007, 2030).
 * Reference: https://www.informatik.uni-leipzig.de/~duc/amlich/calrules_en.html
 */
import { civilFromDay, dayFromCivil, localDateOf, parseLocalDate, type LocalDate } from './local-time.js';

/** Hours east of UTC on which Vietnam's lunar calendar is computed (meridian 105°E). */
export const VIETNAM_LUNAR_TIME_ZONE = 7;

export interface LunarDate {
  /** The lunar year, named after the Gregorian year in which its month 1 begins. */
  year: number;
  month: number;
  day: number;
  /** True in the intercalary month (tháng nhuận) that repeats `month`. */
  leap: boolean;
}

/** Julian day number of 1970-01-01, so that epochDay = jd - JD_OF_EPOCH_DAY_0. */
const JD_OF_EPOCH_DAY_0 = 2440588;
const SYNODIC_MONTH = 29.530588853;
/** Julian date of the new moon numbered k = 0 (1900-01-01). */
const NEW_MOON_0 = 2415021.076998695;
const RAD = Math.PI / 180;

const julianDay = (year: number, month: number, day: number): number =>
  dayFromCivil(year, month, day) + JD_OF_EPOCH_DAY_0;

/** Julian date (UT) of the k-th new moon after 1900-01-01. */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * RAD);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * RAD) + 0.0021 * Math.sin(2 * RAD * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * RAD) + 0.0161 * Math.sin(RAD * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(RAD * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(RAD * 2 * F) - 0.0051 * Math.sin(RAD * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(RAD * (M - Mpr)) + 0.0004 * Math.sin(RAD * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(RAD * (2 * F - M)) - 0.0006 * Math.sin(RAD * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(RAD * (2 * F - Mpr)) + 0.0005 * Math.sin(RAD * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd + c1 - deltaT;
}

/** Sun's apparent longitude in radians at Julian date `jdn`. */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(RAD * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(RAD * 2 * M) + 0.00029 * Math.sin(RAD * 3 * M);
  const L = (L0 + DL) * RAD;
  return L - Math.PI * 2 * Math.floor(L / (Math.PI * 2));
}

/** Julian day number of the local day on which the k-th new moon falls. */
const newMoonDay = (k: number, tz: number): number => Math.floor(newMoon(k) + 0.5 + tz / 24);

/** Sector (0..11, 30° each) of the sun's longitude at the start of local day `jdn`. */
const sunSector = (jdn: number, tz: number): number => Math.floor((sunLongitude(jdn - 0.5 - tz / 24) / Math.PI) * 6);

/** Julian day number of the first day of the lunar month 11 that contains the winter solstice of `year`. */
function lunarMonth11(year: number, tz: number): number {
  const k = Math.floor((julianDay(year, 12, 31) - 2415021) / SYNODIC_MONTH);
  const start = newMoonDay(k, tz);
  return sunSector(start, tz) >= 9 ? newMoonDay(k - 1, tz) : start;
}

/** Months after month 11 (starting at `a11`) at which the leap month falls. */
function leapMonthOffset(a11: number, tz: number): number {
  const k = Math.floor((a11 - NEW_MOON_0) / SYNODIC_MONTH + 0.5);
  let last: number;
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, tz), tz);
  do {
    last = arc;
    i += 1;
    arc = sunSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The lunar date of a Vietnamese calendar day. */
export function solarToLunar(date: LocalDate, timeZoneHours = VIETNAM_LUNAR_TIME_ZONE): LunarDate {
  const epochDay = parseLocalDate(date);
  if (epochDay === undefined) throw new RangeError(`solarToLunar: not a date: ${date}`);
  return lunarDateOfDay(epochDay, timeZoneHours);
}

export function lunarDateOfDay(epochDay: number, tz = VIETNAM_LUNAR_TIME_ZONE): LunarDate {
  const dayNumber = epochDay + JD_OF_EPOCH_DAY_0;
  const { year } = civilFromDay(epochDay);
  // The first guess of the new moon's index can be one off near a new moon (e.g. 7 May 2054 gave
  // day 0): move it until the month that starts on or before the day is the one found.
  let k = Math.floor((dayNumber - NEW_MOON_0) / SYNODIC_MONTH);
  while (newMoonDay(k + 1, tz) <= dayNumber) k += 1;
  while (newMoonDay(k, tz) > dayNumber) k -= 1;
  const monthStart = newMoonDay(k, tz);
  let a11 = lunarMonth11(year, tz);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = year;
    a11 = lunarMonth11(year - 1, tz);
  } else {
    lunarYear = year + 1;
    b11 = lunarMonth11(year + 1, tz);
  }
  const diff = Math.floor((monthStart - a11) / 29);
  let month = diff + 11;
  let leap = false;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { year: lunarYear, month, day: dayNumber - monthStart + 1, leap };
}

/** Epoch day of a lunar date; RangeError for a leap month the year lacks or a day past the month's end. */
export function dayOfLunarDate(lunar: LunarDate, tz = VIETNAM_LUNAR_TIME_ZONE): number {
  const { year, month, day, leap } = lunar;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 30) {
    throw new RangeError(`lunar date out of range: ${day}/${month}/${year}`);
  }
  const [a11, b11] =
    month < 11 ? [lunarMonth11(year - 1, tz), lunarMonth11(year, tz)] : [lunarMonth11(year, tz), lunarMonth11(year + 1, tz)];
  const k = Math.floor(0.5 + (a11 - NEW_MOON_0) / SYNODIC_MONTH);
  let offset = month < 11 ? month + 1 : month - 11;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11, tz);
    const leapMonth = (leapOffset - 2 + 12) % 12;
    if (leap && month !== leapMonth) throw new RangeError(`lunar year ${year} has no leap month ${month}`);
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    throw new RangeError(`lunar year ${year} has no leap month`);
  }
  const monthStart = newMoonDay(k + offset, tz);
  if (day > newMoonDay(k + offset + 1, tz) - monthStart) {
    throw new RangeError(`lunar month ${month}${leap ? ' (leap)' : ''} of ${year} has fewer than ${day} days`);
  }
  return monthStart + day - 1 - JD_OF_EPOCH_DAY_0;
}

/** The Vietnamese calendar day of a lunar date. */
export function lunarToSolar(lunar: LunarDate, timeZoneHours = VIETNAM_LUNAR_TIME_ZONE): LocalDate {
  return localDateOf(dayOfLunarDate(lunar, timeZoneHours));
}

/** Tết Nguyên đán: 1/1 of the lunar year that begins in `year`. */
export function lunarNewYear(year: number, timeZoneHours = VIETNAM_LUNAR_TIME_ZONE): LocalDate {
  return lunarToSolar({ year, month: 1, day: 1, leap: false }, timeZoneHours);
}

/** Giỗ Tổ Hùng Vương: 10/3 (never the leap third month) of the lunar year that begins in `year`. */
export function hungKingsDay(year: number, timeZoneHours = VIETNAM_LUNAR_TIME_ZONE): LocalDate {
  return lunarToSolar({ year, month: 3, day: 10, leap: false }, timeZoneHours);
}
