import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { listCaseEvents } from '../../src/store/case-store.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';
import { createTestEngine, devServerEnvironment, type TestEngine } from '../support/engine.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

describe('a worker process killed in the middle of a case', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    env = await devServerEnvironment();
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
      DATABASE_URL: database.url!,
      MOTCUA_TASK_QUEUE: engine.taskQueue,
    });
    workers.push(worker);
    return worker;
  };

  it('finishes the case after a restart with every event written exactly once', async () => {
    const first = startWorker();
    await first.ready;
    const { caseCode } = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant: { name: 'Phạm D' }, channel: 'desk' });
    await engine.cases.act(caseCode, { action: 'accept', actor: 'officer-1' }, `${caseCode}-accept`);

    await first.kill('SIGKILL');
    // Sent while no worker runs: it waits for the next worker, it is not lost.
    const pending = engine.cases.act(caseCode, { action: 'submit_for_signature', actor: 'officer-1' }, `${caseCode}-sign`);

    const second = startWorker();
    await second.ready;
    expect((await pending).state).toBe('signing');
    await engine.cases.act(caseCode, { action: 'approve', actor: 'head-1' }, `${caseCode}-approve`);
    const closed = await engine.cases.act(caseCode, { action: 'return_at_desk', actor: 'officer-1' }, `${caseCode}-return`);
    expect(closed.status).toBe('closed');

    const events = await listCaseEvents(database.db, caseCode);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.type)).toEqual(['received', 'action', 'action', 'action', 'resolved', 'action', 'closed']);
    expect(events.filter((e) => e.type === 'action').map((e) => e.data.action)).toEqual([
      'accept',
      'submit_for_signature',
      'approve',
      'return_at_desk',
    ]);
    const described = await env.client.workflow.getHandle(caseCode).describe();
    expect(described.status.name).toBe('COMPLETED');
  }, 180_000);
});
