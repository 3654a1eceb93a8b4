import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hungKingsDay, lunarNewYear, lunarToSolar, solarToLunar } from '../../src/calendar/index.js';

/** Tết Nguyên đán in Vietnam as published; it equals the Chinese New Year except in 1985, 2007 and 2030. */
const publishedTet: Record<number, string> = {
  1985: '01-21', 1986: '02-09', 1987: '01-29', 1988: '02-17', 1989: '02-06', 1990: '01-27',
  1991: '02-15', 1992: '02-04', 1993: '01-23', 1994: '02-10', 1995: '01-31', 1996: '02-19',
  1997: '02-07', 1998: '01-28', 1999: '02-16', 2000: '02-05', 2001: '01-24', 2002: '02-12',
  2003: '02-01', 2004: '01-22', 2005: '02-09', 2006: '01-29', 2007: '02-17', 2008: '02-07',
  2009: '01-26', 2010: '02-14', 2011: '02-03', 2012: '01-23', 2013: '02-10', 2014: '01-31',
  2015: '02-19', 2016: '02-08', 2017: '01-28', 2018: '02-16', 2019: '02-05', 2020: '01-25',
  2021: '02-12', 2022: '02-01', 2023: '01-22', 2024: '02-10', 2025: '01-29', 2026: '02-17',
  2027: '02-06', 2028: '01-26', 2029: '02-13', 2030: '02-02',
};

/** Giỗ Tổ Hùng Vương in the years it has been a day off (since 2007), from the yearly holiday notices and press. */
const publishedHungKingsDay: Record<number, string> = {
  2007: '04-26', 2008: '04-15', 2009: '04-04', 2010: '04-23', 2011: '04-12', 2012: '03-31',
  2013: '04-19', 2014: '04-09', 2015: '04-28', 2016: '04-16', 2017: '04-06', 2018: '04-25',
  2019: '04-14', 2020: '04-02', 2021: '04-21', 2022: '04-10', 2023: '04-29', 2024: '04-18',
  2025: '04-07', 2026: '04-26',
};

describe('Tết and Hùng Kings’ day in the Vietnamese lunar calendar (UTC+7)', () => {
  it.each(Object.entries(publishedTet))('puts Tết %s on the published Vietnamese date', (year, monthDay) => {
    expect(lunarNewYear(Number(year))).toBe(`${year}-${monthDay}`);
  });

  it.each(Object.entries(publishedHungKingsDay))('puts Hùng Kings’ day %s on the published date', (year, monthDay) => {
    expect(hungKingsDay(Number(year))).toBe(`${year}-${monthDay}`);
  });

  it('gives the Chinese dates when computed for UTC+8, which is why a Chinese library is not enough', () => {
    expect([lunarNewYear(1985, 8), lunarNewYear(2007, 8), lunarNewYear(2030, 8)]).toEqual([
      '1985-02-20',
      '2007-02-18',
      '2030-02-03',
    ]);
    expect(hungKingsDay(2009, 8)).toBe('2009-04-05');
  });

  it('dates 29 March 2009 as the 4th day of the third month of Kỷ Sửu, as the press printed it', () => {
    expect(solarToLunar('2009-03-29')).toEqual({ year: 2009, month: 3, day: 4, leap: false });
  });
});

describe('lunar dates printed in the Tết notices for civil servants', () => {
  it.each([
    ['2021-02-10', 2020, 12, 29],
    ['2021-02-16', 2021, 1, 5],
    ['2022-01-31', 2021, 12, 29],
    ['2023-01-20', 2022, 12, 29],
    ['2023-01-26', 2023, 1, 5],
    ['2024-02-08', 2023, 12, 29],
    ['2024-02-14', 2024, 1, 5],
  ])('reads %s as lunar year %i, month %i, day %i, as the notice does', (date, year, month, day) => {
    expect(solarToLunar(date)).toEqual({ year, month, day, leap: false });
  });
});

describe('leap months (tháng nhuận)', () => {
  it.each([
    ['2020-05-23', 2020, 4],
    ['2023-03-22', 2023, 2],
    ['2025-07-25', 2025, 6],
  ])('starts the leap month on %s (year %i, after month %i)', (date, year, month) => {
    expect(solarToLunar(date)).toEqual({ year, month, day: 1, leap: true });
    expect(lunarToSolar({ year, month, day: 1, leap: true })).toBe(date);
  });

  it('refuses a leap month that the year does not have', () => {
    expect(() => lunarToSolar({ year: 2024, month: 3, day: 1, leap: true })).toThrow(RangeError);
  });

  it('refuses the 30th day of a 29-day month', () => {
    // Month 12 of Giáp Thìn ended on 28 January 2025, its 29th day (no "30 Tết" in 2025).
    expect(solarToLunar('2025-01-28')).toEqual({ year: 2024, month: 12, day: 29, leap: false });
    expect(() => lunarToSolar({ year: 2024, month: 12, day: 30, leap: false })).toThrow(RangeError);
  });
});

describe('conversion both ways', () => {
  it('gives back the same solar day after a round trip through the lunar date, 1900–2100', () => {
    const day = fc.integer({ min: Date.UTC(1900, 1, 1), max: Date.UTC(2100, 10, 30) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (date) => {
        expect(lunarToSolar(solarToLunar(date))).toBe(date);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the month of a day right before a new moon (7 May 2054, found by the property above)', () => {
    expect(solarToLunar('2054-05-07')).toEqual({ year: 2054, month: 3, day: 30, leap: false });
    expect(lunarToSolar(solarToLunar('2054-05-07'))).toBe('2054-05-07');
  });
});
