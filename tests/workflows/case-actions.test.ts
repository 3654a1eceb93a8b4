import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { MotcuaError } from '../../src/errors.js';
import { listCaseEvents } from '../../src/store/case-store.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';
import { createTestEngine, devServerEnvironment, type TestEngine } from '../support/engine.js';

const applicant = { name: 'Trần Thị B' };

describe('the case workflow on the Temporal dev server', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;

  beforeAll(async () => {
    env = await devServerEnvironment();
    database = await createTestDatabase('pglite');
    engine = await createTestEngine(env, database.db);
  });
  afterAll(async () => {
    await env?.teardown();
    await database?.close();
  });

  const eventTypes = async (code: string) => (await listCaseEvents(database.db, code)).map((e) => e.type);
  let key = 0;
  const act = (code: string, action: string, extra: Record<string, string> = {}) =>
    engine.cases.act(code, { action, actor: 'officer-1', ...extra }, `key-${++key}`);

  it('takes a household-business dossier from submission to its returned result, early', async () => {
    await engine.withWorker(async () => {
      const submitted = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant, channel: 'desk' });
      expect(submitted.caseCode).toMatch(/^Q7\.MC-\d{6}-\d{4}$/);
      expect(submitted.state).toBe('receipt');
      expect(Date.parse(submitted.dueAt!)).toBeGreaterThan(Date.parse(submitted.receivedAt));

      expect((await act(submitted.caseCode, 'accept')).state).toBe('appraisal');
      expect((await act(submitted.caseCode, 'submit_for_signature')).state).toBe('signing');
      const approved = await act(submitted.caseCode, 'approve');
      expect(approved).toMatchObject({ state: 'approved', status: 'resolved', timeliness: 'early', outcome: 'approved' });
      const closed = await act(submitted.caseCode, 'return_at_desk');
      expect(closed.status).toBe('closed');

      await vi.waitFor(async () => expect(await eventTypes(submitted.caseCode)).toContain('closed'));
      const events = await listCaseEvents(database.db, submitted.caseCode);
      expect(events.map((e) => e.type)).toEqual(['received', 'action', 'action', 'action', 'resolved', 'action', 'closed']);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(events[4]!.data).toMatchObject({ timeliness: 'early', outcome: 'approved' });
      const described = await env.client.workflow.getHandle(submitted.caseCode).describe();
      expect(described.status.name).toBe('COMPLETED');
    });
  });

  it('refuses an action the current state does not allow and leaves no trace', async () => {
    await engine.withWorker(async () => {
      const { caseCode } = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant, channel: 'online' });
      await vi.waitFor(async () => expect(await eventTypes(caseCode)).toEqual(['received']));

      const refusal = act(caseCode, 'approve');
      await expect(refusal).rejects.toBeInstanceOf(MotcuaError);
      await expect(refusal).rejects.toMatchObject({ code: 'CASE_ACTION_NOT_ALLOWED', status: 409 });

      expect((await engine.cases.view(caseCode)).state).toBe('receipt');
      expect(await eventTypes(caseCode)).toEqual(['received']);
      const history = await env.client.workflow.getHandle(caseCode).fetchHistory();
      const updateEvents = history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes) ?? [];
      expect(updateEvents).toHaveLength(0);
    });
  });

  it('applies a retried action with the same idempotency key once', async () => {
    await engine.withWorker(async () => {
      const { caseCode } = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant, channel: 'desk' });
      const first = await engine.cases.act(caseCode, { action: 'accept', actor: 'officer-1' }, 'same-key-1');
      const retry = await engine.cases.act(caseCode, { action: 'accept', actor: 'officer-1' }, 'same-key-1');
      expect(retry).toEqual(first);
      expect(await eventTypes(caseCode)).toEqual(['received', 'action']);
    });
  });
});
