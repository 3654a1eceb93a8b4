import { describe, expect, it } from 'vitest';
import { createCalendar, defaultCalendar, defaultCalendarData, holidays } from '../../src/calendar/index.js';
import { listedWeekdaysOff, listedWorkedDates, unconfirmedWeekdaysOff } from './support/listed-days-off.js';

const years = [2021, 2022, 2023, 2024, 2025, 2026];
const dates = (entries: Array<{ date: string }>): string[] => entries.map((entry) => entry.date);

describe('the shipped official schedules 2021–2026', () => {
  it.each(years)('lists exactly the days off of %i announced by the notices', (year) => {
    expect(dates(holidays(defaultCalendar, year).daysOff)).toEqual(listedWeekdaysOff(year));
  });

  it.each(years)('lists the worked Saturdays of %i', (year) => {
    expect(dates(holidays(defaultCalendar, year).workedDays)).toEqual(listedWorkedDates(year));
  });

  it('names a notice or law article, with its number and date, for every entry', () => {
    const numberAndDate = /\d+\/[^\s,]*|Thông báo \d+.*\d{1,2}\/\d{1,2}\/\d{4}/; // e.g. 2450/VPCP-KGVX, 12/04/2024
    for (const schedule of defaultCalendarData.schedules) {
      for (const entry of [...schedule.daysOff, ...schedule.workedDays]) {
        if (entry.confirmed === false) {
          expect(entry.notice, `${entry.date} says what was searched`).toMatch(/searched|not found|no notice|no text/);
        } else {
          expect(entry.notice, `${entry.date} names its notice`).toMatch(numberAndDate);
          expect(entry.notice, `${entry.date} dates its notice`).toMatch(/\d{1,2}\/\d{1,2}\/\d{4}/);
        }
      }
    }
  });

  it('marks unconfirmed exactly the days the answer key has no notice for', () => {
    for (const year of years) {
      const unconfirmed = defaultCalendarData.schedules
        .find((schedule) => schedule.year === year)!
        .daysOff.filter((entry) => entry.confirmed === false)
        .map((entry) => entry.date);
      // The key lists a whole break (2 Sep and its neighbour); only the Prime Minister's choice lacks a notice.
      expect(unconfirmedWeekdaysOff(year)).toEqual(expect.arrayContaining(unconfirmed));
      expect(unconfirmed.length > 0).toBe(unconfirmedWeekdaysOff(year).length > 0);
    }
  });

  it('gives every day off a reason and says it comes from the schedule', () => {
    for (const year of years) {
      for (const entry of holidays(defaultCalendar, year).daysOff) {
        expect(entry.reason.length).toBeGreaterThan(3);
        expect(entry.source).toBe('schedule');
      }
    }
  });

  it('has the 2025 and 2026 swaps the old list missed', () => {
    const reasonOf = (year: number, date: string) => holidays(defaultCalendar, year).daysOff.find((entry) => entry.date === date)?.reason;
    expect(reasonOf(2025, '2025-05-02')).toBe('day off swapped with the worked Saturday 2025-04-26');
    expect(reasonOf(2026, '2026-01-02')).toBe('day off swapped with the worked Saturday 2026-01-10');
    expect(holidays(defaultCalendar, 2025).workedDays[0]).toMatchObject({ date: '2025-04-26', weekday: 'Saturday' });
    expect(holidays(defaultCalendar, 2026).workedDays[0]).toMatchObject({ date: '2026-01-10', weekday: 'Saturday' });
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

  it.each([2021, 2022, 2023])('reproduce the official days off of %i', (year) => {
    expect(dates(holidays(rulesOnly, year).daysOff)).toEqual(listedWeekdaysOff(year));
    expect(holidays(rulesOnly, year).daysOff.every((entry) => entry.source === 'rules')).toBe(true);
  });

  it.each<[number, string]>([
    [2024, '2024-04-29'],
    [2025, '2025-05-02'],
    [2026, '2026-01-02'],
  ])('miss only the swap of %i (%s off), which is why official schedules override them', (year, swappedDay) => {
    const withoutSwap = listedWeekdaysOff(year).filter((date) => date !== swappedDay);
    expect(dates(holidays(rulesOnly, year).daysOff)).toEqual(withoutSwap);
    expect(holidays(rulesOnly, year).workedDays).toEqual([]);
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
