/**
 * Metrics at volume (issue #12): N synthetic cases (about 9 events each) written into PostgreSQL,
 * then the p95 of each dashboard and audit query beside the same figure computed by a plain
 * aggregation over the raw events, in the same run; the seeding rate; and the live projection's
 * cost per event write beside the write without it.
 * Run: npm run bench:metrics -- [N]   (default 1,000,000; needs BENCH_DATABASE_URL or TEST_DATABASE_URL)
 * BENCH_STAGES=100000,250000 measures at those sizes too on the way (the same database, growing).
 * BENCH_KEEP_DATABASE=1 keeps the database; BENCH_REUSE_DATABASE=1 then migrates it to the current code
 * (e.g. a new rollup filled by its migration) and measures the queries and the write cost, without seeding.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { defaultCalendarData } from '../src/calendar/index.js';
import { metricProceduresOf } from '../src/metrics/metric-procedures.js';
import { queryAudit, queryFigures } from '../src/metrics/metrics-queries.js';
import { appendCaseEventsWithMetrics } from '../src/metrics/metrics-store.js';
import { seedSynthetic, syntheticCases } from '../src/metrics/synthetic.js';
import { loadCatalogue } from '../src/procedures/catalogue.js';
import { appendCaseEvents } from '../src/store/case-store.js';
import { migrateToLatest, openDatabase, type MotcuaDb } from '../src/store/database.js';
import { percentile } from './measure.js';

const N = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const RAW_ROUNDS = Number(process.env.BENCH_RAW_ROUNDS ?? ROUNDS);
const WRITE_CASES = Number(process.env.BENCH_WRITE_CASES ?? 300);
const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!adminUrl) throw new Error('set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server');

const REUSE = Boolean(process.env.BENCH_REUSE_DATABASE);
const name = `motcua_bench_metrics_${N}`;
if (!REUSE) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const db: MotcuaDb = openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
const migrateStart = performance.now();
await migrateToLatest(db);
if (REUSE) console.log(`reusing ${name}: migrated in ${((performance.now() - migrateStart) / 1000).toFixed(1)} s`);

const catalogue = await loadCatalogue('procedures');
const context = { procedures: metricProceduresOf(catalogue.procedures), calendar: defaultCalendarData };
const synthetic = {
  procedures: catalogue.procedures.map((p) => p.compiled),
  calendar: defaultCalendarData,
  from: new Date('2021-01-01T00:00:00+07:00'),
  to: new Date('2022-01-01T00:00:00+07:00'),
};

async function p95(work: () => Promise<unknown>, rounds = ROUNDS): Promise<number> {
  await work(); // warm
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return percentile(times, 95);
}

// Field of each procedure, for the raw aggregation (the events carry only the procedure code).
const fields = sql.join(catalogue.procedures.map((p) => sql`(${p.definition.code}, ${p.definition.field})`));

// 2. Queries: projection vs plain aggregation over the raw events, same figure.
// The dashboard's queries as the pages issue them: without the median and p90, which the pages do not show.
const queries: Array<{ name: string; projection: () => Promise<unknown>; raw?: () => Promise<unknown> }> = [
  {
    name: 'dashboard: year by unit and month (received, results by timeliness, on-time rates)',
    projection: () => queryFigures(db, { by: 'unit', granularity: 'month', from: '2021-01-01', to: '2021-12-31', resolutionPercentiles: false }),
    raw: () =>
      sql`with r as (select case_code, unit from case_events where type = 'received')
        select r.unit, to_char(e.at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM') as month,
          count(*) filter (where e.type = 'received') as received,
          count(*) filter (where e.type = 'resolved' and e.data->>'timeliness' = 'early') as early,
          count(*) filter (where e.type = 'resolved' and e.data->>'timeliness' = 'on_time') as on_time,
          count(*) filter (where e.type = 'resolved' and e.data->>'timeliness' = 'late') as late,
          count(*) filter (where e.type = 'closed' and e.data->>'outcome' = 'withdrawn') as withdrawn,
          count(*) filter (where e.type = 'apology_issued') as apologies
        from case_events e join r using (case_code)
        where e.type in ('received', 'resolved', 'closed', 'apology_issued')
        group by 1, 2`.execute(db),
  },
  {
    name: 'dashboard: field by month (plan targets per field)',
    projection: () => queryFigures(db, { by: 'field', granularity: 'month', from: '2021-01-01', to: '2021-12-31', resolutionPercentiles: false }),
    raw: () =>
      sql`with f(code, field) as (values ${fields}),
        r as (select case_code, data->>'procedureCode' as code from case_events where type = 'received')
        select f.field, to_char(e.at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM') as month,
          count(*) filter (where e.type = 'received') as received,
          count(*) filter (where e.type = 'resolved' and e.data->>'timeliness' in ('early', 'on_time')) as in_time,
          count(*) filter (where e.type = 'resolved') as resolved
        from case_events e join r using (case_code) join f on f.code = r.code
        where e.type in ('received', 'resolved')
        group by 1, 2`.execute(db),
  },
  {
    name: 'dashboard: one unit, one month, by procedure (drill-down)',
    projection: () =>
      queryFigures(db, { by: 'procedure', granularity: 'month', from: '2021-06-01', to: '2021-06-30', filter: { unit: 'Q7.MC' }, resolutionPercentiles: false }),
    raw: () =>
      sql`with r as (select case_code, data->>'procedureCode' as code from case_events where type = 'received' and unit = 'Q7.MC')
        select r.code, count(*) filter (where e.type = 'received') as received,
          count(*) filter (where e.type = 'resolved' and e.data->>'timeliness' in ('early', 'on_time')) as in_time,
          count(*) filter (where e.type = 'resolved') as resolved
        from case_events e join r using (case_code)
        where e.type in ('received', 'resolved') and e.at >= '2021-06-01T00:00:00+07:00' and e.at < '2021-07-01T00:00:00+07:00'
        group by 1`.execute(db),
  },
  {
    name: 'audit: 100 latest cases (overdue open, then late by office minutes), with steps',
    projection: () => queryAudit(db, { limit: 100 }),
    raw: () =>
      sql`with late as (
          select case_code, at - (data->>'statutoryDueAt')::timestamptz as lateness from case_events where type = 'resolved' and data->>'timeliness' = 'late'
          union all
          select o.case_code, now() - o.at from case_events o
          where o.type = 'overdue' and not exists (select 1 from case_events x where x.case_code = o.case_code and x.type in ('resolved', 'closed')))
        select l.case_code, l.lateness, array_agg(e.unit || ':' || e.at order by e.seq) as steps
        from (select * from late order by lateness desc limit 100) l join case_events e using (case_code)
        where e.type = 'action'
        group by 1, 2 order by 2 desc`.execute(db),
  },
  {
    name: 'API figures: year by unit and month with the exact median and p90 (percentile_cont over the facts; no raw baseline)',
    projection: () => queryFigures(db, { by: 'unit', granularity: 'month', from: '2021-01-01', to: '2021-12-31' }),
  },
];

async function measureQueries(): Promise<void> {
  console.log(`\nquery | projection p95 ms (${ROUNDS} runs) | raw events p95 ms (${RAW_ROUNDS} runs) | raw ÷ projection`);
  for (const query of queries) {
    const projection = await p95(query.projection);
    const raw = query.raw ? await p95(query.raw, RAW_ROUNDS) : null;
    console.log(`${query.name} | ${projection.toFixed(1)} | ${raw?.toFixed(1) ?? '—'} | ${raw === null ? '—' : `${(raw / projection).toFixed(1)}×`}`);
  }
}

// 3. Live projection cost per event write: the same batches with and without it.
async function writeCost(seed: number, withMetrics: boolean, year: number): Promise<{ msPerEvent: number; events: number }> {
  // Cases of a later year, so their dossier codes are not among the seeded ones.
  const next = syntheticCases({ ...synthetic, from: new Date(`${year}-01-01T00:00:00+07:00`), to: new Date(`${year + 1}-01-01T00:00:00+07:00`), seed });
  const batches = Array.from({ length: WRITE_CASES }, () => next()).flat();
  const events = batches.reduce((n, b) => n + b.events.length, 0);
  const start = performance.now();
  for (const batch of batches) {
    if (withMetrics) await appendCaseEventsWithMetrics(db, batch.events, batch.projection, context);
    else await appendCaseEvents(db, batch.events, batch.projection);
  }
  return { msPerEvent: (performance.now() - start) / events, events };
}

async function measureWrites(round: number): Promise<void> {
  const without = await writeCost(1001 + 2 * round, false, 2030 + 2 * round);
  const withMetrics = await writeCost(1002 + 2 * round, true, 2031 + 2 * round);
  console.log(
    `\nevent write, ${WRITE_CASES} cases each: without projection ${without.msPerEvent.toFixed(3)} ms/event (${without.events} events), ` +
      `with live projection ${withMetrics.msPerEvent.toFixed(3)} ms/event (${withMetrics.events} events): ${(withMetrics.msPerEvent / without.msPerEvent).toFixed(2)}×`,
  );
}

// 1. Seeding in stages: the figures at each stage are printed, so a run cut short still reports its largest N.
const stages = (process.env.BENCH_STAGES ?? String(N)).split(',').map(Number).filter((n) => n > 0 && n <= N);
if (stages.at(-1) !== N) stages.push(N);
const cases = syntheticCases({ ...synthetic, seed: 1 });
let seededCases = 0;
let seededEvents = 0;
let seedSeconds = 0;
if (REUSE) {
  const size = await sql<{ cases: string; events: string; seeded: string }>`select (select count(*) from cases) as cases, (select count(*) from case_events) as events,
    (select count(*) from cases where case_code in (select case_code from case_events where type = 'received' and at < '2022-01-01T00:00:00+07:00')) as seeded`.execute(db);
  const { cases: all, events, seeded } = size.rows[0]!;
  console.log(`\n== ${new Date().toISOString()} N = ${seeded} seeded cases of 2021 (${all} with earlier write rounds), ${events} events (reused); load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  await measureQueries();
  await measureWrites(10); // years 2050–2051: codes not among the seeded ones nor earlier write rounds
  stages.length = 0;
}
for (const [round, stage] of stages.entries()) {
  let lastReport = 0;
  const seeded = await seedSynthetic(db, stage - seededCases, {
    ...synthetic,
    seed: 1,
    cases,
    metrics: context,
    chunkCases: 2000,
    onProgress: (done) => {
      if (performance.now() - lastReport > 10000) {
        lastReport = performance.now();
        process.stderr.write(`[${new Date().toISOString()}] seeded ${seededCases + done}/${N}\n`);
      }
    },
  });
  seededCases = stage;
  seededEvents += seeded.events;
  seedSeconds += seeded.seconds;
  await sql`vacuum (analyze) metrics_case_facts`.execute(db);
  const size = await sql<{ events: string }>`select count(*) as events from case_events`.execute(db);
  console.log(
    `\n== ${new Date().toISOString()} stage N = ${seededCases} cases, ${size.rows[0]!.events} events: seeding ${seedSeconds.toFixed(1)} s in all, ` +
      `${(seededCases / seedSeconds).toFixed(0)} cases/s, ${(seededEvents / seedSeconds).toFixed(0)} events/s (this stage ${(seeded.cases / seeded.seconds).toFixed(0)} cases/s); load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
  );
  await measureQueries();
  if (round === 0 || stage === N) await measureWrites(round);
}

await db.destroy();
if (!process.env.BENCH_KEEP_DATABASE) {
  const cleanup = new pg.Client({ connectionString: adminUrl });
  await cleanup.connect();
  await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await cleanup.end();
}
