import { describe, expect, it } from 'vitest';
import {
  classifyResolution,
  createCalendar,
  defaultCalendar,
  defaultCalendarData,
  dueInstant,
  isOfficeTime,
  isReceivingTime,
  isWorkingDay,
  workingTimeBetween,
} from '../../src/calendar/index.js';

const vn = (wallTime: string): Date => new Date(`${wallTime}+07:00`);
const between = (from: string, to: string) => workingTimeBetween(defaultCalendar, vn(from), vn(to));

describe('working time between two instants', () => {
  it('counts office minutes of the receipt day but not the receipt day as a working day', () => {
    expect(between('2024-03-11T07:30:00', '2024-03-11T17:00:00')).toEqual({ minutes: 480, days: 0 });
  });

  it('counts a working day once its office hours have closed', () => {
    expect(between('2024-03-11T10:00:00', '2024-03-12T17:00:00')).toEqual({ minutes: 810, days: 1 });
    expect(between('2024-03-11T10:00:00', '2024-03-12T16:59:00')).toEqual({ minutes: 809, days: 0 });
  });

  it('leaves out lunch, nights, weekends and Tết', () => {
    expect(between('2024-02-07T10:00:00', '2024-02-19T17:00:00')).toEqual({ minutes: 330 + 3 * 480, days: 3 });
    expect(between('2024-03-11T11:00:00', '2024-03-11T14:00:00')).toEqual({ minutes: 90, days: 0 });
    expect(between('2024-03-09T10:00:00', '2024-03-10T20:00:00')).toEqual({ minutes: 0, days: 0 });
  });

  it('is zero when the end is not after the start', () => {
    expect(between('2024-03-12T10:00:00', '2024-03-11T10:00:00')).toEqual({ minutes: 0, days: 0 });
  });
});

describe('classifying a resolution against its due instant', () => {
  const due = vn('2024-02-19T17:00:00');
  const classify = (resolvedAt: string) => classifyResolution(defaultCalendar, vn(resolvedAt), due);

  it('calls early a resolution on any day before the deadline’s day, a Sunday included', () => {
    expect(classify('2024-02-16T10:00:00')).toBe('early');
    expect(classify('2024-02-18T10:00:00')).toBe('early');
  });

  it('calls on time a resolution on the deadline’s day up to the due instant', () => {
    expect(classify('2024-02-19T07:45:00')).toBe('on_time');
    expect(classify('2024-02-19T17:00:00')).toBe('on_time');
  });

  it('calls late anything after the due instant, by a second', () => {
    expect(classifyResolution(defaultCalendar, new Date(due.getTime() + 1000), due)).toBe('late');
  });

  it('carries a due date set by hand on a holiday to the close of the next working day (Art. 148)', () => {
    const onHoliday = vn('2024-04-30T17:00:00');
    expect(classifyResolution(defaultCalendar, vn('2024-05-02T10:00:00'), onHoliday)).toBe('on_time');
    expect(classifyResolution(defaultCalendar, vn('2024-05-02T17:30:00'), onHoliday)).toBe('late');
    expect(classifyResolution(defaultCalendar, vn('2024-04-26T10:00:00'), onHoliday)).toBe('early');
  });
});

describe('working days and office time', () => {
  it('knows the swapped days of 2024 and ordinary weekdays', () => {
    expect(isWorkingDay(defaultCalendar, '2024-05-04')).toBe(true);
    expect(isWorkingDay(defaultCalendar, '2024-04-29')).toBe(false);
    expect(isWorkingDay(defaultCalendar, '2024-05-05')).toBe(false);
    expect(isWorkingDay(defaultCalendar, '2024-03-11')).toBe(true);
  });

  it('takes the day of a Date in Vietnam time', () => {
    expect(isWorkingDay(defaultCalendar, new Date('2024-03-10T18:00:00Z'))).toBe(true);
  });

  it('treats office sessions as opening inclusive, closing exclusive', () => {
    const at = (time: string) => isOfficeTime(defaultCalendar, vn(`2024-03-11T${time}`));
    expect([at('07:30:00'), at('07:29:59'), at('11:29:59'), at('11:30:00'), at('12:00:00')]).toEqual([
      true, false, true, false, false,
    ]);
    expect([at('13:00:00'), at('16:59:59'), at('17:00:00')]).toEqual([true, true, false]);
    expect(isOfficeTime(defaultCalendar, vn('2024-02-12T10:00:00'))).toBe(false);
    expect(isOfficeTime(defaultCalendar, vn('2024-05-04T10:00:00'))).toBe(true);
  });
});

describe('an extra receiving hour outside office hours (District 7 plan, §2.8)', () => {
  const withEveningDesk = createCalendar({
    ...defaultCalendarData,
    version: 'with-wednesday-evening-desk',
    extraReceivingSessions: [{ weekday: 3, start: '17:00', end: '18:00', note: 'test' }],
  });

  it('is receiving time but not office time', () => {
    const wednesdayEvening = vn('2024-03-13T17:30:00');
    expect(isReceivingTime(withEveningDesk, wednesdayEvening)).toBe(true);
    expect(isOfficeTime(withEveningDesk, wednesdayEvening)).toBe(false);
    expect(isReceivingTime(withEveningDesk, vn('2024-03-14T17:30:00'))).toBe(false);
  });

  it('does not open on a holiday', () => {
    expect(isReceivingTime(withEveningDesk, vn('2024-02-14T17:30:00'))).toBe(false);
  });

  it('does not count towards any period: a dossier received then is counted like one received after closing', () => {
    const receivedAt = vn('2024-03-13T17:30:00');
    expect(dueInstant(withEveningDesk, receivedAt, { amount: 1, unit: 'working-days' })).toEqual(vn('2024-03-14T17:00:00'));
    expect(dueInstant(withEveningDesk, receivedAt, { amount: 0, unit: 'same-day' })).toEqual(vn('2024-03-14T17:00:00'));
    expect(dueInstant(withEveningDesk, receivedAt, { amount: 1, unit: 'working-hours' })).toEqual(vn('2024-03-14T08:30:00'));
  });
});
