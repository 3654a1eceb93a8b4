/**
 * Faults: the Temporal server restarted with cases in flight, PostgreSQL down while an activity
 * retries, and the worker killed between an Update and its activity. After each, every case
 * finishes with exactly the events it should have.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../src/cases/case-event.js';
import { listCaseEvents } from '../../src/store/case-store.js';
import { migrateToLatest, openDatabase, type MotcuaDb } from '../../src/store/database.js';
import { createTestDatabase } from '../support/services.js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestEngine, devServerEnvironment, quietTemporalRuntime, serverEnvironment } from '../support/engine.js';
import { startPrivatePostgres } from '../support/postgres-server.js';
import { existingServerEnvironment, freshNamespace, startPrivateTemporalServer, suiteTemporalServer, type PrivateTemporalServer } from '../support/temporal-server.js';
import { startWorkerProcess } from '../support/worker-process.js';

const EventType = temporal.api.enums.v1.EventType;
const happyPath = ['accept', 'submit_for_signature', 'approve', 'return_at_desk'];
const expectedTypes = ['received', 'action', 'action', 'action', 'resolved', 'action', 'closed'];

function expectExactlyOnce(events: CaseEvent[]) {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events.map((e) => e.type)).toEqual(expectedTypes);
  expect(events.filter((e) => e.type === 'action').map((e) => e.data.action)).toEqual(happyPath);
}

/**
 * A Temporal server of this test's own that it may stop and start again: a dev server on a SQLite
 * file, or a PostgreSQL-backed server with its own ports and databases (the shared one serves other files).
 */
function restartableServer() {
  let current: TestWorkflowEnvironment | undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-temporal-'));
  let server: PrivateTemporalServer | undefined;
  const namespace = freshNamespace('restart');
  const onDevServer = suiteTemporalServer() === 'dev-server';
  async function start(): Promise<TestWorkflowEnvironment> {
    if (onDevServer) current = await devServerEnvironment({ dbFilename: path.join(dir, 'temporal.db'), port: 17233 });
    else {
      quietTemporalRuntime();
      if (server) server.start();
      else server = startPrivateTemporalServer(7533);
      current = await existingServerEnvironment(server.address, namespace);
    }
    return current;
  }
  async function stop(): Promise<void> {
    const env = current;
    current = undefined;
    if (!env) return;
    if (onDevServer) return env.teardown();
    // Close the clients without deleting the namespace: the cases in it must outlive the restart.
    await env.connection.close();
    await env.nativeConnection.close();
    server!.stop();
  }
  return {
    start,
    stop,
    async remove() {
      await stop();
      await server?.remove();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('faults', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('finishes cases in flight after the Temporal server restarts (dev server on its SQLite file, or the PostgreSQL-backed server)', async () => {
    const database = await createTestDatabase('postgres');
    cleanups.push(() => database.close());
    const server = restartableServer();
    cleanups.push(() => server.remove());
    const taskQueue = 'faults-restart';

    let env = await server.start();
    let engine = await createTestEngine(env, database.db, { taskQueue });
    const codes = await engine.withWorker(async () => {
      const submitted = await Promise.all([1, 2, 3].map(() => engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant: { name: 'F' }, channel: 'desk' })));
      for (const { caseCode } of submitted) await engine.cases.act(caseCode, { action: 'accept', actor: 'o' }, `${caseCode}-accept`);
      return submitted.map((s) => s.caseCode);
    });
    await engine.close();
    await server.stop();

    env = await server.start();
    engine = await createTestEngine(env, database.db, { taskQueue });
    cleanups.push(() => engine.close());
    await engine.withWorker(async () => {
      for (const caseCode of codes) {
        expect((await engine.cases.view(caseCode)).state).toBe('appraisal');
        for (const action of happyPath.slice(1)) await engine.cases.act(caseCode, { action, actor: 'o' }, `${caseCode}-${action}`);
      }
    });
    for (const caseCode of codes) {
      expectExactlyOnce(await listCaseEvents(database.db, caseCode));
      expect((await env.client.workflow.getHandle(caseCode).describe()).status.name).toBe('COMPLETED');
    }
  }, 300_000);

  it('completes an Update whose activity met PostgreSQL down and whose worker was killed meanwhile', async () => {
    const postgres = startPrivatePostgres(54341);
    cleanups.push(() => postgres.remove());
    const db: MotcuaDb = openDatabase({ kind: 'postgres', url: postgres.url, poolSize: 2 });
    cleanups.push(() => db.destroy());
    await migrateToLatest(db);
    const env = await serverEnvironment();
    cleanups.push(() => env.teardown());
    const engine = await createTestEngine(env, db);
    const workerEnv = {
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      DATABASE_URL: postgres.url,
      MOTCUA_TASK_QUEUE: engine.taskQueue,
    };

    const first = startWorkerProcess(workerEnv);
    cleanups.push(() => first.kill());
    await first.ready;
    const { caseCode } = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant: { name: 'G' }, channel: 'desk' });
    await engine.cases.act(caseCode, { action: 'accept', actor: 'o' }, `${caseCode}-accept`);

    postgres.stop();
    // Accepted by the workflow, but its activity cannot write: it retries.
    const pending = engine.cases.act(caseCode, { action: 'submit_for_signature', actor: 'o' }, `${caseCode}-submit_for_signature`);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await first.kill('SIGKILL');
    postgres.start();

    const second = startWorkerProcess(workerEnv);
    cleanups.push(() => second.kill());
    await second.ready;
    expect((await pending).state).toBe('signing');
    for (const action of happyPath.slice(2)) await engine.cases.act(caseCode, { action, actor: 'o' }, `${caseCode}-${action}`);

    expectExactlyOnce(await listCaseEvents(db, caseCode));
    const history = await env.client.workflow.getHandle(caseCode).fetchHistory();
    // The write is a local activity: the killed worker held the workflow task while it retried, so the
    // task timed out and the next worker ran the Update again, writing on its first attempt.
    const types = history.events?.map((e) => e.eventType) ?? [];
    const timedOut = types.indexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    expect(timedOut, 'the killed worker should have left its workflow task to time out').toBeGreaterThan(0);
    expect(types.indexOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, timedOut), 'the Update should be accepted by the next worker').toBeGreaterThan(timedOut);
  }, 300_000);
});
