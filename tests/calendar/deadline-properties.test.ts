import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyResolution,
  createCalendar,
  defaultCalendar as cal,
  defaultCalendarData,
  dueInstant,
  explainDue,
  workingTimeBetween,
  type Period,
  type WorkingCalendar,
} from '../../src/calendar/index.js';
import { OFFICE_SESSIONS, oracleDueWorkingDays, oracleIsWorkingDay, vietnamWallClock } from './support/naive-oracle.js';

// Receipts from 2021 to late 2026, so that every due instant stays inside the years the oracle knows.
const FIRST = Date.parse('2021-01-01T00:00:00+07:00');
const LAST = Date.parse('2026-10-31T00:00:00+07:00');
const DAY_MS = 86_400_000;

/** Any instant, or one on an office boundary (±1 ms), where off-by-one mistakes live. */
const instant = fc.oneof(
  fc.integer({ min: FIRST, max: LAST }).map((ms) => new Date(ms)),
  fc
    .tuple(
      fc.integer({ min: 0, max: Math.floor((LAST - FIRST) / DAY_MS) }),
      fc.constantFrom('07:30', '11:30', '13:00', '15:00', '17:00'),
      fc.constantFrom(-1, 0, 1),
    )
    .map(([day, time, nudge]) => {
      const { date } = vietnamWallClock(new Date(FIRST + day * DAY_MS));
      return new Date(Date.parse(`${date}T${time}:00+07:00`) + nudge);
    }),
);

const amountOf: Record<Period['unit'], fc.Arbitrary<number>> = {
  'working-days': fc.integer({ min: 1, max: 40 }),
  'working-hours': fc.integer({ min: 1, max: 160 }).map((halfHours) => halfHours / 2),
  'same-day': fc.constant(0),
  'calendar-days': fc.integer({ min: 1, max: 45 }),
};
const unit = fc.constantFrom<Period['unit']>('working-days', 'working-hours', 'same-day', 'calendar-days');
const period = unit.chain((u) => amountOf[u].map((amount): Period => ({ amount, unit: u })));
const twoAmounts = unit.chain((u) => fc.tuple(fc.constant(u), amountOf[u], amountOf[u]));

const runs = { numRuns: 1500 };

describe('deadline properties over 2021–2026', () => {
  it('agree with a day-by-day count over the official list for working-day periods', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 }), (from, n) => {
        expect(dueInstant(cal, from, { amount: n, unit: 'working-days' })).toEqual(oracleDueWorkingDays(from, n));
      }),
      runs,
    );
  });

  it('fall due inside office hours of a working day: after an opening and at or before a closing', () => {
    fc.assert(
      fc.property(instant, period, (from, p) => {
        const { date, minute } = vietnamWallClock(dueInstant(cal, from, p));
        expect(oracleIsWorkingDay(date)).toBe(true);
        expect(OFFICE_SESSIONS.some(([open, close]) => minute > open && minute <= close)).toBe(true);
      }),
      runs,
    );
  });

  it('never fall due before the receipt', () => {
    fc.assert(
      fc.property(instant, period, (from, p) => {
        expect(dueInstant(cal, from, p).getTime()).toBeGreaterThan(from.getTime());
      }),
      runs,
    );
  });

  it('grow with the amount, strictly for working days and hours', () => {
    fc.assert(
      fc.property(instant, twoAmounts, (from, [u, a, b]) => {
        fc.pre(a !== b);
        const [small, large] = a < b ? [a, b] : [b, a];
        const early = dueInstant(cal, from, { amount: small, unit: u }).getTime();
        const later = dueInstant(cal, from, { amount: large, unit: u }).getTime();
        if (u === 'working-days' || u === 'working-hours') expect(later).toBeGreaterThan(early);
        else expect(later).toBeGreaterThanOrEqual(early);
      }),
      runs,
    );
  });

  it('never fall earlier for a later receipt', () => {
    fc.assert(
      fc.property(instant, instant, period, (x, y, p) => {
        const [first, second] = x.getTime() <= y.getTime() ? [x, y] : [y, x];
        expect(dueInstant(cal, second, p).getTime()).toBeGreaterThanOrEqual(dueInstant(cal, first, p).getTime());
      }),
      runs,
    );
  });

  it('have exactly N working days elapsed between receipt and the due instant of N working days', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 }), (from, n) => {
        const due = dueInstant(cal, from, { amount: n, unit: 'working-days' });
        expect(workingTimeBetween(cal, from, due).days).toBe(n);
      }),
      runs,
    );
  });

  it('have exactly H office hours elapsed between receipt and the due instant of H working hours', () => {
    fc.assert(
      fc.property(instant, amountOf['working-hours'], (from, hours) => {
        const due = dueInstant(cal, from, { amount: hours, unit: 'working-hours' });
        expect(workingTimeBetween(cal, from, due).minutes).toBeCloseTo(hours * 60, 9);
      }),
      runs,
    );
  });

  it('add office minutes up across an intermediate instant', () => {
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
        const whole = workingTimeBetween(cal, a, c).minutes;
        const parts = workingTimeBetween(cal, a, b).minutes + workingTimeBetween(cal, b, c).minutes;
        expect(parts).toBeCloseTo(whole, 6);
      }),
      runs,
    );
  });

  it('classify a resolution as late exactly when it comes after the due instant, and early exactly on an earlier day', () => {
    fc.assert(
      fc.property(instant, period, fc.integer({ min: -20 * DAY_MS, max: 20 * DAY_MS }), (from, p, shift) => {
        const due = dueInstant(cal, from, p);
        const resolvedAt = new Date(due.getTime() + shift);
        const verdict = classifyResolution(cal, resolvedAt, due);
        if (shift > 0) expect(verdict).toBe('late');
        else expect(verdict).toBe(vietnamWallClock(resolvedAt).date < vietnamWallClock(due).date ? 'early' : 'on_time');
      }),
      runs,
    );
  });

  it('explain a working-day period with N counted working days and only days off skipped', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 }), (from, n) => {
        const { counted, skipped } = explainDue(cal, from, { amount: n, unit: 'working-days' });
        expect(counted).toHaveLength(n);
        expect(counted.every(oracleIsWorkingDay)).toBe(true);
        expect(skipped.some((day) => oracleIsWorkingDay(day.date))).toBe(false);
      }),
      runs,
    );
  });

  it('do not depend on the years a calendar covers, as long as they hold the answer', () => {
    // The case rules build calendars of a few years around a case (src/cases/case-rules.ts).
    fc.assert(
      fc.property(instant, period, (from, p) => {
        const year = from.getUTCFullYear();
        const narrow = narrowCalendar(year);
        const due = dueInstant(cal, from, p);
        expect(dueInstant(narrow, from, p)).toEqual(due);
        expect(workingTimeBetween(narrow, from, due)).toEqual(workingTimeBetween(cal, from, due));
        const resolvedAt = new Date(due.getTime() + (p.amount % 3) * DAY_MS - DAY_MS);
        expect(classifyResolution(narrow, resolvedAt, due)).toBe(classifyResolution(cal, resolvedAt, due));
      }),
      runs,
    );
  });
});

const narrowCalendars = new Map<number, WorkingCalendar>();
function narrowCalendar(year: number): WorkingCalendar {
  let narrow = narrowCalendars.get(year);
  if (!narrow) narrowCalendars.set(year, (narrow = createCalendar(defaultCalendarData, { firstYear: year - 1, lastYear: year + 4 })));
  return narrow;
}
