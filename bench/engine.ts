/**
 * The engine benchmark (issue #5), on the embedded default: a Temporal dev server (in memory) and
 * PGlite (in memory), with the case worker, the case service and the bench in one process, as
 * `motcua start` runs worker, API and PGlite in one process.
 *
 * - motcua: complete D7-HKD-01 cases (submit → accept → submit_for_signature → approve →
 *   return_at_desk → workflow completed); cases/s, and the latency of each `cases.act` call.
 * - bare: a workflow taking the same 4 Updates with a no-op handler (bench/bare-workflow.ts), own
 *   bundle, task queue and worker, same server; bare+local: the handler awaits a no-op local
 *   activity (and one runs at start: the same 5 writes as a case, through the same transport);
 *   bare+activity: the same with regular activities (how cases wrote before). Same drivers, same
 *   concurrency.
 * - saturated: `--concurrency` cases in flight, `--rounds` rounds interleaving the variants,
 *   so a neighbour's load on the shared machine falls on all of them. Latency there is mostly
 *   queueing (Little's law); the action latency that a desk officer sees is measured twice more:
 *   paced (cases arrive at a fixed rate below saturation) and one at a time.
 * - where the time goes: CPU per case by thread group and in the Temporal server, the machine's
 *   CPU taken by others, workflow/activity task timings from the histories, and
 *   `appendCaseEvents` timed alone.
 * - memory: `--open-cases` cases submitted and left open (deadline timers running), then the RSS
 *   of this process, which holds the worker, PGlite and the bench.
 *
 * Run: npm run bench:engine -- [--cases 100] [--rounds 2] [--concurrency 32] [--rate R]
 *        [--paced-seconds 8] [--serial-cases 15] [--open-cases 2500] [--max-cached N] [--json]
 * The defaults take about 5½ minutes on 2 quiet cores (7½ with a busy neighbour), two thirds of it
 * opening the cases; `--open-cases 10000` (the issue's figure) adds about ten minutes.
 * What-if: `--max-cached N` bounds the case worker's workflow cache. The worker's own memory with
 * 10,000 open cases, as its own process: bench/worker-memory.ts. Figures: docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { defaultCalendarData } from '../src/calendar/index.js';
import { caseEventSchema } from '../src/cases/case-event.js';
import { applyAction, caseView, projectionOf, startCase, type CaseInput, type Step } from '../src/cases/case-rules.js';
import { dossierCode } from '../src/cases/dossier-code.js';
import { createCaseService } from '../src/engine/case-service.js';
import { ensureCaseSearchAttributes } from '../src/engine/search-attributes.js';
import { bundleCaseWorkflows, createCaseWorker } from '../src/engine/worker.js';
import { createLogger } from '../src/logger.js';
import { loadCatalogue } from '../src/procedures/catalogue.js';
import { appendCaseEvents, nextDossierSequence } from '../src/store/case-store.js';
import { migrateToLatest, openDatabase } from '../src/store/database.js';
import { bareActionUpdate, bareWorkflowType, type BareInput } from './bare-workflow.js';
import { findServerPid, percentile, processMemoryMiB, readOr, statFields } from './measure.js';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '32' },
    rate: { type: 'string' },
    'paced-seconds': { type: 'string', default: '8' },
    'serial-cases': { type: 'string', default: '15' },
    'open-cases': { type: 'string', default: '2500' },
    'max-cached': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
function numberArg(name: string, value: string | undefined, min: number, integer = true): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) throw new Error(`--${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got ${value}`);
  return n;
}
const CASES = numberArg('cases', args.cases, 1);
const ROUNDS = numberArg('rounds', args.rounds, 1);
const CONCURRENCY = numberArg('concurrency', args.concurrency, 1);
const RATE = args.rate === undefined ? undefined : numberArg('rate', args.rate, 0.1, false);
const PACED_SECONDS = numberArg('paced-seconds', args['paced-seconds'], 0, false);
const SERIAL_CASES = numberArg('serial-cases', args['serial-cases'], 0);
const OPEN_CASES = numberArg('open-cases', args['open-cases'], 0);
/** What-if: the worker's workflow cache bounded (absent → the SDK's default, as in session 1's figures). */
const MAX_CACHED = args['max-cached'] === undefined ? undefined : numberArg('max-cached', args['max-cached'], 2);
const WARMUP_CASES = 20;
const OPEN_SAMPLE = 200;
const OPEN_IN_FLIGHT = 20;
/** Open cases submitted whose receipt is not written yet, at most: the worker's pace, not the client's. */
const OPEN_WINDOW = 64;

const root = fileURLToPath(new URL('../', import.meta.url));
const PROCEDURE = 'D7-HKD-01';
const ACTIONS = ['accept', 'submit_for_signature', 'approve', 'return_at_desk'] as const;
const EVENTS_PER_CASE = 7; // received, 3 × action, resolved, action, closed
const CASE_QUEUE = 'bench-cases';
const BARE_QUEUE = 'bench-bare';
const MiB = 1024 * 1024;
const CORES = os.cpus().length;

// ---------------------------------------------------------------------------------------------
// Measuring helpers

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);
const median = (values: number[]) => percentile(values, 50);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const rssMiB = () => process.memoryUsage().rss / MiB;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** The commit, and whether the engine's sources differ from it (others edit the same tree). */
function codeMeasured(): string {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim();
    const changed = git('status', '--porcelain', '--', 'src', 'workflows').split('\n').filter(Boolean).length;
    return `${git('rev-parse', '--short', 'HEAD')}${changed ? ` + ${changed} uncommitted file(s) under src/ and workflows/` : ' (clean)'}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

const TICK_MS = 10; // USER_HZ is 100 on Linux
let serverPid: number | undefined;

/** CPU so far (ms): this process by thread group, the Temporal server, and the whole machine. */
interface CpuSample {
  self: number;
  main: number;
  core: number;
  server: number;
  machineBusy: number;
}
function cpuSample(): CpuSample {
  const { user, system } = process.cpuUsage();
  let main = 0;
  let core = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readOr(`/proc/self/task/${tid}/stat`);
    if (!stat) continue;
    const f = statFields(stat);
    const ms = (Number(f[11]) + Number(f[12])) * TICK_MS;
    if (Number(tid) === process.pid) main += ms;
    else if (stat.includes('(tokio-runtime-w)')) core += ms;
  }
  const serverStat = serverPid === undefined ? undefined : readOr(`/proc/${serverPid}/stat`);
  // Before the server starts (or if it cannot be found) it counts 0, and its CPU shows under `others`.
  const server = serverStat ? (Number(statFields(serverStat)[11]) + Number(statFields(serverStat)[12])) * TICK_MS : 0;
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const machineBusy = (cpu[0]! + cpu[1]! + cpu[2]! + cpu[5]! + cpu[6]! + cpu[7]!) * TICK_MS;
  return { self: (user + system) / 1000, main, core, server, machineBusy };
}
interface CpuUse {
  /** Main thread: the bench's client calls, the activities, PGlite, the case service. */
  main: number;
  /** The SDK core's Rust threads: gRPC to the server, workflow state machines. */
  core: number;
  /** The rest of this process: workflow sandbox threads, V8 GC and compiler threads, libuv. */
  other: number;
  server: number;
  /** Everyone else on the machine (other engineers' test runs). */
  others: number;
}
function cpuUse(a: CpuSample, b: CpuSample): CpuUse {
  const self = b.self - a.self;
  const main = b.main - a.main;
  const core = b.core - a.core;
  const server = b.server - a.server;
  return { main, core, other: Math.max(0, self - main - core), server, others: Math.max(0, b.machineBusy - a.machineBusy - self - server) };
}
const cpuOurs = (c: CpuUse) => c.main + c.core + c.other + c.server;

/** The SDK's warnings, counted by kind (e.g. "workflow task took over 5 s" when the worker is saturated). */
const sdkWarnings = new Map<string, number>();
function countWarning(entry: { level: string; message: string }): void {
  const kind = entry.message.replace(/^(\[TMPRL\d+\]) \S+ /, '$1 ').slice(0, 100);
  if (!sdkWarnings.has(kind)) console.log(`(SDK ${entry.level.toLowerCase()}: ${entry.message.slice(0, 160)} — counted, shown once)`);
  sdkWarnings.set(kind, (sdkWarnings.get(kind) ?? 0) + 1);
}

// ---------------------------------------------------------------------------------------------
// Running cases

interface Driver {
  label: string;
  start(i: number, tag: string): Promise<string>;
  act(id: string, step: number, tag: string): Promise<void>;
  finish(id: string): Promise<void>;
}

interface Phase {
  label: string;
  n: number;
  wallMs: number;
  casesPerSec: number;
  startMs: number[];
  actMs: number[];
  actByStep: number[][];
  lifecycleMs: number[];
  ids: string[];
  cpu: CpuUse;
  loadavg: string;
}


/** n cases, either `concurrency` at a time (closed loop) or arriving at `rate` per second (open loop). */
async function runCases(driver: Driver, n: number, mode: { concurrency: number } | { rate: number }, tag: string): Promise<Phase> {
  const startMs: number[] = [];
  const actMs: number[] = [];
  const actByStep: number[][] = ACTIONS.map(() => []);
  const lifecycleMs: number[] = [];
  const ids: string[] = [];
  const cpu0 = cpuSample();
  const t0 = performance.now();
  const one = async (i: number) => {
    const c0 = performance.now();
    const id = await driver.start(i, tag);
    startMs.push(performance.now() - c0);
    for (let step = 0; step < ACTIONS.length; step += 1) {
      const a0 = performance.now();
      await driver.act(id, step, tag);
      const took = performance.now() - a0;
      actMs.push(took);
      actByStep[step]!.push(took);
    }
    await driver.finish(id);
    lifecycleMs.push(performance.now() - c0);
    ids.push(id);
  };
  if ('concurrency' in mode) {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(mode.concurrency, n) }, async () => {
        while (next < n) await one(next++);
      }),
    );
  } else {
    const running: Promise<void>[] = [];
    for (let i = 0; i < n; i += 1) {
      const due = t0 + (i * 1000) / mode.rate;
      if (due > performance.now()) await sleep(due - performance.now());
      running.push(one(i));
    }
    await Promise.all(running);
  }
  const wallMs = performance.now() - t0;
  return {
    label: driver.label,
    n,
    wallMs,
    casesPerSec: n / (wallMs / 1000),
    startMs,
    actMs,
    actByStep,
    lifecycleMs,
    ids,
    cpu: cpuUse(cpu0, cpuSample()),
    loadavg: load(),
  };
}

// ---------------------------------------------------------------------------------------------
// Where the time goes, from the histories: workflow and activity task timings, as the server saw them

interface HistoryFigures {
  wfTasks: number;
  wfQueueMs: number;
  wfRunMs: number;
  activities: number;
  actQueueMs: number;
  actRunMs: number;
  updateAcceptedToCompletedMs: number;
  historyEvents: number;
  historyKiB: number;
  lifecycleMs: number;
}

async function historyFigures(client: Client, ids: string[]): Promise<HistoryFigures> {
  const per: HistoryFigures[] = [];
  for (const id of ids) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    const events = history.events ?? [];
    const time = (e: (typeof events)[number]) => Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;
    const at = new Map<number, number>();
    for (const e of events) at.set(Number(e.eventId), time(e));
    const f: HistoryFigures = {
      wfTasks: 0, wfQueueMs: 0, wfRunMs: 0, activities: 0, actQueueMs: 0, actRunMs: 0, updateAcceptedToCompletedMs: 0,
      historyEvents: events.length, historyKiB: Buffer.byteLength(JSON.stringify(history)) / 1024, lifecycleMs: 0,
    };
    const accepted = new Map<string, number>();
    for (const e of events) {
      const t = time(e);
      if (e.workflowTaskStartedEventAttributes) {
        f.wfQueueMs += t - at.get(Number(e.workflowTaskStartedEventAttributes.scheduledEventId))!;
      } else if (e.workflowTaskCompletedEventAttributes) {
        f.wfTasks += 1;
        f.wfRunMs += t - at.get(Number(e.workflowTaskCompletedEventAttributes.startedEventId))!;
      } else if (e.activityTaskStartedEventAttributes) {
        f.actQueueMs += t - at.get(Number(e.activityTaskStartedEventAttributes.scheduledEventId))!;
      } else if (e.activityTaskCompletedEventAttributes) {
        f.activities += 1;
        f.actRunMs += t - at.get(Number(e.activityTaskCompletedEventAttributes.startedEventId))!;
      } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
        accepted.set(e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.meta?.updateId ?? '', t);
      } else if (e.workflowExecutionUpdateCompletedEventAttributes) {
        const from = accepted.get(e.workflowExecutionUpdateCompletedEventAttributes.meta?.updateId ?? '');
        if (from !== undefined) f.updateAcceptedToCompletedMs += t - from;
      }
    }
    f.lifecycleMs = time(events[events.length - 1]!) - time(events[0]!);
    per.push(f);
  }
  const avg = (key: keyof HistoryFigures) => mean(per.map((f) => f[key]));
  return Object.fromEntries(Object.keys(per[0]!).map((k) => [k, avg(k as keyof HistoryFigures)])) as unknown as HistoryFigures;
}

// ---------------------------------------------------------------------------------------------
// The bench

async function main() {
  const began = performance.now();
  const loadAtStart = load();
  const cpuAtStart = cpuSample();
  console.log(`motcua engine bench — ${CORES} cores (${os.cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${loadAtStart}`);
  console.log(`code measured: ${codeMeasured()}`);
  console.log(
    `cases ${CASES} × ${ROUNDS} rounds at ${CONCURRENCY} in flight, paced ${PACED_SECONDS} s at ${RATE ?? '½ of saturation'} cases/s, serial ${SERIAL_CASES} cases, open cases ${OPEN_CASES}` +
      (MAX_CACHED === undefined ? '\n' : `\nWHAT-IF: case worker with maxCachedWorkflows ${MAX_CACHED}\n`),
  );

  // Setup, watching where the memory goes.
  const memory: Record<string, number> = { start: rssMiB() };
  Runtime.install({ logger: new DefaultLogger('WARN', countWarning) });
  const setup0 = performance.now();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: `${root}.cache/bin/temporal` }, ip: '127.0.0.1' },
  });
  serverPid = findServerPid();
  if (serverPid === undefined) console.log('(the Temporal server process was not found: its CPU counts under "others")');
  memory.afterServer = rssMiB();
  const db = openDatabase({ kind: 'pglite' });
  await migrateToLatest(db);
  gc();
  memory.afterPglite = rssMiB();
  const [caseBundle, bareBundle, catalogue] = await Promise.all([
    bundleCaseWorkflows(),
    bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./bare-workflow.ts', import.meta.url)), logger: new DefaultLogger('WARN') }),
    loadCatalogue(`${root}procedures`),
  ]);
  const namespace = env.namespace ?? 'default';
  await ensureCaseSearchAttributes(env.connection, namespace);
  const caseWorker = await createCaseWorker({
    connection: env.nativeConnection,
    namespace,
    taskQueue: CASE_QUEUE,
    workflowBundle: caseBundle,
    db,
    logger: createLogger('silent'),
    maxCachedWorkflows: MAX_CACHED,
  });
  const bareWorker = await Worker.create({
    connection: env.nativeConnection,
    namespace,
    taskQueue: BARE_QUEUE,
    workflowBundle: bareBundle,
    activities: { noop: async () => {} },
  });
  const workersRun = Promise.all([caseWorker.run(), bareWorker.run()]);
  workersRun.catch((error: unknown) => {
    console.error('a worker failed:', error);
    process.exit(1);
  });
  const client = env.client;
  const cases = createCaseService({
    client,
    db,
    taskQueue: CASE_QUEUE,
    procedures: { get: (code) => catalogue.get(code)?.compiled },
    calendar: () => defaultCalendarData,
  });
  gc();
  memory.afterWorkers = rssMiB();
  console.log(
    `setup ${fmt((performance.now() - setup0) / 1000)} s: dev server (pid ${serverPid ?? '?'}, in memory), PGlite in memory, 2 bundles, 2 workers; case search attributes registered`,
  );
  console.log(
    `RSS of this process: ${fmt(memory.start!, 0)} MiB at start (tsx, SDK), ${fmt(memory.afterServer!, 0)} with the server connection, ` +
      `${fmt(memory.afterPglite!, 0)} with PGlite, ${fmt(memory.afterWorkers!, 0)} with bundles and workers\n`,
  );

  const motcua: Driver = {
    label: 'motcua',
    async start(i) {
      return (await cases.submit({ procedureCode: PROCEDURE, applicant: { name: `Bench ${i}` }, channel: 'desk' })).caseCode;
    },
    async act(id, step, tag) {
      const view = await cases.act(id, { action: ACTIONS[step]!, actor: 'officer-1' }, `${tag}-${id}-${step}`);
      if (step === ACTIONS.length - 1 && view.status !== 'closed') throw new Error(`${id} not closed: ${view.status}`);
    },
    async finish(id) {
      await client.workflow.getHandle(id).result();
    },
  };
  const bare = (activities: BareInput['activities']): Driver => ({
    label: { none: 'bare', activity: 'bare+activity', local: 'bare+local' }[activities],
    async start(i, tag) {
      const input: BareInput = { updates: ACTIONS.length, activities };
      const id = `${tag}-${activities}-${i}`;
      await client.workflow.start(bareWorkflowType, { workflowId: id, taskQueue: BARE_QUEUE, args: [input] });
      return id;
    },
    async act(id, step) {
      await client.workflow.getHandle(id).executeUpdate(bareActionUpdate, { args: [ACTIONS[step]!], updateId: `${id}-${step}` });
    },
    async finish(id) {
      await client.workflow.getHandle(id).result();
    },
  });
  // bare, bare+activity, motcua, bare+local: the case workflow writes through a local activity, so
  // bare+local pays the same transport as a case, without the database write, rules and payloads.
  const drivers = [bare('none'), bare('activity'), motcua, bare('local')];
  const report = (what: string, p: Phase) =>
    console.log(
      `${what.padEnd(9)} ${p.label.padEnd(13)} ${fmt(p.casesPerSec).padStart(6)} cases/s  act p50 ${fmt(percentile(p.actMs, 50)).padStart(6)} p95 ${fmt(percentile(p.actMs, 95)).padStart(6)} ms` +
        `  CPU ${fmt(cpuOurs(p.cpu) / p.n).padStart(5)} ms/case, others ${fmt((100 * p.cpu.others) / (p.wallMs * CORES), 0).padStart(3)}% of the machine, load ${p.loadavg}`,
    );

  // Warm-up: the first workflow tasks of each bundle, JIT, connections.
  for (const driver of drivers) await runCases(driver, WARMUP_CASES, { concurrency: 10 }, 'warm');

  // Saturated: rounds interleaved.
  const rounds: Phase[][] = [];
  for (let r = 1; r <= ROUNDS; r += 1) {
    const round: Phase[] = [];
    for (const driver of drivers) {
      round.push(await runCases(driver, CASES, { concurrency: CONCURRENCY }, `r${r}`));
      report(`round ${r}`, round[round.length - 1]!);
    }
    rounds.push(round);
  }
  const byLabel = (label: string) => rounds.map((round) => round.find((p) => p.label === label)!);

  // Paced: the same arrival rate for the three, half of motcua's saturated throughput unless given.
  const rate = RATE ?? Math.max(0.5, Math.round(median(byLabel('motcua').map((p) => p.casesPerSec)) * 5) / 10);
  const paced: Phase[] = [];
  if (PACED_SECONDS > 0) {
    for (const driver of drivers) {
      paced.push(await runCases(driver, Math.max(1, Math.round(rate * PACED_SECONDS)), { rate }, 'paced'));
      report('paced', paced[paced.length - 1]!);
    }
  }

  // One case at a time.
  const serial: Phase[] = [];
  if (SERIAL_CASES > 0) {
    for (const driver of drivers) {
      serial.push(await runCases(driver, SERIAL_CASES, { concurrency: 1 }, 'serial'));
      report('serial', serial[serial.length - 1]!);
    }
  }

  // What the motcua runs wrote: 7 events and a closed row per complete case.
  const motcuaIds = [...byLabel('motcua'), ...paced, ...serial].filter((p) => p.label === 'motcua').flatMap((p) => p.ids);
  const count = async (query: Promise<{ n: string | number | bigint }>) => Number((await query).n);
  const eventsWritten = await count(
    db.selectFrom('case_events').select((eb) => eb.fn.countAll<string>().as('n')).where('case_code', 'in', motcuaIds).executeTakeFirstOrThrow(),
  );
  const rowsClosed = await count(
    db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).where('case_code', 'in', motcuaIds).where('status', '=', 'closed').executeTakeFirstOrThrow(),
  );

  // Where the time goes (1): the histories of 25 cases of each variant in the last round.
  const lastRound = rounds[rounds.length - 1]!;
  const sample = (ids: string[], k: number) => Array.from({ length: Math.min(k, ids.length) }, (_, i) => ids[Math.floor((i * ids.length) / Math.min(k, ids.length))]!);
  const histories: (HistoryFigures & { label: string })[] = [];
  for (const phase of lastRound) histories.push({ label: phase.label, ...(await historyFigures(client, sample(phase.ids, 25))) });

  // Where the time goes (2): the database write, the dossier sequence and the rules alone, nothing else running.
  const hkd = catalogue.get(PROCEDURE)!.compiled;
  const stepsOf = (caseCode: string): Step[] => {
    const input: CaseInput = {
      caseCode, procedure: hkd, calendar: defaultCalendarData, receivedAt: new Date().toISOString(),
      channel: 'desk', applicant: { name: 'Bench' }, receivingUnit: 'Q7.MC',
    };
    const steps: Step[] = [startCase(input)];
    for (const action of ACTIONS) steps.push(applyAction(steps[steps.length - 1]!.state, { action, actor: 'officer-1' }, new Date()));
    return steps;
  };
  const isolatedCases = 200;
  const synthetic = Array.from({ length: isolatedCases }, (_, i) => stepsOf(dossierCode('Q7.MC', new Date('2001-01-01T03:00:00Z'), i + 1)));
  const appendMs: number[] = [];
  const parseMs: number[] = [];
  for (const steps of synthetic) {
    for (const step of steps) {
      const p0 = performance.now();
      const events = caseEventSchema.array().parse(step.events);
      parseMs.push(performance.now() - p0);
      const t0 = performance.now();
      await appendCaseEvents(db, events, projectionOf(step.state));
      appendMs.push(performance.now() - t0);
    }
  }
  const sequenceMs: number[] = [];
  for (let i = 0; i < isolatedCases; i += 1) {
    const t0 = performance.now();
    await nextDossierSequence(db, 'BENCH', '2001-01-01');
    sequenceMs.push(performance.now() - t0);
  }
  const rules0 = performance.now();
  for (let i = 0; i < isolatedCases; i += 1) {
    for (const step of stepsOf(`R-${i}`)) {
      projectionOf(step.state);
      caseView(step.state);
    }
  }
  const rulesMsPerCase = (performance.now() - rules0) / isolatedCases;
  const inputKiB = Buffer.byteLength(JSON.stringify(synthetic[0]![0]!.state.input)) / 1024;

  // Memory with many open cases.
  let open: Record<string, number> | undefined;
  const openActs: number[] = [];
  if (OPEN_CASES > 0) {
    gc();
    const before = process.memoryUsage();
    const serverBefore = processMemoryMiB(serverPid);
    const receivedCount = () =>
      count(db.selectFrom('case_events').select((eb) => eb.fn.countAll<string>().as('n')).where('type', '=', 'received').executeTakeFirstOrThrow());
    const receivedBefore = await receivedCount();
    // A dossier code has 4 digits a day: past 9,999 in a day, open cases are back-dated a day (postal handover).
    let daysBack = 0;
    let backdated = 0;
    const openIds: string[] = [];
    const cpu0 = cpuSample();
    const open0 = performance.now();
    let peakRss = process.memoryUsage().rss;
    let next = 0;
    let recorded = 0;
    let submitting = true;
    const watching = (async () => {
      while (submitting) {
        recorded = (await receivedCount()) - receivedBefore;
        await sleep(100);
      }
    })();
    await Promise.all(
      Array.from({ length: Math.min(OPEN_IN_FLIGHT, OPEN_CASES) }, async () => {
        while (next < OPEN_CASES) {
          if (next - recorded >= OPEN_WINDOW) {
            await sleep(20);
            continue;
          }
          const i = next++;
          for (;;) {
            const back = daysBack;
            try {
              const receivedAt = back > 0 ? new Date(Date.now() - back * 86_400_000).toISOString() : undefined;
              const view = await cases.submit({
                procedureCode: PROCEDURE, applicant: { name: `Open ${i}` }, channel: back > 0 ? 'post' : 'desk', receivedAt,
              });
              openIds.push(view.caseCode);
              if (back > 0) backdated += 1;
              break;
            } catch (error) {
              if (!(error instanceof RangeError) || !/dossier sequence/.test(error.message)) throw error;
              if (daysBack === back) daysBack += 1;
            }
          }
          if (i % 250 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
        }
      }),
    );
    submitting = false;
    await watching;
    // Open means started and its receipt written: wait for the last 'received' event.
    for (;;) {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const recorded = (await receivedCount()) - receivedBefore;
      if (recorded >= OPEN_CASES) break;
      if (performance.now() - open0 > 30 * 60_000) throw new Error(`only ${recorded} of ${OPEN_CASES} open cases recorded`);
      await sleep(250);
    }
    const openMs = performance.now() - open0;
    const openCpu = cpuUse(cpu0, cpuSample());
    await sleep(2000);
    gc();
    const after = process.memoryUsage();
    const cached = caseWorker.getStatus().numCachedWorkflows;
    // A staff action on open cases spread over all of them: most are no longer in the worker's cache.
    const targets = sample(openIds, OPEN_SAMPLE);
    const acts0 = performance.now();
    let k = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, targets.length) }, async () => {
        while (k < targets.length) {
          const id = targets[k++]!;
          const t0 = performance.now();
          await cases.act(id, { action: 'accept', actor: 'officer-1' }, `open-${id}`);
          openActs.push(performance.now() - t0);
        }
      }),
    );
    const openActsMs = performance.now() - acts0;
    gc();
    open = {
      backdated,
      daysBack,
      openPerSec: OPEN_CASES / (openMs / 1000),
      openCpuPerCase: cpuOurs(openCpu) / OPEN_CASES,
      openOthersShare: openCpu.others / (openMs * CORES),
      rssBefore: before.rss / MiB,
      rssAfter: after.rss / MiB,
      rssPeak: peakRss / MiB,
      heapBefore: before.heapUsed / MiB,
      heapAfter: after.heapUsed / MiB,
      externalAfter: after.external / MiB,
      rssAfterActs: rssMiB(),
      serverRssBefore: serverBefore,
      serverRssAfter: processMemoryMiB(serverPid),
      cached,
      maxCached: caseWorker.options.maxCachedWorkflows,
      actsPerSec: targets.length / (openActsMs / 1000),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Report
  const loadAtEnd = load();
  const whole = cpuUse(cpuAtStart, cpuSample());
  const totalS = (performance.now() - began) / 1000;
  const pooled = (phases: Phase[]) => {
    const n = phases.reduce((a, p) => a + p.n, 0);
    const sum = (key: keyof CpuUse) => phases.reduce((a, p) => a + p.cpu[key], 0) / n;
    return {
      casesPerSec: median(phases.map((p) => p.casesPerSec)),
      spread: [Math.min(...phases.map((p) => p.casesPerSec)), Math.max(...phases.map((p) => p.casesPerSec))] as const,
      act: phases.flatMap((p) => p.actMs),
      start: phases.flatMap((p) => p.startMs),
      lifecycle: phases.flatMap((p) => p.lifecycleMs),
      cpu: { main: sum('main'), core: sum('core'), other: sum('other'), server: sum('server') },
      othersShare: phases.reduce((a, p) => a + p.cpu.others, 0) / phases.reduce((a, p) => a + p.wallMs * CORES, 0),
    };
  };
  const rows = drivers.map((d) => ({ label: d.label, phases: byLabel(d.label), ...pooled(byLabel(d.label)) }));
  const [bareRow, bareActRow, motcuaRow, bareLocalRow] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
  const cpuTotal = (r: typeof bareRow) => r.cpu.main + r.cpu.core + r.cpu.other + r.cpu.server;
  const p = percentile;

  console.log(`\n== Saturated: ${CASES} complete cases × ${ROUNDS} rounds, ${CONCURRENCY} in flight, 4 Updates each ==`);
  console.log('variant        cases/s median (min–max) | act p50    p95    p99 ms | submit p50 | case p50 ms | CPU ms/case: main  core  other server = total');
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(14)} ${fmt(r.casesPerSec).padStart(6)} (${fmt(r.spread[0])}–${fmt(r.spread[1])})`.padEnd(41) +
        `| ${fmt(p(r.act, 50)).padStart(6)} ${fmt(p(r.act, 95)).padStart(6)} ${fmt(p(r.act, 99)).padStart(6)}    |` +
        `${fmt(p(r.start, 50)).padStart(9)}   |${fmt(p(r.lifecycle, 50)).padStart(9)}    |` +
        `${fmt(r.cpu.main).padStart(17)} ${fmt(r.cpu.core).padStart(5)} ${fmt(r.cpu.other).padStart(6)} ${fmt(r.cpu.server).padStart(6)} = ${fmt(cpuTotal(r))}`,
    );
  }
  const ratios = (base: typeof bareRow) => {
    const perRound = byLabel('motcua').map((m, i) => byLabel(base.label)[i]!.casesPerSec / m.casesPerSec);
    return { perRound, cost: median(perRound) };
  };
  for (const base of rows.filter((r) => r.label !== 'motcua')) {
    const { perRound, cost } = ratios(base);
    console.log(
      `motcua ÷ ${base.label.padEnd(13)}: time per case ×${fmt(cost, 2)} (rounds ${perRound.map((c) => fmt(c, 2)).join(', ')}), ` +
        `act p50 ×${fmt(p(motcuaRow.act, 50) / p(base.act, 50), 2)}, p95 ×${fmt(p(motcuaRow.act, 95) / p(base.act, 95), 2)}, CPU per case ×${fmt(cpuTotal(motcuaRow) / cpuTotal(base), 2)}`,
    );
  }
  console.log(
    `CPU taken by others during the rounds: ${rows.map((r) => `${r.label} ${fmt(100 * r.othersShare, 0)}%`).join(', ')} of ${CORES} cores`,
  );
  console.log(
    'motcua act by action, p50 / p95 ms: ' +
      ACTIONS.map((a, s) => {
        const all = motcuaRow.phases.flatMap((ph) => ph.actByStep[s]!);
        return `${a} ${fmt(p(all, 50))} / ${fmt(p(all, 95))}`;
      }).join(', '),
  );
  console.log(
    `check: ${eventsWritten} events for ${motcuaIds.length} motcua cases (expected ${EVENTS_PER_CASE * motcuaIds.length}), ${rowsClosed} case rows closed`,
  );

  const latencyTable = (title: string, phases: Phase[]) => {
    if (phases.length === 0) return;
    console.log(`\n== ${title} ==`);
    for (const ph of phases) {
      console.log(
        `${ph.label.padEnd(14)} act p50 ${fmt(p(ph.actMs, 50)).padStart(6)}  p95 ${fmt(p(ph.actMs, 95)).padStart(6)}  p99 ${fmt(p(ph.actMs, 99)).padStart(6)} ms` +
          ` | submit p50 ${fmt(p(ph.startMs, 50)).padStart(5)} ms | case p50 ${fmt(p(ph.lifecycleMs, 50)).padStart(6)} ms | ${fmt(cpuOurs(ph.cpu) / ph.n)} CPU ms/case`,
      );
    }
    const [b, ba, m, bl] = phases as [Phase, Phase, Phase, Phase];
    for (const ph of [bl, m]) {
      console.log(
        `  ${ph.label} by action, p50 / p95 ms: ` + ACTIONS.map((a, s) => `${a} ${fmt(p(ph.actByStep[s]!, 50))} / ${fmt(p(ph.actByStep[s]!, 95))}`).join(', '),
      );
    }
    console.log(
      `motcua ÷ bare: act p50 ×${fmt(p(m.actMs, 50) / p(b.actMs, 50), 2)}, p95 ×${fmt(p(m.actMs, 95) / p(b.actMs, 95), 2)}; ` +
        `motcua ÷ bare+activity: p50 ×${fmt(p(m.actMs, 50) / p(ba.actMs, 50), 2)}, p95 ×${fmt(p(m.actMs, 95) / p(ba.actMs, 95), 2)}; ` +
        `motcua ÷ bare+local: p50 ×${fmt(p(m.actMs, 50) / p(bl.actMs, 50), 2)}, p95 ×${fmt(p(m.actMs, 95) / p(bl.actMs, 95), 2)}`,
    );
  };
  latencyTable(`Paced: ${fmt(rate)} cases/s arriving (${fmt(rate * ACTIONS.length)} actions/s) for ${PACED_SECONDS} s, the same for all`, paced);
  latencyTable(`One case at a time (${SERIAL_CASES} cases, ${SERIAL_CASES * ACTIONS.length} actions each)`, serial);

  console.log(`\n== Where the time goes ==`);
  console.log(`Per case, from the server's histories (mean over 25 cases of the last round; ms summed over the case):`);
  console.log('variant        wf tasks queued running | activities queued running | Update accepted→completed | events  KiB | first→last event');
  for (const h of histories) {
    console.log(
      `${h.label.padEnd(14)} ${fmt(h.wfTasks).padStart(8)} ${fmt(h.wfQueueMs).padStart(6)} ${fmt(h.wfRunMs).padStart(7)} |` +
        ` ${fmt(h.activities).padStart(10)} ${fmt(h.actQueueMs).padStart(6)} ${fmt(h.actRunMs).padStart(7)} |` +
        `${fmt(h.updateAcceptedToCompletedMs).padStart(26)} | ${fmt(h.historyEvents, 0).padStart(6)} ${fmt(h.historyKiB).padStart(4)} |${fmt(h.lifecycleMs).padStart(17)}`,
    );
  }
  console.log(
    `appendCaseEvents alone (sequential, PGlite in memory): p50 ${fmt(p(appendMs, 50), 2)} ms, p95 ${fmt(p(appendMs, 95), 2)} ms → ${fmt(mean(appendMs) * 5, 1)} ms per case (5 batches)`,
  );
  console.log(
    `zod parse of a batch in the activity ${fmt(mean(parseMs), 3)} ms; nextDossierSequence in submit p50 ${fmt(p(sequenceMs, 50), 2)} ms; ` +
      `case rules outside the sandbox ${fmt(rulesMsPerCase, 2)} ms per case; workflow input ${fmt(inputKiB, 1)} KiB (compiled procedure + calendar) vs 31 B bare`,
  );
  const perCase = (r: typeof bareRow) => 1000 / r.casesPerSec;
  console.log(
    `Time per case at saturation (1/throughput): bare ${fmt(perCase(bareRow))} ms, + local activity round trips ${fmt(perCase(bareLocalRow) - perCase(bareRow))} ms, ` +
      `+ database write, rules, payloads ${fmt(perCase(motcuaRow) - perCase(bareLocalRow))} ms = motcua ${fmt(perCase(motcuaRow))} ms` +
      ` (bare+activity, regular activities: ${fmt(perCase(bareActRow))} ms)`,
  );
  console.log(
    `CPU per case, all ours (this process + server): bare ${fmt(cpuTotal(bareRow))}, bare+local ${fmt(cpuTotal(bareLocalRow))}, bare+activity ${fmt(cpuTotal(bareActRow))}, motcua ${fmt(cpuTotal(motcuaRow))} ms → ` +
      `ceiling on ${CORES} idle cores ≈ ${fmt((CORES * 1000) / cpuTotal(motcuaRow), 0)} motcua cases/s, ${fmt((CORES * 1000) / cpuTotal(bareRow), 0)} bare cases/s`,
  );
  if (serial.length >= 4) {
    const [b, , m, bl] = serial as [Phase, Phase, Phase, Phase];
    console.log(
      `One action, unloaded (p50): Update round trip ${fmt(p(b.actMs, 50))} ms, + local activity ${fmt(p(bl.actMs, 50) - p(b.actMs, 50))} ms, ` +
        `+ database write and rules ${fmt(p(m.actMs, 50) - p(bl.actMs, 50))} ms = ${fmt(p(m.actMs, 50))} ms`,
    );
  }

  if (open) {
    const o = open;
    console.log(`\n== Memory with ${OPEN_CASES} open cases (worker, PGlite, case service and bench share this process) ==`);
    console.log(
      `opened at ${fmt(o.openPerSec!)} cases/s (at most ${OPEN_WINDOW} submitted and not yet recorded), ${fmt(o.openCpuPerCase!)} CPU ms per case, others ${fmt(100 * o.openOthersShare!, 0)}% of the machine; ` +
        `${o.backdated} back-dated ${o.daysBack} day(s) (a dossier code has 4 digits a day)`,
    );
    console.log(
      `this process: RSS ${fmt(o.rssBefore!, 0)} → ${fmt(o.rssAfter!, 0)} MiB (peak seen ${fmt(o.rssPeak!, 0)}), main-thread heap used ${fmt(o.heapBefore!, 0)} → ${fmt(o.heapAfter!, 0)} MiB, external ${fmt(o.externalAfter!, 0)} MiB`,
    );
    console.log(`worker cache ${o.cached} workflows (max ${o.maxCached}); Temporal server RSS ${fmt(o.serverRssBefore!, 0)} → ${fmt(o.serverRssAfter!, 0)} MiB`);
    console.log(
      `accept on ${openActs.length} open cases spread over all, ${CONCURRENCY} in flight: p50 ${fmt(p(openActs, 50))} ms, p95 ${fmt(p(openActs, 95))} ms, ${fmt(o.actsPerSec!)}/s; RSS after ${fmt(o.rssAfterActs!, 0)} MiB`,
    );
  }

  console.log(
    sdkWarnings.size > 0
      ? `\nSDK warnings: ${[...sdkWarnings].map(([kind, n]) => `${n} × ${kind}`).join('; ')}`
      : '\nno SDK warnings',
  );
  console.log(
    `load average at start ${loadAtStart}, at end ${loadAtEnd}; others took ${fmt((100 * whole.others) / (totalS * 1000 * CORES), 0)}% of the machine over the bench; bench took ${fmt(totalS, 0)} s`,
  );
  const cost = ratios(bareRow).cost;
  const pacedMotcua = paced.find((ph) => ph.label === 'motcua');
  console.log(
    `targets: ≥25 cases/s ${motcuaRow.casesPerSec >= 25 ? 'met' : 'MISSED'} (${fmt(motcuaRow.casesPerSec)}); ` +
      (pacedMotcua ? `act p95 ≤100 ms paced ${p(pacedMotcua.actMs, 95) <= 100 ? 'met' : 'MISSED'} (${fmt(p(pacedMotcua.actMs, 95))} at ${fmt(rate)} cases/s); ` : '') +
      `cost ≤1.3× bare ${cost <= 1.3 ? 'met' : 'MISSED'} (×${fmt(cost, 2)})` +
      (open
        ? `; RSS <1 GiB with 10,000 open ${open.rssAfter! < 1024 ? (OPEN_CASES >= 10_000 ? 'met' : 'not shown') : 'MISSED'} (${fmt(open.rssAfter!, 0)} MiB with ${OPEN_CASES})`
        : ''),
  );

  if (args.json) {
    const phaseJson = (ph: Phase) => ({
      label: ph.label, n: ph.n, casesPerSec: ph.casesPerSec, act: [p(ph.actMs, 50), p(ph.actMs, 95), p(ph.actMs, 99)], cpu: ph.cpu, wallMs: ph.wallMs,
    });
    const summary = {
      code: codeMeasured(), loadAtStart, loadAtEnd, totalS, cases: CASES, rounds: ROUNDS, concurrency: CONCURRENCY, rate, setupMemory: memory,
      rounds_: rounds.map((round) => round.map(phaseJson)), paced: paced.map(phaseJson), serial: serial.map(phaseJson), histories,
      append: [p(appendMs, 50), p(appendMs, 95)], rulesMsPerCase, open, openActs: [p(openActs, 50), p(openActs, 95)],
    };
    console.log(`JSON ${JSON.stringify(summary)}`);
  }

  caseWorker.shutdown();
  bareWorker.shutdown();
  await workersRun;
  await env.teardown();
  await db.destroy();
}

await main();
