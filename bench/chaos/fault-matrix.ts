/**
 * The fault matrix (issue #14 item 5): N cases in flight on a storage, one fault injected while
 * clients drive them through their actions and retry with the same idempotency keys; afterwards
 * every case must have exactly the events the pure case rules produce for the same actions.
 *
 * Storages: `embedded` — `motcua start` (worker, API and PGlite in one process, as the embedded
 * default) against a Temporal dev server on its SQLite file; `postgres` — `motcua worker` and
 * `motcua api` as separate processes on a private PostgreSQL server and the same kind of dev server.
 * Faults: the worker SIGKILLed mid-update; the Temporal server restarted; PostgreSQL restarted (for
 * the embedded default: the process holding PGlite stopped and started); the API SIGKILLed
 * mid-request (for the embedded default the API is the same process as the worker).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { defaultCalendarData } from '../../src/calendar/index.js';
import { applyAction, startCase, type Step } from '../../src/cases/case-rules.js';
import type { CompiledProcedure } from '../../src/procedures/compiled-procedure.js';
import { bundleCaseWorkflows } from '../../src/engine/worker.js';
import { freePort, startMotcuaProcess, type MotcuaProcess } from '../../tests/support/motcua-process.js';
import { startPrivatePostgres, type PrivatePostgres } from '../../tests/support/postgres-server.js';

export const storages = ['embedded', 'postgres'] as const;
export type Storage = (typeof storages)[number];
export const faults = ['worker-kill', 'temporal-restart', 'postgres-restart', 'api-kill'] as const;
export type Fault = (typeof faults)[number];

export const faultLabels: Record<Fault, string> = {
  'worker-kill': 'worker SIGKILL mid-update',
  'temporal-restart': 'Temporal server restart',
  'postgres-restart': 'PostgreSQL restart',
  'api-kill': 'API SIGKILL mid-request',
};

/** The actions every case goes through (D7-HKD-01 at the desk, to its closing), and who takes each (demo accounts). */
const procedureCode = 'D7-HKD-01';
const actions = ['accept', 'submit_for_signature', 'approve', 'return_at_desk'];
const desk = 'desk_officer.q7.mc';
/** The demo account that takes each action of D7-HKD-01's happy path. */
export const actorOf: Record<string, string> = { accept: desk, submit_for_signature: 'specialist.q7.tckh', approve: 'head.q7.tckh', return_at_desk: desk };

export interface FaultRow {
  storage: Storage;
  fault: Fault;
  cases: number;
  /** Cases whose workflow completed with status closed. */
  closed: number;
  /** Case workflows that exist beyond the N submitted (a submission applied twice). */
  extraCases: number;
  /** Expected events missing, and events present more often than the rules produce them. */
  lostEvents: number;
  doubledEvents: number;
  /** Events in the wrong order or with other content than the rules'. */
  wrongEvents: number;
  /** Client requests that failed and were retried with the same key. */
  retries: number;
  /** From the fault to the first action answered after the service came back. */
  recoverSeconds: number;
  /** The whole batch: submissions, actions, fault, verification. */
  totalSeconds: number;
}

export interface MatrixOptions {
  cases: number;
  concurrency: number;
  storages: readonly Storage[];
  faults: readonly Fault[];
  /** The share of the batch's actions answered before the fault is injected. */
  faultAt?: number;
  /** Where progress goes (the CLI prints it; tests stay quiet). */
  log?: (line: string) => void;
  temporalCli: string;
  procedure: CompiledProcedure;
  /** When the whole matrix must be done (ms since the epoch; absent: 90 minutes a batch): past it, the batch fails saying what it waited for. */
  deadline?: number;
  /** How long the batch may go without any answer (or the fault without finishing) before it fails: 300 s. */
  stallMs?: number;
}

export interface Deployment {
  api(): string;
  /** `authorization` header per demo account (bearer tokens live in the database: they survive restarts). */
  auth: Record<string, Record<string, string>>;
  inject(fault: Fault): Promise<void>;
  close(): Promise<void>;
  env: () => TestWorkflowEnvironment;
  /** Why the deployment cannot serve any more (a process of it died without a fault), or null. */
  failure(): string | null;
  /** Its processes now: pid, running or how it ended, and their last lines (for a failure's message). */
  report(): string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `promise` at most `ms`; past that, fails naming what it waited for (nothing here may hang silently). */
export async function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`fault matrix: gave up after ${Math.round(ms / 1000)} s waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

const lastLines = (text: string, n = 25) => text.trimEnd().split('\n').slice(-n).join('\n');

/**
 * The deployment's motcua processes: started with a bound on their start-up, stopped with a bound on
 * their exit, and watched — one that exits when no fault stopped it fails the batch at once, with
 * what it printed last, instead of leaving the clients to retry against nobody.
 */
function processSupervisor(processEnv: Record<string, string>, log: (line: string) => void) {
  let failure: string | null = null;
  const stopping = new WeakSet<MotcuaProcess>();
  const launched: Array<{ command: string; process: MotcuaProcess }> = [];
  return {
    failure: () => failure,
    report: () =>
      launched
        .filter(({ process }) => !stopping.has(process))
        .map(({ command, process: { child, output } }) => {
          const state = child.exitCode === null && child.signalCode === null ? 'running' : `exited (${child.exitCode ?? child.signalCode})`;
          return `motcua ${command} (pid ${child.pid}, ${state}), its last lines:\n${lastLines(output(), 10)}`;
        })
        .join('\n'),
    /** Kills whatever is still running (a deployment that failed half-way). */
    killAll: () => {
      for (const { process } of launched) {
        stopping.add(process);
        process.child.kill('SIGKILL');
      }
    },
    async launch(command: 'start' | 'api' | 'worker'): Promise<MotcuaProcess> {
      const started = startMotcuaProcess(command, processEnv);
      launched.push({ command, process: started });
      started.child.once('exit', (code, signal) => {
        if (!stopping.has(started)) failure ??= `motcua ${command} (pid ${started.child.pid}) exited (${code ?? signal}) with no fault stopping it; its last lines:\n${lastLines(started.output())}`;
      });
      const startedAt = performance.now();
      await within(`motcua ${command} to print "motcua is running"`, 240_000, started.ready);
      log(`    motcua ${command} ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
      return started;
    },
    async stop(running: MotcuaProcess, command: string, signal: NodeJS.Signals): Promise<void> {
      stopping.add(running);
      const stoppedAt = performance.now();
      await within(`motcua ${command} (pid ${running.child.pid}) to exit after ${signal}; its last lines:\n${lastLines(running.output())}`, 180_000, running.stop(signal));
      log(`    motcua ${command} exited after ${signal} in ${((performance.now() - stoppedAt) / 1000).toFixed(1)} s`);
    },
  };
}

async function devServer(executable: string, dbFilename: string, port: number) {
  return within(
    `the Temporal dev server on port ${port} to start`,
    180_000,
    TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: executable }, ip: '127.0.0.1', port, dbFilename, ui: false, log: { format: 'pretty', level: 'error' } },
    }),
  );
}

/** Bearer tokens for the accounts the batch acts as, issued by the administrator through the API (cookie + CSRF token). */
export async function issueTokens(api: string): Promise<Record<string, Record<string, string>>> {
  const signal = () => AbortSignal.timeout(60_000);
  const login = await fetch(`${api}/api/auth/login`, { signal: signal(), method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: 'admin.q7.vp', password: 'motcua-demo' }) });
  if (!login.ok) throw new Error(`admin sign-in answered ${login.status}: ${await login.text()}`);
  let cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = await fetch(`${api}/api/auth/csrf-token`, { signal: signal(), headers: { cookie } });
  cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') || cookie;
  const { token: csrfToken } = (await csrf.json()) as { token: string };
  const auth: Record<string, Record<string, string>> = {};
  for (const account of new Set([desk, ...Object.values(actorOf)])) {
    const issued = await fetch(`${api}/api/users/${account}/tokens`, {
      signal: signal(),
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ label: 'chaos' }),
    });
    if (issued.status !== 201) throw new Error(`token for ${account} answered ${issued.status}: ${await issued.text()}`);
    auth[account] = { authorization: `Bearer ${((await issued.json()) as { token: string }).token}` };
  }
  return auth;
}

async function deploy(storage: Storage, options: MatrixOptions, dir: string, workflowBundlePath: string): Promise<Deployment> {
  const temporalPort = await freePort();
  const dbFilename = path.join(dir, 'temporal.db');
  let env = await devServer(options.temporalCli, dbFilename, temporalPort);
  const taskQueue = `chaos-${storage}`;
  const apiPort = String(await freePort());
  const common = {
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    MOTCUA_TASK_QUEUE: taskQueue,
    HOST: '127.0.0.1',
    PORT: apiPort,
    LOG_LEVEL: 'warn',
    MOTCUA_RATE_LIMIT_SUBMISSION: '0',
    MOTCUA_RATE_LIMIT_LOGIN: '0',
    MOTCUA_DEMO_ACCOUNTS: 'on',
    // Bundled once for the whole matrix: a restarted worker is serving again in seconds, not after webpack.
    MOTCUA_WORKFLOW_BUNDLE: workflowBundlePath,
  };
  const restartTemporal = async () => {
    await within('the Temporal dev server to stop', 120_000, env.teardown());
    await sleep(250);
    env = await devServer(options.temporalCli, dbFilename, temporalPort);
  };

  if (storage === 'embedded') {
    const processes = processSupervisor({ ...common, MOTCUA_DATA_DIR: path.join(dir, 'data') }, options.log ?? (() => {}));
    let motcua: MotcuaProcess;
    let api: string;
    let auth: Deployment['auth'];
    try {
      motcua = await processes.launch('start');
      api = await motcua.ready;
      auth = await within('the API to issue bearer tokens', 180_000, issueTokens(api));
    } catch (error) {
      processes.killAll();
      await env.teardown();
      throw error;
    }
    const restart = async (signal: NodeJS.Signals) => {
      await processes.stop(motcua, 'start', signal);
      motcua = await processes.launch('start');
    };
    return {
      api: () => api,
      auth,
      env: () => env,
      failure: processes.failure,
      report: processes.report,
      inject: async (fault) => {
        if (fault === 'temporal-restart') await restartTemporal();
        // PGlite lives in the process: a PostgreSQL restart is that process stopped and started.
        else await restart(fault === 'postgres-restart' ? 'SIGTERM' : 'SIGKILL');
      },
      close: async () => {
        await processes.stop(motcua, 'start', 'SIGKILL');
        await within('the Temporal dev server to stop', 120_000, env.teardown());
      },
    };
  }

  const postgres: PrivatePostgres = startPrivatePostgres(await freePort());
  const processes = processSupervisor({ ...common, DATABASE_URL: postgres.url }, options.log ?? (() => {}));
  let worker: MotcuaProcess;
  let apiProcess: MotcuaProcess;
  let api: string;
  let auth: Deployment['auth'];
  try {
    [worker, apiProcess] = await Promise.all([processes.launch('worker'), processes.launch('api')]);
    api = await apiProcess.ready;
    auth = await within('the API to issue bearer tokens', 180_000, issueTokens(api));
  } catch (error) {
    processes.killAll();
    await env.teardown();
    postgres.remove();
    throw error;
  }
  return {
    api: () => api,
    auth,
    env: () => env,
    failure: processes.failure,
    report: processes.report,
    inject: async (fault) => {
      if (fault === 'temporal-restart') await restartTemporal();
      else if (fault === 'postgres-restart') {
        postgres.stop();
        await sleep(250);
        postgres.start();
      } else if (fault === 'worker-kill') {
        await processes.stop(worker, 'worker', 'SIGKILL');
        worker = await processes.launch('worker');
      } else {
        await processes.stop(apiProcess, 'api', 'SIGKILL');
        apiProcess = await processes.launch('api');
      }
    },
    close: async () => {
      await Promise.all([processes.stop(worker, 'worker', 'SIGKILL'), processes.stop(apiProcess, 'api', 'SIGKILL')]);
      await within('the Temporal dev server to stop', 120_000, env.teardown());
      postgres.remove();
    },
  };
}

type Answer = { status: number; body: Record<string, unknown> } | { status: 0; body: { error: string } };

/** One request, bounded: 60 s, or less when the batch stops (`stop`: a process died, a bound passed). */
async function request(api: string, auth: Record<string, string>, method: 'GET' | 'POST', url: string, body: unknown, stop: AbortSignal): Promise<Answer> {
  try {
    const response = await fetch(`${api}${url}`, {
      method,
      headers: body ? { 'content-type': 'application/json', ...auth } : auth,
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.any([AbortSignal.timeout(60_000), stop]),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch (error) {
    return { status: 0, body: { error: error instanceof Error ? error.message : String(error) } };
  }
}

/**
 * What a batch's clients share to keep every wait bounded: the deadline, the time of the last answer,
 * whether the fault is being injected (its own waits are bounded) and the first failure, which stops
 * every client at once.
 */
class BatchWatch {
  retries = 0;
  lastAnswerAt = Date.now();
  lastAnswer = 'none yet';
  /** The request sent last (for the message when the batch fails between answers). */
  waitingFor = 'the first request';
  /** The last answer that was retried: a network error, a 5xx or 429. */
  lastTry: string | null = null;
  faultInProgress = false;
  failed: Error | null = null;
  /** Aborts the requests in flight once the batch has failed. */
  readonly stopped = new AbortController();
  constructor(
    private readonly deployment: Deployment,
    private readonly label: string,
    private readonly deadline: number,
    private readonly stallMs: number,
  ) {}

  answered(what: string, answer: Answer) {
    this.lastAnswerAt = Date.now();
    this.lastAnswer = `${what} → ${answer.status}`;
  }

  fail(error: Error): Error {
    if (!this.failed) {
      this.failed = error;
      this.stopped.abort(error);
    }
    return this.failed;
  }

  /** Checks every second, so that requests waiting on a dead process or past a bound are cut at once, not at their own timeout. */
  watchInBackground(): () => void {
    const timer = setInterval(() => {
      // The clients throw it once their aborted requests return.
      try {
        this.check(this.waitingFor, null);
      } catch {
        // recorded by fail(), which aborted the requests in flight
      }
    }, 1000);
    return () => clearInterval(timer);
  }

  /** Throws (and stops every client) once the batch can no longer finish: a process died, the deadline or the stall bound passed. */
  check(what: string, last: Answer | null) {
    if (this.failed) throw this.failed;
    const reason = this.deployment.failure();
    if (last) this.lastTry = `${last.status} ${JSON.stringify(last.body).slice(0, 200)}`;
    const tried = this.lastTry ? ` (the last try that failed: ${this.lastTry})` : '';
    if (reason) throw this.fail(new Error(`${this.label}: ${reason}\nwhile waiting for ${what}${tried}`));
    if (Date.now() > this.deadline) {
      throw this.fail(new Error(`${this.label}: the matrix's deadline passed while waiting for ${what}${tried}\n${this.deployment.report()}`));
    }
    const silentMs = Date.now() - this.lastAnswerAt;
    if (!this.faultInProgress && silentMs > this.stallMs) {
      throw this.fail(new Error(`${this.label}: no answer for ${Math.round(silentMs / 1000)} s (last: ${this.lastAnswer}) while waiting for ${what}${tried}\n${this.deployment.report()}`));
    }
  }
}

/** Sends until the service answers something other than "not now": network errors, 5xx and 429 are retried with the same key, within the batch's bounds. */
async function persist(what: string, send: () => Promise<Answer>, watch: BatchWatch): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    watch.check(what, null);
    watch.waitingFor = what;
    const answer = await send();
    if (answer.status !== 0 && answer.status < 500 && answer.status !== 429) {
      watch.answered(what, answer);
      return answer;
    }
    watch.check(what, answer);
    watch.retries++;
    await sleep(Math.min(200 * 2 ** attempt, 1000));
  }
}

/** The events the pure case rules produce for a case received at `receivedAt` and given `actions`. */
function expectedEvents(procedure: CompiledProcedure, caseCode: string, receivedAt: string, receivingUnit: string) {
  let step: Step = startCase({ caseCode, procedure, calendar: defaultCalendarData, receivedAt, channel: 'desk', applicant: { name: 'chaos' }, receivingUnit });
  const events = [...step.events];
  let at = new Date(receivedAt);
  for (const action of actions) {
    at = new Date(at.getTime() + 60_000);
    step = applyAction(step.state, { action, actor: 'staff' }, at);
    events.push(...step.events);
  }
  return events.map((e) => ({ seq: e.seq, type: e.type, action: (e.data.action as string | undefined) ?? null, toState: e.toState }));
}

interface StoredEvent {
  seq: number;
  type: string;
  toState: string | null;
  data: { action?: string };
}

export async function runBatch(storage: Storage, fault: Fault, deployment: Deployment, options: MatrixOptions, batch: string): Promise<FaultRow> {
  const started = performance.now();
  const label = `${storage} / ${fault}`;
  const watch = new BatchWatch(deployment, label, options.deadline ?? Date.now() + 90 * 60_000, options.stallMs ?? 300_000);
  const log = options.log ?? (() => {});
  const n = options.cases;
  const stopWatching = watch.watchInBackground();
  try {
    return await driveBatch(storage, fault, deployment, options, batch, watch, started, log, n);
  } finally {
    stopWatching();
  }
}

async function driveBatch(
  storage: Storage,
  fault: Fault,
  deployment: Deployment,
  options: MatrixOptions,
  batch: string,
  watch: BatchWatch,
  started: number,
  log: (line: string) => void,
  n: number,
): Promise<FaultRow> {
  const label = `${storage} / ${fault}`;
  /** Runs `clients` loops side by side; the first to fail stops the others (they check the watch) and its error is the batch's. */
  const clients = async (count: number, loop: () => Promise<void>) => {
    const results = await Promise.allSettled(Array.from({ length: count }, () => loop().catch((error: Error) => Promise.reject(watch.fail(error)))));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw watch.failed ?? failure.reason;
  };

  // Submissions first, then the actions with the fault among them.
  const codes: string[] = new Array(n);
  let next = 0;
  await clients(Math.min(options.concurrency, n), async () => {
    while (next < n) {
      const i = next++;
      const answer = await persist(
        `submission ${i}`,
        () => request(deployment.api(), deployment.auth[desk]!, 'POST', '/api/cases', { procedureCode, applicant: { name: `chaos ${batch} ${i}` }, channel: 'desk', idempotencyKey: `${batch}-${i}-submit` }, watch.stopped.signal),
        watch,
      );
      if (answer.status !== 201) throw new Error(`submission ${i} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      codes[i] = answer.body.caseCode as string;
    }
  });
  log(`  ${label}: ${n} cases submitted`);

  const totalActions = n * actions.length;
  const faultAfter = Math.floor(totalActions * (options.faultAt ?? 0.3));
  let answered = 0;
  let faultAt: number | null = null;
  let restoredAt: number | null = null;
  let firstAnswerAfterRestore: number | null = null;
  let faultDone: Promise<void> = Promise.resolve();
  const refusals: string[] = [];
  let cursor = 0;
  await clients(Math.min(options.concurrency, n), async () => {
    while (cursor < codes.length) {
      const code = codes[cursor++]!;
      for (let s = 0; s < actions.length; s++) {
        const action = actions[s]!;
        const answer = await persist(
          `${code} ${action}${faultAt !== null && restoredAt === null ? ` (${fault} in progress)` : ''}`,
          () => request(deployment.api(), deployment.auth[actorOf[action]!]!, 'POST', `/api/cases/${code}/actions`, { action, idempotencyKey: `${code}-${action}` }, watch.stopped.signal),
          watch,
        );
        // A retried final action may find the case already closed by its first attempt.
        const closedByFirstAttempt = answer.status === 409 && answer.body.code === 'CASE_CLOSED' && s === actions.length - 1;
        if (answer.status !== 200 && !closedByFirstAttempt) refusals.push(`${code} ${action}: ${answer.status} ${JSON.stringify(answer.body)}`);
        answered++;
        if (restoredAt !== null && firstAnswerAfterRestore === null) firstAnswerAfterRestore = performance.now();
        if (answered === faultAfter && faultAt === null) {
          faultAt = performance.now();
          log(`  ${label}: injecting after ${answered} of ${totalActions} actions`);
          watch.faultInProgress = true;
          faultDone = deployment.inject(fault).then(
            () => {
              restoredAt = performance.now();
              watch.faultInProgress = false;
              watch.lastAnswerAt = Date.now();
            },
            (error: Error) => {
              watch.fail(new Error(`${label}: injecting the fault failed: ${error.message}`));
            },
          );
        }
      }
    }
  });
  await faultDone;
  if (watch.failed) throw watch.failed;
  if (refusals.length > 0) throw new Error(`actions refused under ${fault} on ${storage}:\n${refusals.slice(0, 5).join('\n')}`);

  // Verification: every case against the rules, and no case beyond the N submitted.
  const procedure = options.procedure;
  let closed = 0;
  let lostEvents = 0;
  let doubledEvents = 0;
  let wrongEvents = 0;
  for (const code of codes) {
    const details = await persist(`reading ${code}`, () => request(deployment.api(), deployment.auth[desk]!, 'GET', `/api/cases/${code}`, undefined, watch.stopped.signal), watch);
    if (details.status !== 200) throw new Error(`reading ${code} answered ${details.status}: ${JSON.stringify(details.body)}`);
    if (details.body.status === 'closed') closed++;
    const stored = (details.body.events as StoredEvent[]).map((e) => ({ seq: e.seq, type: e.type, action: e.data.action ?? null, toState: e.toState }));
    const expected = expectedEvents(procedure, code, details.body.receivedAt as string, stored.length > 0 ? ((details.body.events as Array<{ unit: string }>)[0]!.unit) : '');
    const key = (e: { type: string; action: string | null }) => `${e.type}:${e.action ?? ''}`;
    const counts = new Map<string, number>();
    for (const e of expected) counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
    for (const e of stored) counts.set(key(e), (counts.get(key(e)) ?? 0) - 1);
    for (const difference of counts.values()) {
      if (difference > 0) lostEvents += difference;
      if (difference < 0) doubledEvents -= difference;
    }
    wrongEvents += stored.filter((e, i) => JSON.stringify(e) !== JSON.stringify(expected[i])).length;
  }
  const workflows = await within(`Temporal to list the workflows of task queue chaos-${storage}`, 120_000, (async () => {
    let count = 0;
    for await (const _ of deployment.env().client.workflow.list({ query: `TaskQueue = "chaos-${storage}"` })) count++;
    return count;
  })());
  const ofBatch = codes.length;
  const recover = faultAt !== null && firstAnswerAfterRestore !== null ? (firstAnswerAfterRestore - faultAt) / 1000 : NaN;
  return {
    storage,
    fault,
    cases: n,
    closed,
    extraCases: Math.max(0, workflows - ofBatch - previousWorkflows.get(storage)!),
    lostEvents,
    doubledEvents,
    wrongEvents,
    retries: watch.retries,
    recoverSeconds: recover,
    totalSeconds: (performance.now() - started) / 1000,
  };
}

const previousWorkflows = new Map<Storage, number>();

/** Runs every fault on every storage, one batch of N fresh cases per fault; the rows of the table. */
export async function runFaultMatrix(options: MatrixOptions): Promise<FaultRow[]> {
  const rows: FaultRow[] = [];
  const bundleDir = mkdtempSync(path.join(tmpdir(), 'motcua-chaos-bundle-'));
  const workflowBundlePath = path.join(bundleDir, 'case-workflows.js');
  writeFileSync(workflowBundlePath, (await bundleCaseWorkflows()).code);
  for (const storage of options.storages) {
    const dir = mkdtempSync(path.join(tmpdir(), `motcua-chaos-${storage}-`));
    const deployment = await deploy(storage, options, dir, workflowBundlePath);
    previousWorkflows.set(storage, 0);
    try {
      for (const fault of options.faults) {
        const row = await runBatch(storage, fault, deployment, options, `${storage}-${fault}`);
        previousWorkflows.set(storage, previousWorkflows.get(storage)! + row.cases + row.extraCases);
        options.log?.(formatRow(row));
        rows.push(row);
      }
    } finally {
      await deployment.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  rmSync(bundleDir, { recursive: true, force: true });
  return rows;
}

export const tableHeader = '| storage | fault | cases | closed | extra cases | lost events | doubled events | wrong events | retries | recover s | batch s |\n|---|---|---|---|---|---|---|---|---|---|---|';

export function formatRow(row: FaultRow): string {
  return `| ${row.storage} | ${faultLabels[row.fault]} | ${row.cases} | ${row.closed} | ${row.extraCases} | ${row.lostEvents} | ${row.doubledEvents} | ${row.wrongEvents} | ${row.retries} | ${row.recoverSeconds.toFixed(1)} | ${row.totalSeconds.toFixed(1)} |`;
}
