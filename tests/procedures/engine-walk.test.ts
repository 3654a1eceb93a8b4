/**
 * Issue #3's acceptance test: every procedure is driven through every one of its states on the
 * real engine (Temporal time-skipping server, the real case workflow and activities, PGlite), by
 * paths planned from the compiled machine (tests/support/procedure-paths.ts), including the
 * supplement, late and postal paths.
 *
 * The time-skipping server only moves time when told to, and it breaks a workflow for good in
 * three measured cases: an Update its validator refuses; an Update whose workflow task cancels a
 * timer that has just fired (see `quietHistory`); and any failing workflow task, after which it
 * skips no more time for any workflow, even once that one is terminated. So:
 * - each path is first rehearsed in the pure case rules (what the workflow runs); a path they
 *   cannot run is reported and not sent to the server;
 * - an action is sent only when the case's view allows it and the case's workflow is quiet;
 * - the server's clock is moved once to 08:00 of a working day before the first case, then once
 *   for the whole file: phase 1 runs every path up to its wait, one `env.sleep` passes every
 *   deadline and supplement window, phase 2 finishes the paths that waited.
 * Everything runs in `beforeAll`; the tests read what the engine answered and what it stored.
 * MOTCUA_WALK_TRACE=1 prints progress and timings.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { temporal } from '@temporalio/proto';
import { createCalendar, defaultCalendarData, dueInstant, isWorkingDay } from '../../src/calendar/index.js';
import type { CaseEvent } from '../../src/cases/case-event.js';
import type { CaseView, Channel } from '../../src/cases/case-rules.js';
import type { LoadedProcedure } from '../../src/procedures/load.js';
import { isWardRole, WARDS } from '../../src/procedures/units.js';
import { listCaseEvents } from '../../src/store/case-store.js';
import { createTestEngine, testCatalogue, timeSkippingEnvironment, type TestEngine } from '../support/engine.js';
import {
  actionCount,
  planProcedurePaths,
  rehearsePath,
  requestFor,
  withAncestors,
  type ActStep,
  type ProcedurePath,
  type Purpose,
} from '../support/procedure-paths.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';

/**
 * Cases driven at the same time. Measured on 2 cores (server, worker and PGlite share them): an
 * action takes ~1 s from send to answer under load, so 32 cases in flight beat 16 (phase 1 of a
 * 14-procedure sample: 20 s against 26 s; 8 cases: 28 s).
 */
const CONCURRENCY = Number(process.env.MOTCUA_WALK_CONCURRENCY ?? 32);
const DAY_MS = 86_400_000;
/** A timer due within this much server time must fire before an Update is sent (see `quietHistory`). */
const IMMINENT_MS = 5_000;
/** A case that does not answer or settle in this much real time is reported broken. */
const STUCK_MS = 30_000;
/** Real time the one long sleep may take (measured: under 10 s for every procedure). */
const SLEEP_LIMIT_MS = 120_000;
const STAFF = 'officer-walk';
const calendar = createCalendar(defaultCalendarData);

const catalogue = await testCatalogue();
// MOTCUA_WALK=D7-HKD-01,D7-MT-01 walks only those procedures (for debugging).
const only = process.env.MOTCUA_WALK?.split(',');
const procedures = catalogue.procedures.filter((p) => !only || only.includes(p.definition.code));
const plans = new Map(procedures.map((p) => [p.definition.code, planProcedurePaths(p.compiled)] as const));

interface CaseRun {
  procedure: LoadedProcedure;
  path: ProcedurePath;
  channel: Channel;
  ward: string | undefined;
  caseCode: string;
  /** Index of the next step of `path` to run. */
  next: number;
  view: CaseView | undefined;
  /** States the engine reported (views, and the closing event of a case the system closed), with ancestors. */
  visited: Set<string>;
  actionsSent: number;
  errors: string[];
  /** The engine failed a workflow task of this case: the time-skipping server can no longer skip time. */
  broken: boolean;
  events: CaseEvent[];
}

const runs: CaseRun[] = procedures.flatMap((procedure, p) => {
  const { compiled, definition } = procedure;
  const wardHeld = [compiled.receivingUnit, ...Object.values(compiled.states).map((s) => s.unit)].some(isWardRole);
  return plans.get(definition.code)!.map(
    (path, i): CaseRun => ({
      procedure,
      path,
      // Spread the cases over the channels the procedure offers and over the wards.
      channel: definition.channels[(p + i) % definition.channels.length]!,
      ward: wardHeld ? WARDS[(p + i) % WARDS.length]!.code : undefined,
      caseCode: '',
      next: 0,
      view: undefined,
      visited: new Set(),
      actionsSent: 0,
      errors: [],
      broken: false,
      events: [],
    }),
  );
});
const trace = (message: string) => void (process.env.MOTCUA_WALK_TRACE && process.stderr.write(`[walk ${new Date().toISOString()}] ${message}\n`));
const label = (run: CaseRun) => `${run.caseCode || run.procedure.definition.code} (${run.path.purposes.join(' + ')})`;

async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) await work(items[nextIndex++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const sorted = (paths: Iterable<string>) => [...paths].sort();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 08:00 in Vietnam (UTC+7) on the first working day after `ms`: every run starts at the same time of a working day. */
function nextWorkingMorning(ms: number): number {
  for (let day = Math.floor(ms / DAY_MS) + 1; ; day++) {
    const morning = day * DAY_MS + 3_600_000;
    if (isWorkingDay(calendar, new Date(morning))) return morning;
  }
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const num = (value: unknown): number =>
  value && typeof value === 'object' && 'toNumber' in value ? (value as { toNumber(): number }).toNumber() : Number(value ?? 0);
const msOf = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => num(t?.seconds) * 1000 + (t?.nanos ?? 0) / 1e6;

/**
 * Whether a workflow's history has no workflow task or activity open and no timer due before
 * `horizon`. Measured: an Update that reaches the time-skipping server while a timer of the case
 * is firing (a deadline warning due at once, a 1 ms timer) fails the workflow task that cancels
 * that timer with "invalid history builder state for action", for good; the dev server takes the
 * same history. So Updates wait for quiet.
 */
function quietHistory(events: readonly HistoryEvent[], horizon: number): boolean {
  const timers = new Map<number, number>();
  const activities = new Set<number>();
  const tasks = new Set<number>();
  for (const e of events) {
    const id = num(e.eventId);
    if (e.timerStartedEventAttributes) timers.set(id, msOf(e.eventTime) + msOf(e.timerStartedEventAttributes.startToFireTimeout));
    timers.delete(num(e.timerFiredEventAttributes?.startedEventId ?? e.timerCanceledEventAttributes?.startedEventId));
    if (e.activityTaskScheduledEventAttributes) activities.add(id);
    for (const end of [e.activityTaskCompletedEventAttributes, e.activityTaskFailedEventAttributes, e.activityTaskTimedOutEventAttributes]) {
      if (end) activities.delete(num(end.scheduledEventId));
    }
    if (e.workflowTaskScheduledEventAttributes) tasks.add(id);
    for (const end of [e.workflowTaskCompletedEventAttributes, e.workflowTaskFailedEventAttributes, e.workflowTaskTimedOutEventAttributes]) {
      if (end) tasks.delete(num(end.scheduledEventId));
    }
  }
  return activities.size === 0 && tasks.size === 0 && [...timers.values()].every((due) => due > horizon);
}

/** The failure of the workflow's last failed task, if any: the engine threw inside the workflow. */
function taskFailure(events: readonly HistoryEvent[]): string | undefined {
  const failed = events.filter((e) => e.workflowTaskFailedEventAttributes).at(-1);
  return failed?.workflowTaskFailedEventAttributes?.failure?.message ?? undefined;
}

describe('every procedure driven through every state on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  const timings: Record<string, number> = {};
  const stats = { settlePolls: 0, settleMs: 0, actMs: 0, submitMs: 0 };
  let startedAt = '';

  const history = async (run: CaseRun) => (await env.client.workflow.getHandle(run.caseCode).fetchHistory()).events ?? [];

  /** Waits until the case's workflow is quiet; fails at once when a workflow task has failed. */
  async function settle(run: CaseRun): Promise<void> {
    const giveUp = Date.now() + STUCK_MS;
    const t0 = performance.now();
    for (;;) {
      stats.settlePolls++;
      const [events, now] = await Promise.all([history(run), env.currentTimeMs()]);
      const failure = taskFailure(events);
      if (failure) {
        run.broken = true;
        throw new Error(`the workflow task fails: ${failure}`);
      }
      if (quietHistory(events, now + IMMINENT_MS)) {
        stats.settleMs += performance.now() - t0;
        return;
      }
      if (Date.now() > giveUp) {
        run.broken = true;
        throw new Error(`the workflow is not quiet after ${STUCK_MS} ms`);
      }
      await pause(200);
    }
  }

  function see(run: CaseRun, view: CaseView): void {
    run.view = view;
    for (const path of withAncestors(view.states.map((s) => s.path))) run.visited.add(path);
  }

  async function act(run: CaseRun, step: ActStep): Promise<void> {
    const before = run.view!;
    // Never send what the validator would refuse: that breaks the workflow on this server.
    if (!before.allowedActions.includes(step.action)) {
      throw new Error(`step ${run.next}: "${step.action}" is not allowed in ${before.state} (allowed: ${before.allowedActions.join(', ')})`);
    }
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(async () => {
        run.broken = true;
        const failure = taskFailure(await history(run).catch(() => []));
        reject(new Error(`step ${run.next}: "${step.action}" got no answer in ${STUCK_MS} ms${failure ? `; the workflow task fails: ${failure}` : ''}`));
      }, STUCK_MS);
    });
    const t0 = performance.now();
    const request = requestFor(run.procedure.compiled, step, { staff: STAFF, ward: run.ward, statutoryDueAt: before.statutoryDueAt });
    const view = await Promise.race([engine.cases.act(run.caseCode, request, `${run.caseCode}#${run.next}`), stuck]).finally(() =>
      clearTimeout(timer),
    );
    run.actionsSent++;
    stats.actMs += performance.now() - t0;
    see(run, view);
    const states = sorted(view.states.map((s) => s.path));
    if (states.join() !== sorted(step.after).join()) {
      throw new Error(`step ${run.next}: "${step.action}" led to ${states.join(' | ')}, expected ${sorted(step.after).join(' | ')}`);
    }
  }

  /** Runs the path's action steps from `run.next` until a wait step or the end. */
  async function drive(run: CaseRun): Promise<void> {
    if (run.errors.length > 0) return;
    try {
      // The clock starts at receipt and restarts once a supplement is complete: a timer may fire at once.
      let quiet = false;
      for (let step = run.path.steps[run.next]; step?.kind === 'act'; step = run.path.steps[run.next]) {
        if (!quiet) await settle(run);
        const before = run.view!.status;
        await act(run, step);
        quiet = !(before === 'awaiting_supplement' && run.view!.status === 'in_progress');
        run.next++;
      }
    } catch (error) {
      run.errors.push(`${label(run)}: ${(error as Error).message}`);
    }
  }

  async function submitAndDrive(run: CaseRun): Promise<void> {
    if (run.errors.length > 0) return;
    try {
      const t0 = performance.now();
      const view = await engine.cases.submit({
        procedureCode: run.procedure.definition.code,
        applicant: { name: 'Nguyễn Văn Đi Khắp' },
        channel: run.channel,
        ward: run.ward,
      });
      run.caseCode = view.caseCode;
      stats.submitMs += performance.now() - t0;
      see(run, view);
    } catch (error) {
      run.errors.push(`${label(run)}: submit: ${(error as Error).message}`);
      return;
    }
    await drive(run);
  }

  const waitingRuns = () => runs.filter((run) => run.errors.length === 0 && run.path.steps[run.next]?.kind === 'wait');

  /** The instant by which every waiting case's deadline (and apology date) or supplement window has passed. */
  async function waitTarget(): Promise<number> {
    let target = 0;
    for (const run of waitingRuns()) {
      const step = run.path.steps[run.next]!;
      if (step.kind !== 'wait') continue;
      if (step.until === 'deadline') {
        target = Math.max(target, Date.parse(run.view!.statutoryDueAt!), Date.parse(run.view!.dueAt!));
      } else {
        const events = await listCaseEvents(database.db, run.caseCode);
        const requested = [...events].reverse().find((e) => e.data.action === 'request_supplement')!;
        target = Math.max(target, dueInstant(calendar, new Date(requested.at), run.procedure.compiled.supplementWindow).getTime());
      }
    }
    return target;
  }

  /** After the sleep: the timer's events are stored, and the states the engine is in now are recorded. */
  async function finishWait(run: CaseRun): Promise<void> {
    const step = run.path.steps[run.next]!;
    if (step.kind !== 'wait') return;
    const stored = () => listCaseEvents(database.db, run.caseCode);
    try {
      if (step.until === 'deadline') {
        await vi.waitFor(async () => expect((await stored()).map((e) => e.type)).toContain('overdue'), { timeout: STUCK_MS, interval: 200 });
        const view = await engine.cases.view(run.caseCode);
        see(run, view);
        expect(view.overdue, 'overdue in the view').toBe(true);
        expect(sorted(view.states.map((s) => s.path))).toEqual(sorted(step.after));
      } else {
        const closed = await vi.waitFor(
          async () => {
            const last = (await stored()).at(-1);
            expect(last?.type).toBe('closed');
            return last!;
          },
          { timeout: STUCK_MS, interval: 200 },
        );
        const states = closed.toState!.split(' | ');
        for (const path of withAncestors(states)) run.visited.add(path);
        expect(sorted(states)).toEqual(sorted(step.after));
      }
      run.next++;
    } catch (error) {
      run.errors.push(`${label(run)}: after the ${step.until} wait: ${(error as Error).message}`);
    }
  }

  /** A broken case's workflow task keeps failing; it is ended (time still cannot pass once one broke). */
  async function terminateBroken(): Promise<void> {
    await inPool(
      runs.filter((run) => run.broken),
      CONCURRENCY,
      async (run) => {
        await env.client.workflow
          .getHandle(run.caseCode)
          .terminate('engine walk: the case is broken')
          .catch(() => undefined);
      },
    );
  }

  beforeAll(async () => {
    const started = performance.now();
    const lap = (name: string, since: number) => {
      timings[name] = Math.round(performance.now() - since);
      trace(`${name}: ${timings[name]} ms`);
    };
    env = await timeSkippingEnvironment();
    database = await createTestDatabase('pglite');
    // The same time of a working day on every run (the engine's clock follows the server's).
    await env.sleep(nextWorkingMorning(await env.currentTimeMs()) - (await env.currentTimeMs()));
    startedAt = new Date(await env.currentTimeMs()).toISOString();
    engine = await createTestEngine(env, database.db);
    lap('setup', started);

    // Measured: once one workflow task fails, this server skips no more time, even after the
    // workflow is terminated. Paths the case rules cannot run are therefore not sent to it.
    let since = performance.now();
    for (const run of runs) {
      const failure = rehearsePath(run.procedure.compiled, run.path, {
        receivedAt: new Date(startedAt),
        channel: run.channel,
        ward: run.ward,
        calendar: defaultCalendarData,
        staff: STAFF,
        waitDays: 90,
      });
      if (failure) run.errors.push(`${label(run)}: not run on the engine, ${failure}`);
    }
    lap('rehearsal in the case rules', since);

    await engine.withWorker(async () => {
      since = performance.now();
      await inPool(runs, CONCURRENCY, submitAndDrive);
      lap('phase 1: submit, drive to the waits', since);

      since = performance.now();
      await terminateBroken();
      const broken = runs.filter((run) => run.broken).map(label);
      if (broken.length > 0) {
        for (const run of waitingRuns()) run.errors.push(`${label(run)}: time could not pass: the engine broke ${broken.join(', ')}`);
      } else {
        const sleepMs = Math.max(0, (await waitTarget()) + 3_600_000 - (await env.currentTimeMs()));
        timings['time skipped (days)'] = Math.round(sleepMs / DAY_MS);
        trace(`sleeping ${timings['time skipped (days)']} days`);
        // A workflow task failing during the sleep would stop time for good: give up instead of hanging.
        const slept = await Promise.race([env.sleep(sleepMs).then(() => true), pause(SLEEP_LIMIT_MS).then(() => false)]);
        if (!slept) for (const run of waitingRuns()) run.errors.push(`${label(run)}: time did not pass within ${SLEEP_LIMIT_MS} ms`);
        trace('slept');
      }
      await inPool(waitingRuns(), CONCURRENCY, finishWait);
      lap('sleep, timer events', since);

      since = performance.now();
      await inPool(
        runs.filter((run) => run.next < run.path.steps.length),
        CONCURRENCY,
        drive,
      );
      await terminateBroken();
      lap('phase 2: drive after the waits', since);
    });

    since = performance.now();
    await inPool(runs, CONCURRENCY, async (run) => {
      if (run.caseCode) run.events = await listCaseEvents(database.db, run.caseCode);
    });
    lap('reading the events', since);
    lap('total', started);
    trace(`stats ${JSON.stringify(stats)}`);
    const actions = runs.reduce((n, run) => n + run.actionsSent, 0);
    const planned = runs.reduce((n, run) => n + actionCount(run.path), 0);
    console.log(
      `engine walk from ${startedAt}: ${procedures.length} procedures, ${runs.length} cases, ` +
        `${actions} of ${planned} planned actions sent, ${runs.filter((r) => r.errors.length > 0).length} cases failed; ` +
        `timings (ms): ${JSON.stringify(timings)}`,
    );
  }, 900_000);

  afterAll(async () => {
    await engine?.close();
    await env?.teardown();
    await database?.close();
  }, 120_000);

  describe.each(procedures.map((p) => [p.definition.code, p] as const))('%s', (code, procedure) => {
    const compiled = procedure.compiled;
    const caseRuns = () => runs.filter((run) => run.procedure === procedure);
    const byPurpose = (purpose: Purpose) => caseRuns().filter((run) => run.path.purposes.includes(purpose));
    const types = (run: CaseRun) => run.events.map((e) => e.type);
    const options = { timeout: 10_000 };

    it('plans paths that together visit every state it describes', options, () => {
      const planned = new Set(plans.get(code)!.flatMap((path) => path.visits));
      expect(Object.keys(compiled.states).filter((state) => !planned.has(state))).toEqual([]);
    });

    it('runs every planned path on the engine, each action allowed and leading where the machine says', options, () => {
      expect(caseRuns().flatMap((run) => run.errors)).toEqual([]);
      for (const run of caseRuns()) expect(run.next, label(run)).toBe(run.path.steps.length);
    });

    it('has been in every one of its states on the engine', options, () => {
      const visited = new Set(caseRuns().flatMap((run) => [...run.visited]));
      expect(sorted(visited)).toEqual(sorted(Object.keys(compiled.states)));
    });

    it('records each case as contiguous events: received once, resolved at most once, closed last', options, () => {
      for (const run of caseRuns()) {
        expect(run.events.map((e) => e.seq), label(run)).toEqual(run.events.map((_, i) => i + 1));
        expect(types(run)[0], label(run)).toBe('received');
        expect(types(run).filter((t) => t === 'received'), label(run)).toHaveLength(1);
        expect(types(run).filter((t) => t === 'resolved').length, label(run)).toBeLessThanOrEqual(1);
        expect(types(run).filter((t) => t === 'closed'), label(run)).toHaveLength(1);
        expect(types(run).at(-1), label(run)).toBe('closed');
        expect(run.events.at(-1)!.data.outcome, label(run)).toBe(run.path.outcome);
      }
    });

    it('resolves the late case late, after an overdue event, and the apology’s date is broken too', options, () => {
      const [late] = byPurpose('late');
      expect(late, 'a late path').toBeDefined();
      const overdue = types(late!).indexOf('overdue');
      const resolved = types(late!).indexOf('resolved');
      expect(types(late!).indexOf('apology_issued')).toBeGreaterThan(0);
      expect(overdue).toBeGreaterThan(types(late!).indexOf('apology_issued'));
      expect(resolved).toBeGreaterThan(overdue);
      expect(late!.events[resolved]!.data).toMatchObject({ timeliness: 'late', outcome: 'approved', apologyKept: false });
      expect(late!.events.at(-1)!.data.outcome).toBe('approved');
    });

    it('returns the dossier incomplete when the supplement window expires', options, () => {
      const [expired] = byPurpose('supplement-expired');
      expect(expired!.events.at(-1)).toMatchObject({ type: 'closed', actor: 'system', data: { outcome: 'returned-incomplete' } });
      expect(expired!.events.find((e) => e.data.action === 'supplement_window_expired')).toMatchObject({ type: 'action', actor: 'system' });
      expect(types(expired!)).not.toContain('resolved');
    });

    it('restarts the deadline when a requested supplement is completed, at receipt and during a step', options, () => {
      const supplemented = [...byPurpose('supplement-at-receipt'), ...byPurpose('supplement-during-step')];
      expect(supplemented).toHaveLength(2);
      for (const run of supplemented) {
        const completed = run.events.findIndex((e) => e.data.action === 'supplement_completed');
        expect(completed, label(run)).toBeGreaterThan(0);
        expect(run.events[completed + 1]?.type, label(run)).toBe('deadline_restarted');
      }
    });

    it(
      procedure.definition.delivery.includes('post')
        ? 'hands a result the post failed to deliver twice over at the desk, and closes one the post delivered'
        : 'offers no postal return, as its definition says',
      options,
      () => {
        if (!procedure.definition.delivery.includes('post')) {
          expect(Object.keys(procedure.compiled.actions)).not.toContain('consign_to_post');
          expect(Object.keys(procedure.compiled.states).filter((path) => path.includes('_post_'))).toEqual([]);
          expect(byPurpose('postal-returned')).toEqual([]);
          return;
        }
        const [returned] = byPurpose('postal-returned');
        const returnedActions = returned!.events.filter((e) => e.type === 'action').map((e) => [e.data.action, e.actor]);
        expect(returnedActions.slice(-4)).toEqual([
          ['consign_to_post', STAFF],
          ['delivery_failed', 'post'],
          ['delivery_failed', 'post'],
          ['collect_at_desk', STAFF],
        ]);
        expect(returned!.events.at(-1)!.data.outcome).toBe('approved');

        const [delivered] = byPurpose('postal-delivered');
        const last = delivered!.events.filter((e) => e.type === 'action').at(-1)!;
        expect([last.data.action, last.actor]).toEqual(['delivered', 'post']);
        expect(delivered!.events.at(-1)!.data.outcome).toBe('approved');
      },
    );
  });
});
