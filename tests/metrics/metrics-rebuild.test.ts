import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../src/calendar/index.js';
import { runMetricsCommand, runSeedCommand } from '../../src/cli/metrics-command.js';
import { loadConfig } from '../../src/config.js';
import { queryAudit, queryFigures } from '../../src/metrics/metrics-queries.js';
import { rebuildMetrics, type MetricsContext } from '../../src/metrics/metrics-store.js';
import { seedSynthetic, type SyntheticOptions } from '../../src/metrics/synthetic.js';
import type { MotcuaDb } from '../../src/store/database.js';
import { fillOpenCounters } from '../../src/store/migrations/0013-metrics-open-counters.js';
import { createTestDatabase, storageKinds, type TestDatabase } from '../support/services.js';
import { catalogue, metricProcedures } from './scenarios.js';

const context: MetricsContext = { procedures: metricProcedures, calendar: defaultCalendarData };
const synthetic: SyntheticOptions = {
  procedures: catalogue.procedures.map((p) => p.compiled),
  calendar: defaultCalendarData,
  from: new Date('2021-01-01T00:00:00+07:00'),
  to: new Date('2021-04-01T00:00:00+07:00'),
  seed: 7,
};

async function snapshot(db: MotcuaDb) {
  const facts = await sql`select * from metrics_case_facts order by case_code`.execute(db);
  const steps = await sql`select * from metrics_steps order by case_code, ordinal`.execute(db);
  const daily = await sql`select * from metrics_daily order by day, procedure_code, receiving_unit, ward, channel`.execute(db);
  const monthly = await sql`select * from metrics_monthly order by month, procedure_code, receiving_unit, ward, channel`.execute(db);
  return { facts: facts.rows, steps: steps.rows, daily: daily.rows, monthly: monthly.rows };
}

describe.each(storageKinds)('rebuild after a seeded run on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  }, 300_000);
  afterAll(async () => {
    await database?.close();
  });

  it('gives the live projection back from the events alone, and the bulk seeder writes the same', async () => {
    const { db } = database;
    const seeded = await seedSynthetic(db, 60, { ...synthetic, metrics: context, live: true });
    expect(seeded.events).toBeGreaterThan(60 * 3);
    const live = await snapshot(db);
    const outcomes = new Set(live.facts.map((f) => (f as { outcome: string | null }).outcome));
    expect(outcomes.has('approved')).toBe(true);
    expect(live.daily.length).toBeGreaterThan(10);
    expect(await rebuildMetrics(db, context, { batchSize: 7 })).toMatchObject({ cases: 60, events: seeded.events });
    expect(await snapshot(db)).toEqual(live);

    // The same cases written in bulk (as `seed --synthetic` does) land on the same projections.
    await sql`truncate case_events, cases, metrics_case_facts, metrics_steps, metrics_daily, metrics_monthly`.execute(db);
    await seedSynthetic(db, 60, { ...synthetic, metrics: context, chunkCases: 25 });
    expect(await snapshot(db)).toEqual(live);
    expect(live.monthly.length).toBeGreaterThan(5);

    // The rollups' answers (monthly sums, the audit's two index orders) against plain aggregations over the raw events.
    const fromRollups = await queryFigures(db, { by: 'unit', granularity: 'month', from: '2021-01-01', to: '2021-03-31' });
    const fromDays = await queryFigures(db, { by: 'unit', granularity: 'day', from: '2021-01-01', to: '2021-03-31' });
    const rawCounts = await sql<{ unit: string; month: string; received: number; early: number; on_time: number; late: number }>`
      with receipt as (select case_code, unit from case_events where type = 'received'
        and not exists (select 1 from case_events c where c.case_code = case_events.case_code and c.type = 'closed' and c.data->>'outcome' = 'refused'))
      select r.unit, to_char(e.at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM') as month,
        count(*) filter (where e.type = 'received')::int as received,
        count(*) filter (where e.type = 'resolved' and e.data->>'timeliness' = 'early')::int as early,
        count(*) filter (where e.type = 'resolved' and e.data->>'timeliness' = 'on_time')::int as on_time,
        count(*) filter (where e.type = 'resolved' and e.data->>'timeliness' = 'late')::int as late
      from case_events e join receipt r using (case_code)
      where e.type in ('received', 'resolved') and e.at < '2021-04-01T00:00:00+07:00'
      group by 1, 2 order by 1, 2`.execute(db);
    const counted = (rows: typeof fromRollups) => {
      const sums = new Map<string, { unit: string; month: string; received: number; early: number; on_time: number; late: number }>();
      for (const row of rows) {
        const key = `${row.group}|${row.period.slice(0, 7)}`;
        const sum = sums.get(key) ?? { unit: row.group, month: row.period.slice(0, 7), received: 0, early: 0, on_time: 0, late: 0 };
        sum.received += row.counts.received;
        sum.early += row.counts.resolvedEarly;
        sum.on_time += row.counts.resolvedOnTime;
        sum.late += row.counts.resolvedLate;
        sums.set(key, sum);
      }
      return [...sums.values()].filter((s) => s.received + s.early + s.on_time + s.late > 0).sort((a, b) => a.unit.localeCompare(b.unit) || a.month.localeCompare(b.month));
    };
    expect(rawCounts.rows.length).toBeGreaterThan(3);
    expect(counted(fromRollups)).toEqual(rawCounts.rows);
    expect(counted(fromDays)).toEqual(rawCounts.rows);

    // The open-case snapshot from the counters (migration 0013) against the raw events: received, not refused, neither resolved nor closed.
    const rawOpen = await sql<{ unit: string; month: string; open: number }>`
      select unit, to_char(at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM') as month, count(*)::int as open
      from case_events r where type = 'received'
        and not exists (select 1 from case_events e where e.case_code = r.case_code and e.type in ('resolved', 'closed'))
      group by 1, 2 order by 1, 2`.execute(db);
    const openOf = (rows: typeof fromRollups) =>
      rows
        .map((row) => ({ unit: row.group, month: row.period, open: row.open.inProgressInTime + row.open.inProgressOverdue + row.open.awaitingSupplement }))
        .filter((row) => row.open > 0);
    expect(rawOpen.rows.length).toBeGreaterThan(0);
    expect(openOf(fromRollups)).toEqual(rawOpen.rows);
    expect(fromRollups.some((row) => row.open.inProgressOverdue > 0)).toBe(true);
    // The migration's fill from the facts gives the counters the writes kept.
    await sql`update metrics_daily set open_in_time = 0, open_overdue = 0, open_awaiting = 0`.execute(db);
    await sql`update metrics_monthly set open_in_time = 0, open_overdue = 0, open_awaiting = 0`.execute(db);
    await fillOpenCounters(db as never);
    expect(await snapshot(db)).toEqual(live);

    // The mean from the counters equals the mean over the facts; the pages' queries leave out only the median and p90.
    const means = await sql<{ unit: string; month: string; n: number; mean: number }>`
      select receiving_unit as unit, to_char(resolved_day, 'YYYY-MM') as month, count(*)::int as n, avg(resolution_minutes) / 480 as mean
      from metrics_case_facts where resolved_day is not null group by 1, 2 order by 1, 2`.execute(db);
    const withTimes = fromRollups.filter((row) => row.resolutionTime.count > 0);
    expect(withTimes.map((row) => [row.group, row.period, row.resolutionTime.count])).toEqual(means.rows.map((r) => [r.unit, r.month, r.n]));
    for (const [i, row] of withTimes.entries()) expect(row.resolutionTime.meanDays).toBeCloseTo(means.rows[i]!.mean, 9);
    expect(withTimes.every((row) => row.resolutionTime.medianDays !== null && row.resolutionTime.p90Days !== null)).toBe(true);
    const forPages = await queryFigures(db, { by: 'unit', granularity: 'month', from: '2021-01-01', to: '2021-03-31', resolutionPercentiles: false });
    expect(forPages.map((r) => [r.group, r.period, r.counts.received, r.counts.resolvedLate, r.open, r.resolutionTime.count])).toEqual(
      fromRollups.map((r) => [r.group, r.period, r.counts.received, r.counts.resolvedLate, r.open, r.resolutionTime.count]),
    );
    // (Sums of fractional minutes: the order of addition may differ between two runs, hence close, not equal.)
    for (const [i, row] of forPages.entries()) expect(row.resolutionTime.meanDays ?? 0).toBeCloseTo(fromRollups[i]!.resolutionTime.meanDays ?? 0, 9);
    expect(forPages.every((r) => r.resolutionTime.medianDays === null && r.resolutionTime.p90Days === null)).toBe(true);

    const audit = await queryAudit(db, { limit: 1000 });
    const lateRaw = await sql<{ case_code: string }>`select case_code from case_events where type = 'resolved' and data->>'timeliness' = 'late' order by case_code`.execute(db);
    expect(lateRaw.rows.length).toBeGreaterThan(0);
    expect(audit.filter((r) => r.timeliness === 'late').map((r) => r.caseCode).sort()).toEqual(lateRaw.rows.map((r) => r.case_code));
    const plainOrder = await sql<{ case_code: string }>`select case_code from metrics_case_facts where timeliness = 'late' or overdue
      order by overdue desc, case when overdue then statutory_due_at end asc, late_minutes desc nulls last, case_code`.execute(db);
    expect(audit.map((r) => r.caseCode)).toEqual(plainOrder.rows.map((r) => r.case_code));
    const page = await queryAudit(db, { limit: 3, offset: 2 });
    expect(page.map((r) => r.caseCode)).toEqual(plainOrder.rows.slice(2, 5).map((r) => r.case_code));
  }, 240_000);
});

describe('the metrics command line on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  }, 300_000);
  afterAll(async () => {
    await database?.close();
  });

  it('runs `motcua seed --synthetic` and `motcua metrics rebuild` from the command line', async () => {
    const lines: string[] = [];
    const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
    const config = loadConfig({ ...process.env, DATABASE_URL: database.url });
    await sql`truncate case_events, cases, metrics_case_facts, metrics_steps, metrics_daily, metrics_monthly`.execute(database.db);
    expect(await runSeedCommand(['--synthetic', '20', '--from', '2021-03-01', '--to', '2021-03-31'], io, config)).toBe(0);
    const before = await snapshot(database.db);
    expect(before.facts).toHaveLength(20);
    expect(await runMetricsCommand(['rebuild'], io, config)).toBe(0);
    expect(await snapshot(database.db)).toEqual(before);
    expect(lines.join('\n')).toMatch(/seeded 20 synthetic cases[\s\S]*rebuilt metrics: 20 cases/);
    expect(await runSeedCommand(['--synthetic', 'many'], io, config)).toBe(2);
  }, 240_000);
});
