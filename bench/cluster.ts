/**
 * Scale-out bench (issue #15): `motcua worker` × N and `motcua api` × M as separate processes against
 * the PostgreSQL-backed Temporal server (infra/temporal/server/), beside the embedded default
 * (`motcua start`: dev server and PGlite in one process tree) measured in the same run.
 *
 * Each case is a D7-HKD-01 dossier driven through the HTTP API: POST /api/cases, then accept →
 * submit_for_signature → approve → return_at_desk (POST /api/cases/:code/actions), `--concurrency`
 * cases in flight, spread round-robin over the API processes. Per set-up: cases/s, p50/p95 per call,
 * CPU ms per case of every process (from /proc: utime + stime), and resident memory (RSS now, peak).
 * PostgreSQL's CPU is the whole server's (other users of it count too), so it is shown apart.
 *
 * Run: npm run bench:cluster -- [--cases 60] [--concurrency 16] [--workers 1,2] [--apis 2] [--warmup 6]
 * Every call acts as a signed-in demo account (desk officer, specialist, head), as the console's users do:
 * one sign-in per account and API process before the clock starts (src/auth/demo-accounts.ts).
 * The Temporal server: MOTCUA_TEMPORAL_ADDRESS, else infra/temporal/server/start.sh starts it (its pid
 * from .cache/temporal-server/server.pid). A fresh namespace and a fresh database per run, dropped after.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { setupNamespace } from '../src/engine/temporal-namespace.js';
import { migrateToLatest, openDatabase } from '../src/store/database.js';
import { demoPassword, seedDemoAccounts } from '../src/auth/demo-accounts.js';
import { percentile, processMemoryMiB, readOr, statFields } from './measure.js';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '16' },
    workers: { type: 'string', default: '1,2' },
    apis: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '6' },
  },
});
const CASES = Number(args.cases);
const CONCURRENCY = Number(args.concurrency);
const WORKER_COUNTS = args.workers.split(',').map(Number);
const APIS = Number(args.apis);
const WARMUP = Number(args.warmup);
if (![CASES, CONCURRENCY, APIS].every((n) => Number.isInteger(n) && n > 0) || WORKER_COUNTS.some((n) => !(n > 0)) || !(WARMUP >= 0)) {
  throw new Error('usage: --cases N --concurrency N --workers N[,N…] --apis N --warmup N (whole numbers > 0)');
}
const root = fileURLToPath(new URL('../', import.meta.url));
const bin = `${root}bin/motcua.mjs`;
const ACTIONS = ['accept', 'submit_for_signature', 'approve', 'return_at_desk'] as const;
/** Who takes each call of D7-HKD-01 (tests/api/cases-api.test.ts drives the same path). */
const ACCOUNT_OF = {
  submit: 'desk_officer.q7.mc',
  accept: 'desk_officer.q7.mc',
  submit_for_signature: 'specialist.q7.tckh',
  approve: 'head.q7.tckh',
  return_at_desk: 'desk_officer.q7.mc',
} as const;
const CALLS = ['submit', ...ACTIONS] as const;
const TICK_MS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

// ---------------------------------------------------------------------------------------------
// Processes

interface Proc {
  role: string;
  child?: ChildProcess;
  pid: number;
}
function cpuMs(pid: number): number {
  const stat = readOr(`/proc/${pid}/stat`);
  if (!stat) return NaN;
  const f = statFields(stat);
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => Number(statFields(readOr(`/proc/${e}/stat`) ?? ') x 0')[1]) === pid)
    .map(Number);
}
function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => (readOr(`/proc/${e}/comm`) ?? '').startsWith('postgres'))
    .map(Number);
}

/** `motcua <command>` as its own process; resolves once it prints that it runs. */
async function startMotcua(role: string, command: string, env: Record<string, string>): Promise<Proc> {
  // An empty value unsets the variable (the embedded default runs without TEMPORAL_ADDRESS and DATABASE_URL).
  const merged: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'warn', ...env };
  for (const [key, value] of Object.entries(merged)) if (value === '') delete merged[key];
  const child = spawn(process.execPath, [bin, command], { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('motcua is running')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${role} exited (${code}):\n${output}`)));
  });
  return { role, child, pid: child.pid! };
}
async function stop(procs: Proc[]): Promise<void> {
  await Promise.all(
    procs
      .filter((p) => p.child && p.child.exitCode === null)
      .map((p) => new Promise<void>((resolve) => (p.child!.once('exit', () => resolve()), p.child!.kill('SIGTERM')))),
  );
}

// ---------------------------------------------------------------------------------------------
// Load through the HTTP API

interface Run {
  label: string;
  n: number;
  wallMs: number;
  byCall: Record<(typeof CALLS)[number], number[]>;
  cpu: Array<{ role: string; ms: number; rss: number; peak: number }>;
  postgresCpuMs: number;
}

/** Session cookies by API base and account: signed in once, before anything is timed. */
const sessions = new Map<string, string>();
async function signIn(apis: string[]): Promise<void> {
  for (const base of apis) {
    for (const account of new Set(Object.values(ACCOUNT_OF))) {
      const response = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ account, password: demoPassword }),
      });
      if (!response.ok) throw new Error(`sign-in of ${account} at ${base}: ${response.status} ${await response.text()}`);
      sessions.set(`${base} ${account}`, response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '));
    }
  }
}

async function call(base: string, account: string, url: string, body: unknown): Promise<{ caseCode: string; status: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', cookie: sessions.get(`${base} ${account}`) ?? '' };
  const response = await fetch(`${base}${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${text}`);
  return JSON.parse(text) as { caseCode: string; status: string };
}

async function drive(label: string, apis: string[], procs: Proc[], n: number, tag: string, measure: boolean): Promise<Run> {
  const byCall = Object.fromEntries(CALLS.map((c) => [c, [] as number[]])) as Run['byCall'];
  const cpu0 = procs.map((p) => cpuMs(p.pid));
  const pg0 = postgresPids().reduce((a, pid) => a + (cpuMs(pid) || 0), 0);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, n) }, async () => {
      while (next < n) {
        const i = next++;
        const base = apis[i % apis.length]!;
        let t = performance.now();
        const { caseCode } = await call(base, ACCOUNT_OF.submit, '/api/cases', { procedureCode: 'D7-HKD-01', applicant: { name: `Bench ${i}` }, channel: 'desk' });
        byCall.submit.push(performance.now() - t);
        for (const action of ACTIONS) {
          t = performance.now();
          const view = await call(base, ACCOUNT_OF[action], `/api/cases/${encodeURIComponent(caseCode)}/actions`, { action, idempotencyKey: `${tag}-${caseCode}-${action}` });
          byCall[action].push(performance.now() - t);
          if (action === 'return_at_desk' && view.status !== 'closed') throw new Error(`${caseCode} did not close: ${view.status}`);
        }
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu = procs.map((p, i) => ({ role: p.role, ms: (cpuMs(p.pid) - cpu0[i]!) / n, rss: processMemoryMiB(p.pid), peak: processMemoryMiB(p.pid, 'VmHWM') }));
  const postgresCpuMs = (postgresPids().reduce((a, pid) => a + (cpuMs(pid) || 0), 0) - pg0) / n;
  if (measure) console.log(`  ${label}: ${n} cases in ${fmt(wallMs / 1000)} s`);
  return { label, n, wallMs, byCall, cpu, postgresCpuMs };
}

// ---------------------------------------------------------------------------------------------
// The set-ups

const loadAtStart = os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`motcua cluster bench — ${os.cpus().length} cores, node ${process.version}, load average ${loadAtStart}`);
console.log(`${CASES} D7-HKD-01 cases per set-up through the HTTP API, ${CONCURRENCY} in flight, after ${WARMUP} warm-up cases\n`);

const address = process.env.MOTCUA_TEMPORAL_ADDRESS ?? execFileSync('bash', [`${root}infra/temporal/server/start.sh`], { encoding: 'utf8' }).trim();
const serverPidFile = `${root}.cache/temporal-server/server.pid`;
const temporalPid = existsSync(serverPidFile) ? Number(readFileSync(serverPidFile, 'utf8')) : undefined;
const pgUrl = new URL(process.env.DATABASE_URL ?? execFileSync('bash', [`${root}infra/postgres/start.sh`], { encoding: 'utf8' }).trim());
const id = randomBytes(3).toString('hex');
const dbName = `motcua_cluster_${id}`;
const admin = new pg.Client({ connectionString: new URL('/postgres', pgUrl).toString() });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const databaseUrl = new URL(`/${dbName}`, pgUrl).toString();
const migrated = openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
await migrateToLatest(migrated); // once, before several processes start
await seedDemoAccounts(migrated); // the accounts the calls act as; the embedded default seeds its own
await migrated.destroy();
const namespace = `motcua-bench-${id}`;
const connection = await Connection.connect({ address });
await setupNamespace(connection, namespace, 1);
const sessionKey = randomBytes(32).toString('hex');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-embedded-'));

const runs: Run[] = [];
const everything: Proc[] = [];
try {
  // The embedded default: `motcua start` (worker + API + PGlite in one process, the dev server its child).
  {
    const port = 3290;
    const proc = await startMotcua('motcua start', 'start', { MOTCUA_DATA_DIR: dataDir, PORT: String(port), TEMPORAL_UI_PORT: '3291', DATABASE_URL: '', TEMPORAL_ADDRESS: '' });
    everything.push(proc);
    const devServer = childrenOf(proc.pid).find((pid) => (readOr(`/proc/${pid}/comm`) ?? '').startsWith('temporal'));
    const procs = [proc, ...(devServer ? [{ role: 'dev server', pid: devServer }] : [])];
    const apis = [`http://127.0.0.1:${port}`];
    await signIn(apis);
    await drive('embedded warm-up', apis, procs, WARMUP, `warm-e-${id}`, false);
    runs.push(await drive('embedded default (motcua start)', apis, procs, CASES, `e-${id}`, true));
    await stop([proc]);
  }
  // The cluster: N workers × M APIs against the PostgreSQL-backed Temporal server.
  for (const workers of WORKER_COUNTS) {
    const env = {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      DATABASE_URL: databaseUrl,
      MOTCUA_TASK_QUEUE: `bench-cluster-${id}-${workers}`,
      MOTCUA_REGISTER_SEARCH_ATTRIBUTES: 'false',
      // One session key for every API process, as a province sets it (infra/scale/).
      MOTCUA_SESSION_KEY: sessionKey,
    };
    const procs: Proc[] = [];
    for (let w = 0; w < workers; w += 1) procs.push(await startMotcua(`worker ${w + 1}`, 'worker', env));
    const apis: string[] = [];
    for (let a = 0; a < APIS; a += 1) {
      const port = 3300 + a;
      procs.push(await startMotcua(`api ${a + 1}`, 'api', { ...env, PORT: String(port) }));
      apis.push(`http://127.0.0.1:${port}`);
    }
    everything.push(...procs);
    await signIn(apis);
    const measured = [...procs, ...(temporalPid ? [{ role: 'temporal server', pid: temporalPid }] : [])];
    await drive('cluster warm-up', apis, measured, WARMUP, `warm-${workers}-${id}`, false);
    runs.push(await drive(`${workers} worker${workers > 1 ? 's' : ''} × ${APIS} API`, apis, measured, CASES, `c${workers}-${id}`, true));
    await stop(procs);
    await sleep(1000);
  }
} finally {
  await stop(everything);
  await connection.operatorService.deleteNamespace({ namespace }).catch(() => undefined);
  await connection.close();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Report

const p = percentile;
const base = runs[0]!;
const rate = (r: Run) => r.n / (r.wallMs / 1000);
console.log('\n| set-up | cases/s | × embedded | ' + CALLS.map((c) => `${c} p50 / p95 ms`).join(' | ') + ' |');
console.log('|---|---:|---:|' + CALLS.map(() => '---:').join('|') + '|');
for (const r of runs) {
  console.log(
    `| ${r.label} | ${fmt(rate(r))} | ×${fmt(rate(r) / rate(base), 2)} | ` + CALLS.map((c) => `${fmt(p(r.byCall[c], 50), 0)} / ${fmt(p(r.byCall[c], 95), 0)}`).join(' | ') + ' |',
  );
}
console.log('\n| set-up | CPU ms per case, by process | ours in all | PostgreSQL (whole server) | RSS MiB now / peak, by process |');
console.log('|---|---|---:|---:|---|');
for (const r of runs) {
  const ours = r.cpu.reduce((a, c) => a + c.ms, 0);
  console.log(
    `| ${r.label} | ${r.cpu.map((c) => `${c.role} ${fmt(c.ms, 0)}`).join(', ')} | ${fmt(ours, 0)} | ${fmt(r.postgresCpuMs, 0)} | ` +
      `${r.cpu.map((c) => `${c.role} ${fmt(c.rss, 0)} / ${fmt(c.peak, 0)}`).join(', ')} |`,
  );
}
console.log(`\nload average at start ${loadAtStart}, at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
