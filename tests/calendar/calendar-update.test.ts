import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  calendarVersion,
  createCalendar,
  defaultCalendarData,
  dueInstant,
  isWorkingDay,
  mergeCalendarUpdate,
  type CalendarData,
  type Period,
} from '../../src/calendar/index.js';

const vn = (wallTime: string): Date => new Date(`${wallTime}+07:00`);
const threeWorkingDays: Period = { amount: 3, unit: 'working-days' };

// Version A: 2024 as if the swap notice had not been published yet (statutory rules only).
const versionA: CalendarData = {
  ...defaultCalendarData,
  version: 'test-A',
  schedules: defaultCalendarData.schedules.filter((schedule) => schedule.year !== 2024),
};

// The notice of the 2024 swap: Monday 29 April off, Saturday 4 May worked.
const swapNotice = {
  year: 2024,
  source: 'notice on the 30/4 – 1/5 holidays of 2024 (test)',
  daysOff: [
    { date: '2024-04-29', holiday: 'victory-day', reason: 'day off swapped with the worked Saturday 2024-05-04' },
    { date: '2024-04-30', holiday: 'victory-day', reason: 'Ngày Chiến thắng 30/4' },
  ],
  workedDays: [{ date: '2024-05-04', reason: 'worked Saturday (swap for 2024-04-29)' }],
};

describe('a holiday announced after a case started', () => {
  const receivedAt = vn('2024-04-25T10:00:00');

  it('moves the due instant later under the new calendar version, from the same receipt instant', () => {
    const versionB = mergeCalendarUpdate(versionA, { version: 'test-B', schedules: [swapNotice] });
    // A: 26 Apr, 29 Apr, 2 May.  B: 26 Apr, 2 May, 3 May (29 Apr, 30 Apr and 1 May off).
    expect(dueInstant(createCalendar(versionA), receivedAt, threeWorkingDays)).toEqual(vn('2024-05-02T17:00:00'));
    expect(dueInstant(createCalendar(versionB), receivedAt, threeWorkingDays)).toEqual(vn('2024-05-03T17:00:00'));
  });

  it('adds an extra day off to a year that already has a schedule', () => {
    const extraDay = {
      year: 2024,
      source: 'hypothetical extra day off (test)',
      daysOff: [{ date: '2024-09-04', reason: 'extra day off (test)' }],
      workedDays: [],
    };
    const updated = mergeCalendarUpdate(defaultCalendarData, { version: 'test-extra-day', schedules: [extraDay] });
    const receivedFriday = vn('2024-08-30T10:00:00');
    const oneDay: Period = { amount: 1, unit: 'working-days' };
    expect(dueInstant(createCalendar(defaultCalendarData), receivedFriday, oneDay)).toEqual(vn('2024-09-04T17:00:00'));
    expect(dueInstant(createCalendar(updated), receivedFriday, oneDay)).toEqual(vn('2024-09-05T17:00:00'));
  });

  it('keeps the holidays the notice does not name', () => {
    const versionB = createCalendar(mergeCalendarUpdate(versionA, { version: 'test-B', schedules: [swapNotice] }));
    expect(isWorkingDay(versionB, '2024-02-12')).toBe(false);
    expect(isWorkingDay(versionB, '2024-05-01')).toBe(false);
    expect(isWorkingDay(versionB, '2024-05-04')).toBe(true);
  });

  it('leaves the old data untouched, so cases still on version A keep their answers', () => {
    const before = JSON.stringify(versionA);
    mergeCalendarUpdate(versionA, { version: 'test-B', schedules: [swapNotice] });
    expect(JSON.stringify(versionA)).toBe(before);
  });

  it('survives the trip through a workflow signal as JSON', () => {
    const versionB = mergeCalendarUpdate(versionA, { version: 'test-B', schedules: [swapNotice] });
    const received = JSON.parse(JSON.stringify(versionB)) as CalendarData;
    expect(dueInstant(createCalendar(received), receivedAt, threeWorkingDays)).toEqual(vn('2024-05-03T17:00:00'));
  });
});

describe('calendar versions', () => {
  it('are recorded the same from the data and from the calendar built on it', () => {
    expect(calendarVersion(defaultCalendarData)).toBe(defaultCalendarData.version);
    expect(calendarVersion(createCalendar(versionA))).toBe('test-A');
  });

  it('must change with an update', () => {
    const sameVersion = () => mergeCalendarUpdate(versionA, { version: 'test-A', schedules: [swapNotice] });
    expect(sameVersion).toThrow(CalendarError);
    expect(sameVersion).toThrow(/new version/);
    expect(sameVersion).toThrow(expect.objectContaining({ field: 'version' }));
  });

  it('refuse an update whose dates are not in the notice’s year, naming the field', () => {
    const wrongYear = { ...swapNotice, daysOff: [swapNotice.daysOff[0]!, { date: '2025-04-29', reason: 'typo (test)' }] };
    const merge = () => mergeCalendarUpdate(versionA, { version: 'test-C', schedules: [wrongYear] });
    expect(merge).toThrow(/schedules\[0\]\.daysOff\[1\]\.date: day off 2025-04-29 is not a date in 2024/);
    expect(merge).toThrow(expect.objectContaining({ code: 'CALENDAR_UPDATE_INVALID', field: 'schedules[0].daysOff[1].date' }));
  });

  it('refuse two notices for one year in one update', () => {
    const merge = () => mergeCalendarUpdate(versionA, { version: 'test-D', schedules: [swapNotice, swapNotice] });
    expect(merge).toThrow(expect.objectContaining({ field: 'schedules[1].year' }));
  });
});
