/**
 * Worker memory with many open cases (issue #5: "worker memory under 1 GB with 10,000 open cases").
 *
 * The worker runs as its own process, `motcua worker`, the way it runs at scale (infra/README.md):
 * against a PostgreSQL server and a Temporal dev server (in memory). This process submits the cases
 * through the case service and reads the worker's RSS from /proc. Each case is a D7-HKD-01 dossier
 * left in `receipt` with its deadline, warning and budget timers running. Then an `accept` on cases
 * spread over all of them: those evicted from the worker's cache are replayed from their history.
 *
 * The baseline, measured in the same run: the same worker process idle (bundle loaded, polling).
 *
 * Run: npm run bench:worker-memory -- [--open-cases 10000] [--max-cached 1000,default] [--acts 200]
 * PostgreSQL: DATABASE_URL's server if set, else the one infra/postgres/start.sh starts; a fresh
 * database is created for the run and dropped after.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import pg from 'pg';
import { defaultCalendarData } from '../src/calendar/index.js';
import { createCaseService } from '../src/engine/case-service.js';
import { ensureCaseSearchAttributes } from '../src/engine/search-attributes.js';
import { temporalExecutable } from '../src/engine/temporal-server.js';
import { loadCatalogue } from '../src/procedures/catalogue.js';
import { migrateToLatest, openDatabase } from '../src/store/database.js';
import { startWorkerProcess } from '../tests/support/worker-process.js';
import { findServerPid, percentile, processMemoryMiB } from './measure.js';

const { values: args } = parseArgs({
  options: {
    'open-cases': { type: 'string', default: '10000' },
    'max-cached': { type: 'string', default: 'default' },
    acts: { type: 'string', default: '200' },
  },
});
const OPEN_CASES = Number(args['open-cases']);
const ACTS = Number(args.acts);
const CACHE_BOUNDS = args['max-cached'].split(',').map((v) => (v === 'default' ? undefined : Number(v)));
if (!(OPEN_CASES > 0) || !(ACTS >= 0) || CACHE_BOUNDS.some((b) => b !== undefined && !(b > 0))) {
  throw new Error('usage: --open-cases N (>0) --max-cached N[,N|default…] --acts N');
}
const root = fileURLToPath(new URL('../', import.meta.url));
const PROCEDURE = 'D7-HKD-01';
/** Submitted but not yet received by the worker, at most: the worker's pace, not the client's. */
const WINDOW = 64;
const IN_FLIGHT = 16;
/** A desk's dossier code holds 4 digits a day: beyond this, cases arrive by post dated a day earlier. */
const PER_DAY = 9000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// PostgreSQL: a fresh database on the server.
const serverUrl = new URL(process.env.DATABASE_URL ?? execFileSync('bash', [`${root}infra/postgres/start.sh`], { encoding: 'utf8' }).trim());
const dbName = `motcua_bench_${process.pid}`;
const admin = new pg.Client({ connectionString: new URL('/postgres', serverUrl).toString() });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const databaseUrl = new URL(`/${dbName}`, serverUrl).toString();
const db = openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 4 });
await migrateToLatest(db);

const env = await TestWorkflowEnvironment.createLocal({ server: { executable: temporalExecutable('temporal'), ip: '127.0.0.1' } });
const namespace = env.namespace ?? 'default';
await ensureCaseSearchAttributes(env.connection, namespace);
const client = new Client({ connection: env.connection, namespace });
const catalogue = await loadCatalogue(`${root}procedures`);
const serverPid = findServerPid();

console.log(`worker memory bench — ${OPEN_CASES} open ${PROCEDURE} cases per worker, cache bounds: ${CACHE_BOUNDS.map((b) => b ?? "motcua's default (MOTCUA_MAX_CACHED_WORKFLOWS unset)").join(', ')}`);
console.log(`worker: \`motcua worker\` as its own process; PostgreSQL ${serverUrl.host} (database ${dbName}); Temporal dev server in memory (pid ${serverPid})\n`);

const results: Array<Record<string, unknown>> = [];
try {
  for (const [run, bound] of CACHE_BOUNDS.entries()) {
    const taskQueue = `bench-memory-${run}`;
    const cases = createCaseService({ client, db, taskQueue, procedures: { get: (code, at) => catalogue.get(code, at)?.compiled }, calendar: () => defaultCalendarData });
    const worker = startWorkerProcess({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: namespace,
      DATABASE_URL: databaseUrl,
      MOTCUA_TASK_QUEUE: taskQueue,
      ...(bound === undefined ? {} : { MOTCUA_MAX_CACHED_WORKFLOWS: String(bound) }),
    });
    await worker.ready;
    await sleep(3000);
    const pid = worker.child.pid;
    const idle = processMemoryMiB(pid);
    const serverBefore = processMemoryMiB(serverPid);
    const received = async () =>
      Number((await db.selectFrom('case_events').select((eb) => eb.fn.countAll<string>().as('n')).where('type', '=', 'received').executeTakeFirstOrThrow()).n);
    const receivedBefore = await received();
    const codes: string[] = [];
    const samples: Array<[number, number]> = [];
    let next = 0;
    let recorded = 0;
    let submitting = true;
    const t0 = performance.now();
    const watcher = (async () => {
      let sampledAt = 0;
      while (submitting || recorded < OPEN_CASES) {
        recorded = (await received()) - receivedBefore;
        if (recorded - sampledAt >= OPEN_CASES / 8 || recorded >= OPEN_CASES) {
          samples.push([recorded, processMemoryMiB(pid)]);
          sampledAt = recorded;
        }
        if (performance.now() - t0 > 60 * 60_000) throw new Error(`only ${recorded} of ${OPEN_CASES} cases received in an hour`);
        await sleep(200);
      }
    })();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < OPEN_CASES) {
          if (next - recorded >= WINDOW) {
            await sleep(20);
            continue;
          }
          const i = next++;
          const daysBack = Math.floor((run * OPEN_CASES + i) / PER_DAY);
          const view = await cases.submit({
            procedureCode: PROCEDURE,
            applicant: { name: `Open ${i}` },
            channel: daysBack > 0 ? 'post' : 'desk',
            receivedAt: daysBack > 0 ? new Date(Date.now() - daysBack * 86_400_000).toISOString() : undefined,
          });
          codes.push(view.caseCode);
        }
      }),
    );
    submitting = false;
    await watcher;
    const openSeconds = (performance.now() - t0) / 1000;
    await sleep(3000);
    const open = processMemoryMiB(pid);

    // An action on cases spread over all: most were evicted from a bounded cache, so they replay.
    const targets = Array.from({ length: Math.min(ACTS, codes.length) }, (_, k) => codes[Math.floor((k * codes.length) / Math.min(ACTS, codes.length))]!);
    const latencies: number[] = [];
    let k = 0;
    const a0 = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (k < targets.length) {
          const code = targets[k++]!;
          const s = performance.now();
          await cases.act(code, { action: 'accept', actor: 'officer-1' }, `accept-${code}`);
          latencies.push(performance.now() - s);
        }
      }),
    );
    const actSeconds = (performance.now() - a0) / 1000;
    const afterActs = processMemoryMiB(pid);
    const peak = processMemoryMiB(pid, 'VmHWM');
    await worker.kill('SIGINT');

    const cachedAtMost = Math.min(OPEN_CASES, bound ?? Infinity);
    const result = {
      bound: bound ?? 'default',
      idle,
      samples,
      open,
      afterActs,
      peak,
      perCachedCase: bound === undefined ? undefined : (open - idle) / cachedAtMost,
      openPerSecond: OPEN_CASES / openSeconds,
      act: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), perSecond: latencies.length / actSeconds },
      server: { before: serverBefore, after: processMemoryMiB(serverPid) },
    };
    results.push(result);
    const f = (x: number) => x.toFixed(0);
    console.log(`cache bound ${result.bound}: worker RSS idle ${f(idle)} MiB (baseline); with open cases ${samples.map(([n, r]) => `${n}: ${f(r)}`).join(', ')} MiB`);
    console.log(
      `  ${OPEN_CASES} open: ${f(open)} MiB = ${(open / idle).toFixed(2)}× idle, peak ${f(peak)} MiB` +
        (result.perCachedCase === undefined ? '' : `, ${(result.perCachedCase * 1024).toFixed(0)} KiB per cached case`) +
        `; opened at ${result.openPerSecond.toFixed(1)} cases/s`,
    );
    console.log(
      `  accept on ${latencies.length} cases spread over all, ${IN_FLIGHT} in flight: p50 ${f(result.act.p50)} ms, p95 ${f(result.act.p95)} ms, ${result.act.perSecond.toFixed(1)}/s; RSS after ${f(afterActs)} MiB`,
    );
    console.log(`  Temporal dev server RSS ${f(result.server.before)} → ${f(result.server.after)} MiB\n`);
  }
} finally {
  await db.destroy();
  await env.teardown();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin.end();
}
const verdict = results.map((r) => `${r.bound}: ${(r.peak as number) < 1024 ? 'met' : 'MISSED'} (peak ${(r.peak as number).toFixed(0)} MiB)`).join('; ');
console.log(`target: worker memory < 1 GiB with ${OPEN_CASES} open cases — ${verdict}${OPEN_CASES < 10_000 ? ' (fewer cases than the target names)' : ''}`);
