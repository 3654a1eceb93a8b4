/**
 * Simulation against histories whose on-time rate is known: a two-step procedure with
 * exponential step times (the true rate has a closed form), and the construction permit's own
 * synthetic history (observed rate). Fixed seeds and fixed dates throughout.
 */
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../src/calendar/index.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import { loadProcedureText } from '../../src/procedures/load.js';
import type { CompiledProcedure } from '../../src/procedures/compiled-procedure.js';
import { eventLogOf, type LogTrace } from '../../src/studio/event-log.js';
import { buildSimulationModel } from '../../src/studio/simulation-model.js';
import { simulate, simulateNaive } from '../../src/studio/simulation.js';
import { exponential, permitDraws, seededRandom, synthesiseTraces, walkPlan, type Random } from '../support/synthetic-history.js';

const twoSteps = `
code: D7-SIM-01
nameVi: Thủ tục thử mô phỏng
nameEn: Simulation test procedure
field: Thử nghiệm
handlingLevel: district
onlineLevel: 3
legalBasis: [test]
fee: { amountVnd: 0, textVi: Miễn phí, confirmed: false }
period: { amount: 3, unit: working-days, confirmed: false }
receivingUnit: Q7.MC
channels: [desk, online]
delivery: [desk]
steps:
  - id: check
    labelVi: Kiểm tra
    labelEn: Check
    unit: Q7.TCKH
    budget: { amount: 1, unit: working-days, confirmed: false }
    actions: [{ action: submit_for_signature, next: signing }]
  - id: signing
    labelVi: Ký
    labelEn: Sign
    unit: Q7.VP
    budget: { amount: 2, unit: working-days, confirmed: false }
    actions: [{ action: approve, next: approved }]
`;

function compiledFromText(text: string, file: string): CompiledProcedure {
  const result = loadProcedureText(text, file);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.procedure.compiled;
}

/** Mean office minutes of receipt, check and signing. */
const MEANS = { receipt: 60, check: 600, signing: 900 } as const;
const PERIOD_MINUTES = 3 * 480;

/**
 * The true on-time rate of the generating process, in closed form: received m office minutes into
 * a working day (m uniform on [0, 480)), the result is on time when the three exponential times
 * (a hypoexponential sum) fit in the rest of that day plus three working days.
 */
function trueOnTimeRate(): number {
  const rates = Object.values(MEANS).map((mean) => 1 / mean);
  const cdf = (t: number) =>
    1 -
    rates.reduce((sum, li, i) => sum + rates.reduce((product, lj, j) => (j === i ? product : (product * lj) / (lj - li)), 1) * Math.exp(-li * t), 0);
  const steps = 48_000;
  let total = 0;
  for (let k = 0; k < steps; k += 1) total += cdf(480 + PERIOD_MINUTES - ((k + 0.5) / steps) * 480);
  return total / steps;
}

function history(procedure: CompiledProcedure, count: number, from: string, random: Random, draws: Parameters<typeof walkPlan>[1]): LogTrace[] {
  return eventLogOf(synthesiseTraces(procedure, count, from, random, draws, defaultCalendar));
}

const observedRate = (traces: LogTrace[]) => traces.filter((t) => t.timeliness !== 'late').length / traces.length;

describe('simulation', () => {
  const procedure = compiledFromText(twoSteps, 'D7-SIM-01.yaml');
  const random = seededRandom(2026);
  const traces = history(procedure, 400, '2026-02-02', random, {
    minutes: (state) => (state === 'approved' ? 10 : exponential(random, MEANS[state as keyof typeof MEANS])),
    exit: (_state, actions) => actions.find((a) => a !== 'reject')!,
  });
  const model = buildSimulationModel(procedure, traces, defaultCalendar);
  const options = { runs: 20_000, seed: 7, from: '2026-02-02', horizonWorkingDays: 120 };

  it('fits every step from the history when there are enough observations', () => {
    const sources = Object.fromEntries(model.steps.map((s) => [s.state, [s.duration.source, s.duration.observed.length]]));
    expect(sources).toEqual({ check: ['history', 400], receipt: ['history', 400], signing: ['history', 400] });
    expect(model.arrivals.source).toBe('history');
    expect(model.arrivals.perWorkingDay.desk! + model.arrivals.perWorkingDay.online!).toBeCloseTo(model.arrivals.total, 10);
  });

  it("predicts an on-time rate whose interval contains the process's true rate (at least 9 histories in 10)", () => {
    const truth = trueOnTimeRate();
    expect(truth).toBeGreaterThan(0.4);
    expect(truth).toBeLessThan(0.8);
    const outcomes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((seed) => {
      const draw = seededRandom(seed * 101);
      const sample = history(procedure, 400, '2026-02-02', draw, {
        minutes: (state) => (state === 'approved' ? 10 : exponential(draw, MEANS[state as keyof typeof MEANS])),
        exit: (_state, actions) => actions.find((a) => a !== 'reject')!,
      });
      const result = simulate(buildSimulationModel(procedure, sample, defaultCalendar), defaultCalendar, { ...options, seed });
      // The history's uncertainty widens the interval beyond the Monte-Carlo error alone.
      expect(result.onTimeInterval.high - result.onTimeInterval.low).toBeGreaterThan(result.monteCarloInterval.high - result.monteCarloInterval.low);
      // Mean resolution time ≈ the sum of the means (1,560 office minutes = 3.25 working days).
      expect(result.resolutionWorkingDays.mean).toBeGreaterThan(2.9);
      expect(result.resolutionWorkingDays.mean).toBeLessThan(3.6);
      return result.onTimeInterval.low <= truth && truth <= result.onTimeInterval.high;
    });
    expect(outcomes.filter(Boolean).length).toBeGreaterThanOrEqual(9);
  });

  it('is reproducible from its seed, and a different seed gives different runs', () => {
    const small = { ...options, runs: 2_000 };
    expect(simulate(model, defaultCalendar, small)).toEqual(simulate(model, defaultCalendar, small));
    expect(simulate(model, defaultCalendar, { ...small, seed: 8 }).resolutionWorkingDays.p50).not.toBe(
      simulate(model, defaultCalendar, small).resolutionWorkingDays.p50,
    );
  });

  it('agrees run for run with the naive version that asks the calendar about every day', () => {
    const small = { ...options, runs: 3_000 };
    const fast = simulate(model, defaultCalendar, small);
    const naive = simulateNaive(model, defaultCalendar, small);
    expect(fast.onTimeRate).toBe(naive.onTimeRate);
    expect(fast.resolutionWorkingDays).toEqual(naive.resolutionWorkingDays);
  });

  it('falls back to the budgets without history, and says so', () => {
    const bare = buildSimulationModel(procedure, [], defaultCalendar);
    expect(bare.steps.find((s) => s.state === 'check')!.duration.source).toBe('budget');
    expect(bare.steps.find((s) => s.state === 'receipt')!.duration.source).toBe('none');
    const result = simulate(bare, defaultCalendar, { ...options, runs: 5_000 });
    expect(result.assumptions.some((a) => a.includes('median half the budget'))).toBe(true);
    // With the 90th percentile of each step at its budget, each step runs over in about one case in ten.
    expect(result.steps.find((s) => s.state === 'check')!.overBudgetShare).toBeCloseTo(0.1, 1);
    expect(result.units.every((u) => u.meanOpenCases === null)).toBe(true);
  });
});

const catalogue = await loadCatalogue();

describe('simulation of the construction permit on its own history', () => {
  const permit = catalogue.get('D7-XD-01')!.compiled;
  const traces = eventLogOf(synthesiseTraces(permit, 500, '2026-03-02', seededRandom(77), permitDraws(seededRandom(78)), defaultCalendar));

  it('reproduces the observed on-time rate within 0.05 (the stated error)', () => {
    const observed = observedRate(traces);
    expect(observed).toBeGreaterThan(0.2);
    expect(observed).toBeLessThan(0.95);
    const model = buildSimulationModel(permit, traces, defaultCalendar);
    expect(model.steps.find((s) => s.state === 'signing')!.exitSource).toBe('history');
    const result = simulate(model, defaultCalendar, { runs: 20_000, seed: 1, from: '2026-03-02', horizonWorkingDays: 120 });
    expect(Math.abs(result.onTimeRate - observed)).toBeLessThan(0.05);
    expect(result.onTimeInterval.low).toBeLessThanOrEqual(observed + 0.05);
    expect(result.onTimeInterval.high).toBeGreaterThanOrEqual(observed - 0.05);
    // Three regions of the consultation each report their unit's load.
    expect(result.units.map((u) => u.unit)).toEqual(expect.arrayContaining(['Q7.QLDT', 'Q7.TNMT', 'ward:committee', 'Q7.VP', 'Q7.MC']));
  });
});
