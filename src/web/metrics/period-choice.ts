/**
 * The period a metrics page shows: a year (2021), a quarter (2021-Q2) or a month (2021-03), as
 * local days from–to (periods.ts cuts on the Vietnamese calendar). Pure.
 */
export interface PeriodChoice {
  /** The key as written in the URL. */
  key: string;
  kind: 'year' | 'quarter' | 'month';
  year: number;
  from: string;
  to: string;
}

export const periodPattern = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The period of a key, or null when the key is not a year, quarter or month. */
export function parsePeriod(key: string): PeriodChoice | null {
  const match = periodPattern.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  if (match[2]) {
    const first = (Number(match[2]) - 1) * 3 + 1;
    return { key, kind: 'quarter', year, from: `${year}-${pad(first)}-01`, to: `${year}-${pad(first + 2)}-${lastDayOf(year, first + 2)}` };
  }
  if (match[3]) {
    const month = Number(match[3]);
    return { key, kind: 'month', year, from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${lastDayOf(year, month)}` };
  }
  return { key, kind: 'year', year, from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The year's choices for the period filter: the year, its quarters, its months. */
export function periodOptions(year: number): string[] {
  return [String(year), ...[1, 2, 3, 4].map((q) => `${year}-Q${q}`), ...Array.from({ length: 12 }, (_, i) => `${year}-${pad(i + 1)}`)];
}

/** The twelve month keys of a year, for trends. */
export function monthsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${pad(i + 1)}`);
}
