import { describe, expect, it } from 'vitest';
import { createCalendar, defaultCalendar, defaultCalendarData, holidays } from '../../src/calendar/index.js';
import { listedWeekdaysOff, listedWorkedDays } from './support/listed-days-off.js';

const years = [2021, 2022, 2023, 2024, 2025, 2026];
const dates = (entries: Array<{ date: string }>): string[] => entries.map((entry) => entry.date);

describe('the shipped official schedules 2021–2026', () => {
  it.each(years)('lists exactly the days off of %i given in one-stop-rules.md', (year) => {
    expect(dates(holidays(defaultCalendar, year).daysOff)).toEqual(listedWeekdaysOff(year));
  });

  it.each(years)('lists the worked Saturdays of %i', (year) => {
    expect(dates(holidays(defaultCalendar, year).workedDays)).toEqual(listedWorkedDays[year] ?? []);
  });

  it('gives every day off a reason and says it comes from the schedule', () => {
    for (const year of years) {
      for (const entry of holidays(defaultCalendar, year).daysOff) {
        expect(entry.reason.length).toBeGreaterThan(3);
        expect(entry.source).toBe('schedule');
      }
    }
  });

  it('names the holidays of 2024 and the swap in words', () => {
    const { daysOff, workedDays } = holidays(defaultCalendar, 2024);
    const reasonOf = (date: string): string | undefined => daysOff.find((entry) => entry.date === date)?.reason;
    expect(reasonOf('2024-02-12')).toBe('Tết Nguyên đán');
    expect(reasonOf('2024-04-18')).toBe('Giỗ Tổ Hùng Vương');
    expect(reasonOf('2024-04-29')).toContain('swapped');
    expect(workedDays[0]).toMatchObject({ date: '2024-05-04', weekday: 'Saturday' });
    expect(workedDays[0]?.reason).toContain('worked Saturday (swap');
  });
});

describe('the statutory rules on their own', () => {
  const rulesOnly = createCalendar({ ...defaultCalendarData, version: 'rules-only', schedules: [] });

  it.each([2021, 2022, 2023, 2025, 2026])('reproduce the official days off of %i', (year) => {
    expect(dates(holidays(rulesOnly, year).daysOff)).toEqual(listedWeekdaysOff(year));
    expect(holidays(rulesOnly, year).daysOff.every((entry) => entry.source === 'rules')).toBe(true);
  });

  it('miss only the 2024 swap, which is why official schedules override them', () => {
    const withoutSwap = listedWeekdaysOff(2024).filter((date) => date !== '2024-04-29');
    expect(dates(holidays(rulesOnly, 2024).daysOff)).toEqual(withoutSwap);
    expect(holidays(rulesOnly, 2024).workedDays).toEqual([]);
  });

  it('compensate a holiday on a weekend with the next working day (Labour Code Art. 111.3)', () => {
    // 1 May 2027 is a Saturday; 30 April 2028 is a Sunday and 1 May 2028 a Monday.
    const reasons2027 = holidays(defaultCalendar, 2027).daysOff;
    expect(reasons2027.find((entry) => entry.date === '2027-05-03')?.reason).toBe(
      'compensatory day for Ngày Quốc tế Lao động 1/5 (Saturday 2027-05-01)',
    );
    expect(dates(holidays(defaultCalendar, 2028).daysOff)).toEqual(
      expect.arrayContaining(['2028-05-01', '2028-05-02']),
    );
  });

  it('place Tết 2027 (Saturday 6 February) as five working days from Thursday 4 February', () => {
    const tet = holidays(defaultCalendar, 2027).daysOff.filter((entry) => entry.holiday === 'lunar-new-year');
    expect(dates(tet)).toEqual(['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']);
  });

  it('give 2 September only one day before the Labour Code 2019', () => {
    // 2 September 2019 was a Monday: no adjacent day under the 2012 Code.
    const september = holidays(defaultCalendar, 2019).daysOff.filter((entry) => entry.holiday === 'national-day');
    expect(dates(september)).toEqual(['2019-09-02']);
  });

  it('list any year, even one outside the precomputed range', () => {
    const narrow = createCalendar(defaultCalendarData, { firstYear: 2024, lastYear: 2024 });
    expect(dates(holidays(narrow, 2022).daysOff)).toEqual(listedWeekdaysOff(2022));
  });
});
