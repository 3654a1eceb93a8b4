import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  createCalendar,
  defaultCalendar,
  defaultCalendarData,
  dueInstant,
  type CalendarData,
  type Period,
} from '../../src/calendar/index.js';

const vn = (wallTime: string): Date => new Date(`${wallTime}+07:00`);
const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof CalendarError ? error.code : 'not a CalendarError';
  }
  return undefined;
};

describe('the calendar data', () => {
  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(defaultCalendarData))).toEqual(defaultCalendarData);
  });

  it('uses office hours 07:30–11:30 and 13:00–17:00, Monday to Friday, by default', () => {
    expect(defaultCalendarData.officeSessions).toEqual([
      { start: '07:30', end: '11:30' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(defaultCalendarData.workingWeekdays).toEqual([1, 2, 3, 4, 5]);
  });

  it('takes other office hours when configured', () => {
    const later = createCalendar({
      ...defaultCalendarData,
      version: 'test-later-hours',
      officeSessions: [
        { start: '08:00', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
    });
    expect(dueInstant(later, vn('2024-03-11T10:00:00'), { amount: 1, unit: 'working-days' })).toEqual(vn('2024-03-12T17:30:00'));
    expect(dueInstant(later, vn('2024-03-11T11:00:00'), { amount: 2, unit: 'working-hours' })).toEqual(vn('2024-03-11T14:30:00'));
  });

  it('cannot be changed through a calendar built on it', () => {
    expect(Object.isFrozen(defaultCalendar.data.schedules[0]?.daysOff)).toBe(true);
  });
});

describe('refusing bad calendar data', () => {
  const broken = (change: Partial<CalendarData>) => () => createCalendar({ ...defaultCalendarData, ...change });

  it.each<[string, Partial<CalendarData>, RegExp]>([
    ['overlapping sessions', { officeSessions: [{ start: '07:30', end: '12:00' }, { start: '11:00', end: '17:00' }] }, /overlaps/],
    ['a session that ends before it starts', { officeSessions: [{ start: '17:00', end: '07:30' }] }, /ends before it starts/],
    ['no working weekday', { workingWeekdays: [] }, /workingWeekdays is empty/],
    ['a weekday 8', { workingWeekdays: [1, 8] }, /1 \(Mon\) … 7 \(Sun\)/],
    ['a cut-off that is not a time', { sameDayCutoff: '3pm' }, /sameDayCutoff/],
    ['a rule on 29 February', { holidayRules: [{ id: 'leap', name: 'Leap', date: { calendar: 'solar', month: 2, day: 29 } }] }, /does not occur every year/],
    ['two schedules for one year', { schedules: [...defaultCalendarData.schedules, defaultCalendarData.schedules[0]!] }, /two schedules for 2021/],
    ['an empty version', { version: ' ' }, /version/],
  ])('refuses %s and says what is wrong', (_what, change, message) => {
    expect(codeOf(broken(change))).toBe('CALENDAR_DATA_INVALID');
    expect(broken(change)).toThrow(message);
  });

  it('refuses a range of years outside 1900–2199', () => {
    expect(codeOf(() => createCalendar(defaultCalendarData, { firstYear: 1800, lastYear: 2000 }))).toBe('CALENDAR_DATA_INVALID');
  });
});

describe('refusing bad questions', () => {
  const ask = (from: Date, period: Period) => () => dueInstant(defaultCalendar, from, period);
  const monday = vn('2024-03-11T10:00:00');

  it.each<[string, Period]>([
    ['zero working days', { amount: 0, unit: 'working-days' }],
    ['half a working day', { amount: 0.5, unit: 'working-days' }],
    ['negative working hours', { amount: -1, unit: 'working-hours' }],
    ['zero calendar days', { amount: 0, unit: 'calendar-days' }],
    ['an unknown unit', { amount: 1, unit: 'weeks' as Period['unit'] }],
  ])('refuses %s as an invalid period', (_what, period) => {
    expect(codeOf(ask(monday, period))).toBe('CALENDAR_PERIOD_INVALID');
  });

  it('refuses an invalid Date', () => {
    expect(codeOf(ask(new Date(Number.NaN), { amount: 1, unit: 'working-days' }))).toBe('CALENDAR_INSTANT_INVALID');
  });

  it('says so when a question falls outside the precomputed years', () => {
    const only2024 = createCalendar(defaultCalendarData, { firstYear: 2024, lastYear: 2024 });
    const tenDays: Period = { amount: 10, unit: 'working-days' };
    expect(codeOf(() => dueInstant(only2024, vn('2024-12-30T10:00:00'), tenDays))).toBe('CALENDAR_OUT_OF_RANGE');
    expect(codeOf(() => dueInstant(only2024, vn('2023-06-01T10:00:00'), tenDays))).toBe('CALENDAR_OUT_OF_RANGE');
    expect(() => dueInstant(only2024, vn('2023-06-01T10:00:00'), tenDays)).toThrow(/2023-06-01 is outside the calendar's years 2024–2024/);
  });
});
