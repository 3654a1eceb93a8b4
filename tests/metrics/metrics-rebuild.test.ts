import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../src/calendar/index.js';
import { runMetricsCommand, runSeedCommand } from '../../src/cli/metrics-command.js';
import { loadConfig } from '../../src/config.js';
import { rebuildMetrics, type MetricsContext } from '../../src/metrics/metrics-store.js';
import { seedSynthetic, type SyntheticOptions } from '../../src/metrics/synthetic.js';
import type { MotcuaDb } from '../../src/store/database.js';
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
  return { facts: facts.rows, steps: steps.rows, daily: daily.rows };
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
    await sql`truncate case_events, cases, metrics_case_facts, metrics_steps, metrics_daily`.execute(db);
    await seedSynthetic(db, 60, { ...synthetic, metrics: context, chunkCases: 25 });
    expect(await snapshot(db)).toEqual(live);
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
    await sql`truncate case_events, cases, metrics_case_facts, metrics_steps, metrics_daily`.execute(database.db);
    expect(await runSeedCommand(['--synthetic', '20', '--from', '2021-03-01', '--to', '2021-03-31'], io, config)).toBe(0);
    const before = await snapshot(database.db);
    expect(before.facts).toHaveLength(20);
    expect(await runMetricsCommand(['rebuild'], io, config)).toBe(0);
    expect(await snapshot(database.db)).toEqual(before);
    expect(lines.join('\n')).toMatch(/seeded 20 synthetic cases[\s\S]*rebuilt metrics: 20 cases/);
    expect(await runSeedCommand(['--synthetic', 'many'], io, config)).toBe(2);
  }, 240_000);
});
