import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../src/calendar/index.js';
import { APPLICANT, caseFacts, type CaseFacts } from '../../src/metrics/case-facts.js';
import { figuresOf, percentile } from '../../src/metrics/figures.js';
import { periodOf } from '../../src/metrics/periods.js';
import { drive, local, metricProcedures, scripts, type Script } from './scenarios.js';

function factsOf(script: Script): CaseFacts {
  return caseFacts(drive(script), metricProcedures.get(script.procedureCode)!, defaultCalendar)!;
}

const all = Object.values(scripts).map((s) => factsOf(s as Script));
const byCode = new Map(all.map((f) => [f.caseCode, f]));
const facts = (code: string) => byCode.get(code)!;

describe('case facts from events (by hand: 480 office minutes a day, 07:30–11:30 and 13:00–17:00)', () => {
  it('counts an on-time result across two months: received 31 Mar, resolved 5 Apr on the deadline day', () => {
    const f = facts('A-ONTIME');
    expect(f.timeliness).toBe('on_time');
    // 31 Mar 09:00–17:00 = 150 + 240; 1 and 2 Apr = 960; 5 Apr 07:30–10:00 = 150.
    expect(f.resolutionMinutes).toBe(1500);
    expect(periodOf(f.receivedAt, 'month')).toBe('2021-03');
    expect(periodOf(f.resolvedAt!, 'month')).toBe('2021-04');
    expect(f.steps.map((s) => [s.state, s.unit, s.workingMinutes, s.overBudget])).toEqual([
      ['receipt', 'Q7.MC', 30, null],
      ['appraisal', 'Q7.TCKH', 930, false], // 31 Mar 09:30 → 2 Apr 09:00, budget 960
      ['signing', 'Q7.TCKH', 540, true], // 2 Apr 09:00 → 5 Apr 10:00, budget 480
    ]);
    expect(f.firstOverBudget).toMatchObject({ unit: 'Q7.TCKH', state: 'signing' });
  });

  it('restarts the period after a supplement and gives the applicant the waiting time', () => {
    const f = facts('C-SUPPLEMENT');
    expect(f.supplementRequests).toBe(1);
    expect(f.periodStartedAt).toBe(local('2021-03-05 09:00'));
    expect(f.statutoryDueAt).toBe(local('2021-03-10 17:00')); // 8, 9, 10 Mar
    // From the restart: 5 Mar 390, 8–10 Mar 1440, 11 Mar 07:30–14:00 = 240 + 60.
    expect(f.resolutionMinutes).toBe(2130);
    expect(f.timeliness).toBe('late');
    expect(f.lateMinutes).toBe(300); // 10 Mar 17:00 → 11 Mar 14:00
    expect(f.wasOverdue).toBe(true);
    expect(f.overdue).toBe(false);
    expect(f.steps.map((s) => [s.state, s.unit, s.workingMinutes])).toEqual([
      ['receipt', 'Q7.MC', 30],
      ['appraisal', 'Q7.TCKH', 510], // 1 Mar 08:30 → 2 Mar 09:00
      ['awaiting_supplement_appraisal', APPLICANT, 1440], // 2 Mar 09:00 → 5 Mar 09:00
      ['appraisal', 'Q7.TCKH', 1920], // 5 Mar 09:00 → 11 Mar 09:00
      ['signing', 'Q7.TCKH', 210], // 11 Mar 09:00 → 14:00
    ]);
  });

  it('judges the apology letter against the day before the deadline day (NĐ61 Art. 19.9), both sides', () => {
    // Issued on the deadline day (10 Mar, due 10 Mar 17:00): late letter; resolved before the new date: kept.
    expect(facts('C-SUPPLEMENT').apology).toMatchObject({ inTime: false, kept: true });
    // Issued 3 Mar, the day before the deadline day (4 Mar): in time; resolved 9 Mar after the new date 8 Mar: not kept.
    expect(facts('D-APOLOGY').apology).toMatchObject({ inTime: true, kept: false });
  });

  it('records a postal return and a late result of an overdue case', () => {
    const f = facts('D-APOLOGY');
    expect(f.postalReturnedAt).toBe(local('2021-03-12 09:00'));
    expect(f.resolutionMinutes).toBe(3000); // 1 Mar 450, 2–8 Mar 2400, 9 Mar 150
    expect(f.lateMinutes).toBe(1110); // 4 Mar 17:00 → 9 Mar 10:00
    expect(f.status).toBe('closed');
  });

  it('tells a withdrawal from a refusal at receipt', () => {
    expect(facts('E-WITHDRAWN')).toMatchObject({ outcome: 'withdrawn', refused: false, resolvedAt: null });
    expect(facts('F-REFUSED')).toMatchObject({ outcome: 'refused', refused: true, resolvedAt: null });
  });

  it('attributes each region of a consultation to its own unit', () => {
    const steps = facts('I-CONSULT').steps.map((s) => [s.state, s.unit, s.workingMinutes]);
    expect(steps).toEqual([
      ['receipt', 'Q7.MC', 60],
      ['appraisal', 'Q7.TNMT', 480],
      ['consultation.urban_management.working', 'Q7.QLDT', 480], // answered after a day
      ['consultation.ward.working', 'P.TPG', 960], // the ward of the case, two days
      ['consultation.environment.working', 'Q7.TNMT', 1440], // the lead consolidates on day three
      ['signing', 'Q7.VP', 480],
    ]);
    expect(facts('I-CONSULT').ward).toBe('TPG');
  });

  it('keeps open cases in time or overdue', () => {
    expect(facts('G-OPEN')).toMatchObject({ status: 'in_progress', overdue: false });
    expect(facts('H-OVERDUE')).toMatchObject({ status: 'in_progress', overdue: true });
  });
});

describe('figures (counted by hand over the nine cases)', () => {
  const rows = figuresOf(all, { by: null, granularity: 'month' });
  const march = rows.find((r) => r.period === '2021-03')!;
  const april = rows.find((r) => r.period === '2021-04')!;

  it('counts received, refused, channels and results in the month of each instant', () => {
    expect(march.counts).toMatchObject({
      received: 8, // all but the refusal; A was received on 31 March
      refused: 1,
      receivedOnline: 1,
      receivedPost: 1,
      receivedResolvedInTime: 3, // A (on time in April), B and I (early)
      resolvedEarly: 2, // B, I
      resolvedOnTime: 0,
      resolvedLate: 2, // C, D
      withdrawn: 1,
      returnedIncomplete: 0,
      apologiesIssued: 2,
      apologiesInTime: 1,
      apologiesKept: 1,
      postalReturns: 1,
    });
    expect(april.counts).toMatchObject({ received: 0, resolvedOnTime: 1, resolvedEarly: 0 });
    expect(march.open).toEqual({ inProgressInTime: 1, inProgressOverdue: 1, awaitingSupplement: 0 });
  });

  it('gives both on-time rates, labelled apart: NĐ61 over received, the plan over resolved', () => {
    expect(march.rates.onTimeRateNd61).toBe(3 / 8);
    expect(march.rates.onTimeRatePlan).toBe(2 / 4);
    expect(april.rates.onTimeRatePlan).toBe(1);
    expect(april.rates.onTimeRateNd61).toBeNull(); // nothing received in April
    expect(march.rates.onlineShare).toBe(1 / 8);
    expect(march.rates.postalShare).toBe(1 / 8);
  });

  it('gives the resolution time in working days: mean, median, p90', () => {
    // B 630, C 2130, I 2460, D 3000 minutes → 1.3125, 4.4375, 5.125, 6.25 days.
    expect(march.resolutionTime.count).toBe(4);
    expect(march.resolutionTime.meanDays).toBeCloseTo(4.28125, 10);
    expect(march.resolutionTime.medianDays).toBeCloseTo(4.78125, 10);
    expect(march.resolutionTime.p90Days).toBeCloseTo(5.9125, 10); // 5.125 + 0.7 × 1.125
  });

  it('groups by channel and by ward', () => {
    const online = figuresOf(all, { by: 'channel', granularity: 'year' }).find((r) => r.group === 'online')!;
    expect(online.counts.received).toBe(1);
    expect(online.rates.onTimeRateNd61).toBe(1);
    const wards = figuresOf(all, { by: 'ward', granularity: 'year' }).map((r) => [r.group, r.counts.received]);
    expect(wards).toEqual([
      ['', 7],
      ['TPG', 1],
    ]);
  });

  it('cuts periods on the local calendar (UTC+7), not UTC', () => {
    expect(periodOf('2021-03-31T17:30:00.000Z', 'day')).toBe('2021-04-01');
    expect(periodOf('2021-03-31T16:59:00.000Z', 'quarter')).toBe('2021-Q1');
    expect(periodOf('2021-03-31T17:00:00.000Z', 'quarter')).toBe('2021-Q2');
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});
