/**
 * `motcua seed --cases N`: realistic cases through the real engine — the case workflow on a Temporal
 * server, the worker and its activities writing the events and projections — over a past year.
 *
 * A workflow's clock is its server's, and Temporal servers start at the wall clock. So the seeder
 * runs the time-skipping test server under libfaketime (Debian package `faketime`), its clock
 * started at `from`, and skips time from one planned instant to the next (`env.sleep`). What the
 * applicants and officers do is the synthetic seeder's policy (src/metrics/synthetic.ts), taken by
 * accounts of the units that hold the case. Before each action the seeder checks it against a
 * mirror of the case run by the same pure rules, and waits for the engine to have written every
 * event the mirror expects: the test server stalls on a refused Update or on an Update while the
 * case's timer fires (tests/support/engine.ts), so only allowed actions are sent, never close to
 * one of the case's wake-ups.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { dueInstant, workingTimeBetween, type CalendarData } from '../calendar/index.js';
import type { Actor, StaffRole } from '../cases/actor.js';
import { actionFacts } from '../cases/action-facts.js';
import { requiredRoles } from '../cases/authorization.js';
import { applyAction, calendarOf, checkAction, handleWakeUp, nextWakeUp, startCase, type ActionRequest, type CaseInput, type CaseState, type Channel } from '../cases/case-rules.js';
import { MotcuaError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { NextAction, PlannedAction } from '../metrics/case-driver.js';
import type { MetricsContext } from '../metrics/metrics-store.js';
import { localDay } from '../metrics/periods.js';
import { pick, seededRandom, syntheticPolicy } from '../metrics/synthetic.js';
import type { CompiledProcedure } from '../procedures/compiled-procedure.js';
import { isWardRole, resolveUnit, WARDS } from '../procedures/units.js';
import type { MotcuaDb } from '../store/database.js';
import { findSubmission } from '../store/submission-store.js';
import { createCaseService, type CaseService, type ProcedureSource } from './case-service.js';
import { ensureCaseSearchAttributes } from './search-attributes.js';
import { temporalExecutable } from './temporal-server.js';
import { createCaseWorker } from './worker.js';

const faketimeLibraries = ['x86_64-linux-gnu', 'aarch64-linux-gnu', ''].map((arch) => `/usr/lib/${arch ? `${arch}/` : ''}faketime/libfaketime.so.1`);

/** libfaketime (Debian: `apt-get install faketime`, infra/faketime/install.sh), or MOTCUA_FAKETIME_LIB. */
export function faketimeLibrary(from: Date, explicit = process.env.MOTCUA_FAKETIME_LIB): string {
  const found = [explicit, ...faketimeLibraries].find((path): path is string => !!path && existsSync(path));
  if (!found) throw new MotcuaError('SEED_CLOCK_UNAVAILABLE', { from: from.toISOString(), detail: 'libfaketime not found: apt-get install -y faketime (infra/faketime/install.sh), or set MOTCUA_FAKETIME_LIB' });
  return found;
}

/** `@YYYY-MM-DD HH:MM:SS` in UTC: libfaketime's absolute start, from which the clock runs on. */
export function faketimeStart(from: Date): string {
  return `@${from.toISOString().slice(0, 19).replace('T', ' ')}`;
}

export interface SeedingEngine {
  env: TestWorkflowEnvironment;
  cases: CaseService;
  db: MotcuaDb;
  /** The server's clock, as the workflows see it. */
  serverNow(): Promise<Date>;
  close(): Promise<void>;
}

/**
 * The time-skipping test server with its clock at `from` (libfaketime through a launcher script,
 * since the SDK starts the binary itself), a worker of the real workflow and activities on `db`, and
 * the case service whose clock is the server's. Refuses to go on if the server's clock is not at `from`.
 */
export async function startSeedingEngine(options: {
  db: MotcuaDb;
  from: Date;
  procedures: ProcedureSource;
  calendar: CalendarData;
  metrics: MetricsContext;
  logger: Logger;
  testServerPath?: string | undefined;
}): Promise<SeedingEngine> {
  const executable = temporalExecutable('temporal-test-server', options.testServerPath);
  if (executable.type !== 'existing-path') {
    throw new MotcuaError('SEED_CLOCK_UNAVAILABLE', { from: options.from.toISOString(), detail: 'temporal-test-server not found: run infra/temporal/install.sh' });
  }
  const library = faketimeLibrary(options.from);
  const dir = await mkdtemp(join(tmpdir(), 'motcua-seed-'));
  const launcher = join(dir, 'temporal-test-server');
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  // Only the server's wall clock is faked; its monotonic clock (timeouts, keep-alives) stays real.
  await writeFile(
    launcher,
    ['#!/bin/sh', `export LD_PRELOAD=${quote(library)} FAKETIME=${quote(faketimeStart(options.from))} FAKETIME_DONT_RESET=1 FAKETIME_DONT_FAKE_MONOTONIC=1 TZ=UTC`, `exec ${quote(executable.path)} "$@"`, ''].join('\n'),
    { mode: 0o755 },
  );
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: launcher } } });
  let worker: Worker | undefined;
  let run: Promise<void> | undefined;
  const close = async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await run;
    await env.teardown();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const started = await env.currentTimeMs();
    // The faked start plus the seconds the server took to start; a server at the wall clock is refused.
    if (started < options.from.getTime() || started > options.from.getTime() + 3_600_000) {
      throw new MotcuaError('SEED_CLOCK_UNAVAILABLE', { from: options.from.toISOString(), detail: `the server's clock reads ${new Date(started).toISOString()}` });
    }
    await ensureCaseSearchAttributes(env.connection, 'default');
    const taskQueue = 'motcua-seed';
    worker = await createCaseWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, db: options.db, logger: options.logger, metrics: options.metrics });
    run = worker.run();
    let serverTime = started;
    const serverNow = async () => new Date((serverTime = await env.currentTimeMs()));
    const cases = createCaseService({
      client: env.client,
      db: options.db,
      taskQueue,
      procedures: options.procedures,
      calendar: () => options.calendar,
      // The host's clock is the server's, read before each submission.
      now: () => new Date(serverTime),
    });
    return { env, cases, db: options.db, serverNow, close };
  } catch (error) {
    await close();
    throw error;
  }
}

const familyNames = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const givenNames = ['Văn An', 'Thị Bình', 'Minh Châu', 'Quốc Dũng', 'Thị Hoa', 'Văn Hùng', 'Ngọc Lan', 'Thanh Long', 'Thị Mai', 'Hữu Nghĩa', 'Kim Oanh', 'Đức Phúc'];
const streets = ['Nguyễn Thị Thập', 'Huỳnh Tấn Phát', 'Nguyễn Hữu Thọ', 'Lê Văn Lương', 'Trần Xuân Soạn', 'Nguyễn Lương Bằng'];

/** An account of the unit that takes the action now, in the role the rules ask for (the demo accounts' naming). */
export function seedActor(state: CaseState, action: string): Actor | null {
  const facts = actionFacts(state, action);
  if (!facts) return null;
  if (facts.by === 'post') return { kind: 'post' };
  const staff = (unit: string, role: StaffRole): Actor => ({ kind: 'staff', account: `${role}.${unit.toLowerCase()}`, unit, role });
  if (facts.by === 'applicant') return staff(facts.receivingUnit, 'desk_officer');
  const handler = facts.handlers[0];
  const role = handler && requiredRoles(handler)[0];
  return handler && role ? staff(handler.unit, role) : null;
}

interface SeedCase {
  index: number;
  procedure: CompiledProcedure;
  channel: Channel;
  ward: string | undefined;
  plannedReceipt: Date;
  policy: NextAction;
  idempotencyKey: string;
  input?: CaseInput;
  state?: CaseState;
  /** Events the mirror expects in the store. */
  expectedEvents: number;
  next: PlannedAction | null;
  plans: number;
}

export interface SeededAction {
  caseCode: string;
  request: ActionRequest;
  /** The server's instant when the seeder sent it (the workflow applies it at its own, a moment later). */
  sentAt: string;
}

export interface SeedCasesResult {
  cases: number;
  actions: number;
  events: number;
  seconds: number;
  /** Idempotency key → dossier code of each seeded case. */
  caseCodes: Map<string, string>;
  /** Every action sent, in order. */
  log: SeededAction[];
}

export interface SeedCasesOptions {
  count: number;
  from: Date;
  /** The end (exclusive): nothing is received or done after it; cases still open stay open. */
  to: Date;
  seed: number;
  procedures: readonly CompiledProcedure[];
  calendar: CalendarData;
  /** The instants the progress is reported at: the server's clock between `from` and `to`. */
  onProgress?: (at: Date, casesReceived: number) => void;
  /** Actions planned this soon after the current instant are taken with it, concurrently (default 30 minutes). */
  windowMs?: number;
  /** How long to wait for the worker to write what the mirror expects (default 60 s). */
  catchUpTimeoutMs?: number;
}

/** Whether the case's next wake-up is so close after `at` that an Update could meet its timer. */
const wakeUpMargin = 2 * 60_000;

export async function seedCases(engine: SeedingEngine, options: SeedCasesOptions): Promise<SeedCasesResult> {
  const startedAt = performance.now();
  const rng = seededRandom(options.seed);
  const calendar = calendarOf(options.calendar);
  const officeHours = workingTimeBetween(calendar, options.from, options.to).minutes / 60;
  const all: SeedCase[] = [];
  for (let index = 0; index < options.count; index++) {
    const plannedReceipt = dueInstant(calendar, options.from, { amount: Math.max(0.01, rng() * officeHours), unit: 'working-hours' });
    const day = localDay(plannedReceipt);
    const inForce = options.procedures.filter((p) => (!p.effectiveFrom || p.effectiveFrom <= day) && (!p.effectiveTo || day < p.effectiveTo));
    const procedure = pick(rng, inForce.length > 0 ? inForce : options.procedures);
    const channel = pick(rng, procedure.channels.includes('online') && rng() < 0.35 ? ['online' as const] : procedure.channels);
    const needsWard = [procedure.receivingUnit, ...Object.values(procedure.states).map((s) => s.unit)].some(isWardRole);
    const ward = needsWard ? pick(rng, WARDS).code : undefined;
    all.push({ index, procedure, channel, ward, plannedReceipt, policy: syntheticPolicy(rng, calendar, channel), idempotencyKey: `seed:${options.seed}:${options.from.toISOString().slice(0, 10)}:${index}`, expectedEvents: 0, next: null, plans: 0 });
  }
  // What happens next, earliest first: a case's receipt or its next planned action.
  const queue: Array<{ at: number; item: SeedCase }> = all.map((item) => ({ at: item.plannedReceipt.getTime(), item })).sort((a, b) => a.at - b.at);
  const enqueue = (at: number, item: SeedCase) => {
    let i = queue.findIndex((q) => q.at > at);
    if (i < 0) i = queue.length;
    queue.splice(i, 0, { at, item });
  };
  const caseCodes = new Map<string, string>();
  const log: SeededAction[] = [];
  let events = 0;
  let now = await engine.serverNow();

  const advanceTo = async (at: number) => {
    if (at > now.getTime()) await engine.env.sleep(at - now.getTime());
    now = await engine.serverNow();
    options.onProgress?.(now, caseCodes.size);
  };
  const runMirrorClock = (item: SeedCase, until: Date) => {
    for (let wake = nextWakeUp(item.state!); wake && wake.getTime() < until.getTime(); wake = nextWakeUp(item.state!)) {
      const step = handleWakeUp(item.state!, wake);
      item.state = step.state;
      if (step.events.length === 0) break;
      item.expectedEvents += step.events.length;
    }
  };
  /** Waits until the worker has written every event the mirror expects of the case. */
  const caughtUp = async (item: SeedCase) => {
    const code = item.input!.caseCode;
    const deadline = Date.now() + (options.catchUpTimeoutMs ?? 60_000);
    for (;;) {
      const row = await engine.db.selectFrom('case_events').select((eb) => eb.fn.countAll<string>().as('n')).where('case_code', '=', code).executeTakeFirstOrThrow();
      const stored = Number(row.n);
      if (stored === item.expectedEvents) return;
      if (stored > item.expectedEvents || Date.now() > deadline) {
        throw new Error(`seeding stopped: case ${code} has ${stored} events in the store, the rules expect ${item.expectedEvents}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const plan = (item: SeedCase, at: Date) => {
    item.next = null;
    if (item.state!.closed || ++item.plans > 200) return;
    const next = item.policy(item.state!, at);
    if (!next || next.at.getTime() >= options.to.getTime()) return;
    item.next = next;
    enqueue(next.at.getTime(), item);
  };

  /** A case's receipt or its planned action, at the server's `now`. */
  const perform = async (item: SeedCase, at: number) => {
    if (!item.input) {
      const receiving = resolveUnit(item.procedure.receivingUnit, item.ward);
      const view = await engine.cases.submit({
        procedureCode: item.procedure.code,
        channel: item.channel,
        ward: item.ward,
        applicant: applicantOf(item.index, options.seed),
        // The post's lawful instant is the signed handover (QĐ45): the planned one, unless that is still ahead.
        ...(item.channel === 'post' ? { receivedAt: new Date(Math.min(at, now.getTime())).toISOString() } : {}),
        idempotencyKey: item.idempotencyKey,
        ...(receiving.ok ? { receivedBy: { kind: 'staff', account: `desk_officer.${receiving.unit.code.toLowerCase()}`, unit: receiving.unit.code, role: 'desk_officer' } } : {}),
      });
      const stored = await findSubmission(engine.db, item.idempotencyKey);
      if (!stored) throw new Error(`seeding stopped: submission ${item.idempotencyKey} (${view.caseCode}) was not recorded`);
      item.input = stored.input;
      const started = startCase(item.input);
      item.state = started.state;
      item.expectedEvents = started.events.length;
      caseCodes.set(item.idempotencyKey, item.input.caseCode);
      plan(item, new Date(item.input.receivedAt));
      return;
    }
    const planned = item.next!;
    runMirrorClock(item, now);
    if (item.state!.closed) return;
    const actor = seedActor(item.state!, planned.request.action);
    const request: ActionRequest = { ...planned.request, actor: actor ?? planned.request.actor };
    if (!actor || checkAction(item.state!, request, now) !== null) {
      // The timers that fired meanwhile closed the action (as in driveCase): choose again.
      plan(item, now);
      return;
    }
    const wake = nextWakeUp(item.state!);
    if (wake && wake.getTime() - now.getTime() < wakeUpMargin) {
      // Not while the case's timer fires: the same action a little after it.
      enqueue(wake.getTime() + wakeUpMargin, item);
      return;
    }
    await caughtUp(item);
    const code = item.input.caseCode;
    const sentAt = now;
    await engine.cases.act(code, request, `${item.idempotencyKey}:${item.plans}`);
    const step = applyAction(item.state!, request, sentAt);
    item.state = step.state;
    item.expectedEvents += step.events.length;
    log.push({ caseCode: code, request, sentAt: sentAt.toISOString() });
    plan(item, sentAt);
  };

  // Time skips to the next planned instant; what else is planned within the window happens then
  // too, each case on its own, at the same time (one Update at a time per case).
  const windowMs = options.windowMs ?? 30 * 60_000;
  while (queue.length > 0) {
    const first = queue.shift()!;
    await advanceTo(first.at);
    const batch = [first];
    while (queue.length > 0 && queue[0]!.at <= now.getTime() + windowMs) batch.push(queue.shift()!);
    await Promise.all(batch.map(({ item, at }) => perform(item, at)));
  }
  await advanceTo(options.to.getTime());
  for (const item of all) {
    if (!item.state) continue;
    runMirrorClock(item, now);
    await caughtUp(item);
    events += item.expectedEvents;
  }
  return { cases: caseCodes.size, actions: log.length, events, seconds: (performance.now() - startedAt) / 1000, caseCodes, log };
}

function applicantOf(index: number, seed: number): Record<string, unknown> {
  const rng = seededRandom(seed * 7919 + index);
  const name = `${pick(rng, familyNames)} ${pick(rng, givenNames)}`;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');
  return { name, citizenId: `079${digits(9)}`, phone: `09${digits(8)}`, address: `${1 + Math.floor(rng() * 300)} ${pick(rng, streets)}, Quận 7` };
}
