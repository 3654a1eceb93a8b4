import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Identity } from '../../src/cases/actor.js';
import { runTemporalCommand } from '../../src/cli/temporal-command.js';
import { loadConfig } from '../../src/config.js';
import { listCaseEvents } from '../../src/store/case-store.js';
import { runCliCommand } from '../support/run-cli-command.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';
import { createTestEngine, serverEnvironment, type TestEngine } from '../support/engine.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

const EventType = temporal.api.enums.v1.EventType;
const TimeoutType = temporal.api.enums.v1.TimeoutType;
const expectedTypes = ['received', 'action', 'action', 'action', 'resolved', 'action', 'closed'];
const happyPath = ['accept', 'submit_for_signature', 'approve', 'return_at_desk'];

describe('a worker process stopped in the middle of a case', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    env = await serverEnvironment();
    database = await createTestDatabase('postgres');
    engine = await createTestEngine(env, database.db);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await engine?.close();
    await env?.teardown();
    await database?.close();
  });

  const startWorker = () => {
    const worker = startWorkerProcess({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      DATABASE_URL: database.url!,
      MOTCUA_TASK_QUEUE: engine.taskQueue,
    });
    workers.push(worker);
    return worker;
  };

  async function finishAndCheck(caseCode: string) {
    await engine.cases.act(caseCode, { action: 'approve', actor: 'head-1' }, `${caseCode}-approve`);
    const closed = await engine.cases.act(caseCode, { action: 'return_at_desk', actor: 'officer-1' }, `${caseCode}-return`);
    expect(closed.status).toBe('closed');
    const events = await listCaseEvents(database.db, caseCode);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.type)).toEqual(expectedTypes);
    expect(events.filter((e) => e.type === 'action').map((e) => e.data.action)).toEqual(happyPath);
    const handle = env.client.workflow.getHandle(caseCode);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    return (await handle.fetchHistory()).events ?? [];
  }

  it('after SIGKILL: reads answer from the read model within 5 s, and the case finishes with every event written once', async () => {
    const first = startWorker();
    await first.ready;
    const { caseCode } = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant: { name: 'Phạm D' }, channel: 'desk' });
    await engine.cases.act(caseCode, { action: 'accept', actor: 'officer-1' }, `${caseCode}-accept`);
    expect((await engine.cases.details(caseCode)).source).toBe('workflow');

    await first.kill('SIGKILL');
    // No worker is alive to answer the query: the read answers from the `cases` row, marked as such.
    const t0 = performance.now();
    const degraded = await engine.cases.details(caseCode);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(degraded).toMatchObject({ caseCode, source: 'read-model', state: 'appraisal', status: 'in_progress', unit: 'Q7.TCKH', allowedActions: [] });
    expect(degraded.states).toEqual([expect.objectContaining({ path: 'appraisal', kind: 'step', unit: 'Q7.TCKH' })]);
    expect(degraded.events.map((e) => e.type)).toEqual(['received', 'action']);
    // The read model keeps the read scoping: the receiving desk and the holding division see it, others are told it does not exist.
    const desk: Identity = { account: 'desk_officer.q7.mc', name: 'Desk', unit: 'Q7.MC', role: 'desk_officer' };
    const holder: Identity = { account: 'specialist.q7.tckh', name: 'Specialist', unit: 'Q7.TCKH', role: 'specialist' };
    const stranger: Identity = { account: 'specialist.q7.tnmt', name: 'Stranger', unit: 'Q7.TNMT', role: 'specialist' };
    const manager: Identity = { account: 'manager.q7.vp', name: 'Manager', unit: 'Q7.VP', role: 'manager' };
    for (const reader of [desk, holder, manager]) {
      expect(await engine.cases.detailsFor(reader, caseCode)).toMatchObject({ source: 'read-model', state: 'appraisal', yourActions: [] });
    }
    await expect(engine.cases.detailsFor(stranger, caseCode)).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
    // Sent while no worker runs: it waits for the next worker, it is not lost.
    const pending = engine.cases.act(caseCode, { action: 'submit_for_signature', actor: 'officer-1' }, `${caseCode}-sign`);

    const second = startWorker();
    await second.ready;
    expect((await pending).state).toBe('signing');
    expect((await engine.cases.details(caseCode)).source).toBe('workflow');
    await finishAndCheck(caseCode);
  }, 300_000);

  it('after SIGTERM: the worker drains and exits cleanly, and the next worker takes over without a timed-out task', async () => {
    const first = startWorker();
    await first.ready;
    // The container health check sees this host's worker polling the queue.
    const checkWorker = await runCliCommand(
      (a, io) => runTemporalCommand(a, io, loadConfig({ TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: env.namespace ?? 'default', MOTCUA_TASK_QUEUE: engine.taskQueue })),
      ['check-worker'],
    );
    expect(checkWorker.exitCode, checkWorker.err).toBe(0);
    expect(checkWorker.out).toContain(`polls task queue ${engine.taskQueue}`);
    const { caseCode } = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant: { name: 'Võ E' }, channel: 'desk' });
    await engine.cases.act(caseCode, { action: 'accept', actor: 'officer-1' }, `${caseCode}-accept`);

    const exited = new Promise<number | null>((resolve) => first.child.once('exit', (code) => resolve(code)));
    await first.kill('SIGTERM');
    expect(await exited).toBe(0);
    const pending = engine.cases.act(caseCode, { action: 'submit_for_signature', actor: 'officer-1' }, `${caseCode}-sign`);
    const second = startWorker();
    await second.ready;
    expect((await pending).state).toBe('signing');
    const history = await finishAndCheck(caseCode);
    // A killed worker leaves its sticky workflow task to time out before it starts (the ~10 s stall of
    // docs/operations.md); a drained one leaves none. (A task that ran too long on a loaded machine
    // times out start-to-close: not the worker's leaving.)
    const stickyTimeouts = history.filter(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT &&
        e.workflowTaskTimedOutEventAttributes?.timeoutType === TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
    );
    expect(stickyTimeouts).toEqual([]);
  }, 300_000);
});
