import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../src/calendar/index.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import { loadProcedureText } from '../../src/procedures/load.js';
import { compareVersions } from '../../src/studio/compare.js';
import { eventLogOf } from '../../src/studio/event-log.js';
import { mineEventLog } from '../../src/studio/mining.js';
import { buildSimulationModel } from '../../src/studio/simulation-model.js';
import { simulate, simulatePair } from '../../src/studio/simulation.js';
import { permitDraws, seededRandom, synthesiseTraces } from '../support/synthetic-history.js';

const catalogue = await loadCatalogue();
const current = catalogue.get('D7-XD-01')!.compiled;
const streamlinedFile = 'tests/studio/fixtures/streamlined/D7-XD-01.yaml';
const loaded = loadProcedureText(readFileSync(streamlinedFile, 'utf8'), streamlinedFile);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const streamlined = loaded.procedure.compiled;
const traces = eventLogOf(synthesiseTraces(current, 300, '2026-03-02', seededRandom(5), permitDraws(seededRandom(6)), defaultCalendar));

describe('mining the construction permit', () => {
  const [mined] = mineEventLog(defaultCalendar, traces, new Map([[current.version, current]]));

  it('counts every case once among the variants, most frequent first', () => {
    expect(mined!.cases).toBe(300);
    expect(mined!.variants.reduce((sum, v) => sum + v.cases, 0)).toBe(300);
    const counts = mined!.variants.map((v) => v.cases);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    // The direct route is the commonest: accept, submit for signature, approve, return.
    expect(mined!.variants[0]!.activities).toEqual(['received', 'accept', 'submit_for_signature', 'approve', 'return_at_desk']);
  });

  it('finds the rework loop back to appraisal in the cases that took it', () => {
    const reworked = traces.filter((t) => t.events.some((e) => e.activity === 'return_for_rework')).length;
    expect(reworked).toBeGreaterThan(10);
    const loop = mined!.loops.find((l) => l.state === 'appraisal');
    expect(loop?.cases).toBe(reworked);
    expect(loop!.extraEntries).toBe(traces.flatMap((t) => t.events).filter((e) => e.activity === 'return_for_rework').length);
  });

  it('shows where time is lost against the budgets', () => {
    const appraisal = mined!.steps.find((s) => s.state === 'appraisal')!;
    expect(appraisal.budgetWorkingDays).toBe(5);
    expect(appraisal.unit).toBe('Q7.QLDT');
    // Median 1,400 office minutes ≈ 2.9 working days: a few visits run over 5.
    expect(appraisal.meanWorkingDays).toBeGreaterThan(2.5);
    expect(appraisal.meanWorkingDays).toBeLessThan(4);
    const signing = mined!.steps.find((s) => s.state === 'signing')!;
    // Median 900 office minutes, spread 0.5, against 3 working days (1,440 minutes): about 17 % over.
    expect(signing.overBudget / signing.visits).toBeGreaterThan(0.08);
    expect(signing.overBudget / signing.visits).toBeLessThan(0.3);
    expect(mined!.steps[0]!.lostWorkingDays).toBeGreaterThanOrEqual(mined!.steps.at(-1)!.lostWorkingDays);
  });
});

describe('comparing the streamlined permit with the current one', () => {
  it('lists the removed step and the changed ones', () => {
    const comparison = compareVersions(current, streamlined);
    expect(comparison.removed.map((s) => s.state)).toEqual(['site_inspection']);
    expect(comparison.added).toEqual([]);
    const changed = Object.fromEntries(comparison.changed.map((c) => [c.state, c.fields]));
    expect(changed).toEqual({ appraisal: ['exits'], signing: ['budget'] });
    expect(comparison.units.removed).toEqual([]);
    expect(comparison.period.changed).toBe(false);
  });

  it('pairs the two versions on common random numbers: a narrower interval for the same difference', () => {
    const options = { runs: 20_000, seed: 3, from: '2026-03-02', horizonWorkingDays: 120 };
    const [before, after] = [buildSimulationModel(current, traces, defaultCalendar), buildSimulationModel(streamlined, traces, defaultCalendar)];
    const paired = compareVersions(current, streamlined, simulatePair(before, after, defaultCalendar, options)).predicted!;
    const independent = compareVersions(current, streamlined, {
      before: simulate(before, defaultCalendar, options),
      after: simulate(after, defaultCalendar, options),
    }).predicted!;
    const width = (i: { low: number; high: number }) => i.high - i.low;
    expect(paired.onTimeRate.difference).toBeGreaterThan(0.01);
    expect(paired.meanResolutionWorkingDays.difference).toBeLessThan(-0.3);
    expect(width(paired.onTimeRate.interval)).toBeLessThan(width(independent.onTimeRate.interval));
    expect(width(paired.meanResolutionWorkingDays.interval)).toBeLessThan(width(independent.meanResolutionWorkingDays.interval));
    expect(paired.onTimeRate.interval.low).toBeLessThan(paired.onTimeRate.difference);
    expect(paired.onTimeRate.interval.high).toBeGreaterThan(paired.onTimeRate.difference);
  });

  it('predicts the gain with its uncertainty from two independent runs, from the same history', () => {
    const options = { runs: 20_000, seed: 3, from: '2026-03-02', horizonWorkingDays: 120 };
    const before = simulate(buildSimulationModel(current, traces, defaultCalendar), defaultCalendar, options);
    const after = simulate(buildSimulationModel(streamlined, traces, defaultCalendar), defaultCalendar, options);
    const { predicted } = compareVersions(current, streamlined, { before, after });
    // Fewer steps on the way: more on time, sooner. The runs are independent, so the uncertainty of the
    // difference is both versions' added in quadrature (conservative: they share the history).
    expect(predicted!.onTimeRate.difference).toBeGreaterThan(0.01);
    expect(predicted!.meanResolutionWorkingDays.difference).toBeLessThan(-0.3);
    const halfWidth = (i: { low: number; high: number }) => (i.high - i.low) / 2;
    expect(halfWidth(predicted!.onTimeRate.interval)).toBeCloseTo(
      Math.hypot(halfWidth(before.onTimeInterval), halfWidth(after.onTimeInterval)),
      2,
    );
    expect(predicted!.onTimeRate.interval.low).toBeLessThan(predicted!.onTimeRate.difference);
    // The cut signing budget: the step keeps its recorded times, so it now runs over more often.
    const overBefore = before.steps.find((s) => s.state === 'signing')!.overBudgetShare!;
    const overAfter = after.steps.find((s) => s.state === 'signing')!.overBudgetShare!;
    expect(overAfter).toBeGreaterThan(overBefore);
  });
});
