import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendar, defaultCalendarData } from '../../src/calendar/index.js';
import { caseFacts } from '../../src/metrics/case-facts.js';
import { figuresOf } from '../../src/metrics/figures.js';
import { queryAudit, queryFigures, queryUnitSteps } from '../../src/metrics/metrics-queries.js';
import { appendCaseEventsWithMetrics, rebuildMetrics, type MetricsContext } from '../../src/metrics/metrics-store.js';
import type { MotcuaDb } from '../../src/store/database.js';
import { createTestDatabase, storageKinds, type TestDatabase } from '../support/services.js';
import { batchesOf, drive, metricProcedures, scripts, type Script } from './scenarios.js';

const context: MetricsContext = { procedures: metricProcedures, calendar: defaultCalendarData };
const allScripts = Object.values(scripts) as Script[];
const allFacts = allScripts.map((s) => caseFacts(drive(s), metricProcedures.get(s.procedureCode)!, defaultCalendar)!);

/** Every row of the three projections, in a fixed order, as text. */
async function snapshot(db: MotcuaDb) {
  const facts = await sql`select * from metrics_case_facts order by case_code`.execute(db);
  const steps = await sql`select * from metrics_steps order by case_code, ordinal`.execute(db);
  const daily = await sql`select * from metrics_daily order by day, procedure_code, receiving_unit, ward, channel`.execute(db);
  return JSON.stringify({ facts: facts.rows, steps: steps.rows, daily: daily.rows });
}

describe.each(storageKinds)('metrics projections on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    for (const script of allScripts) {
      const batches = batchesOf(script);
      for (const [index, batch] of batches.entries()) {
        await appendCaseEventsWithMetrics(database.db, batch.events, batch.projection, context);
        // A retried activity resends the same batch: nothing may count twice.
        if (index % 2 === 1) expect(await appendCaseEventsWithMetrics(database.db, batch.events, batch.projection, context)).toBe(0);
      }
    }
  }, 180_000);
  afterAll(async () => {
    await database?.close();
  });

  it('answers the same figures as the pure computation, per month and per unit', async () => {
    for (const query of [
      { by: null, granularity: 'month' },
      { by: 'unit', granularity: 'year' },
      { by: 'channel', granularity: 'quarter' },
      { by: 'ward', granularity: 'day' },
    ] as const) {
      const fromSql = await queryFigures(database.db, query);
      const pure = figuresOf(allFacts, query);
      expect(fromSql.map((r) => [r.group, r.period, r.counts, r.open])).toEqual(pure.map((r) => [r.group, r.period, r.counts, r.open]));
      for (const [i, row] of fromSql.entries()) {
        expect(row.resolutionTime.count).toBe(pure[i]!.resolutionTime.count);
        if (row.resolutionTime.count > 0) {
          expect(row.resolutionTime.meanDays).toBeCloseTo(pure[i]!.resolutionTime.meanDays!, 9);
          expect(row.resolutionTime.medianDays).toBeCloseTo(pure[i]!.resolutionTime.medianDays!, 9);
          expect(row.resolutionTime.p90Days).toBeCloseTo(pure[i]!.resolutionTime.p90Days!, 9);
        }
      }
    }
    const march = (await queryFigures(database.db, { by: null, granularity: 'month', from: '2021-03-01', to: '2021-03-31' }))[0]!;
    expect(march.rates.onTimeRateNd61).toBe(3 / 8);
    expect(march.rates.onTimeRatePlan).toBe(0.5);
  });

  it('lists overdue and late cases, open overdue first, then by lateness, with steps and the first unit over budget', async () => {
    const audit = await queryAudit(database.db);
    expect(audit.map((r) => r.caseCode)).toEqual(['H-OVERDUE', 'D-APOLOGY', 'C-SUPPLEMENT']); // open; 1110 min late; 300 min late
    const d = audit[1]!;
    expect(d).toMatchObject({ firstOverBudgetUnit: 'Q7.TCKH', apologyInTime: true, apologyKept: false, lateMinutes: 1110 });
    expect(d.steps.map((s) => [s.unit, s.workingMinutes, s.budgetMinutes])).toEqual([
      ['Q7.MC', 30, null],
      ['Q7.TCKH', 2910, 960],
      ['Q7.TCKH', 60, 480],
    ]);
    expect(await queryAudit(database.db, { unit: 'P.TTD.MC' })).toEqual([]);
  });

  it('sums time held per unit, the applicant apart, with the TT01 index 2 per step', async () => {
    const units = await queryUnitSteps(database.db, { from: '2021-03-01', to: '2021-03-31' });
    const qldt = units.find((u) => u.unit === 'Q7.QLDT')!;
    expect(qldt).toMatchObject({ steps: 1, overBudget: 0, workingDays: 1, index2: 2 });
    const applicant = units.find((u) => u.unit === 'applicant')!;
    expect(applicant).toMatchObject({ steps: 1, workingDays: 3, index2: null });
  });

  it('rebuilds from the events alone to exactly the live projection', async () => {
    const live = await snapshot(database.db);
    const result = await rebuildMetrics(database.db, context, { batchSize: 4 });
    expect(result.cases).toBe(allScripts.length);
    const rebuilt = await snapshot(database.db);
    expect(rebuilt).toBe(live);
  });
});
