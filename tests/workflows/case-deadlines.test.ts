import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { MotcuaError } from '../../src/errors.js';
import { listCaseEvents } from '../../src/store/case-store.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';
import { createTestEngine, timeSkippingEnvironment, type TestEngine } from '../support/engine.js';

const applicant = { name: 'Trần Thị B' };

describe('the case workflow on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;

  beforeAll(async () => {
    env = await timeSkippingEnvironment();
    database = await createTestDatabase('pglite');
    engine = await createTestEngine(env, database.db);
  });
  afterAll(async () => {
    await engine?.close();
    await env?.teardown();
    await database?.close();
  });

  const eventTypes = async (code: string) => (await listCaseEvents(database.db, code)).map((e) => e.type);
  let key = 0;
  const act = (code: string, action: string, extra: Record<string, string> = {}) =>
    engine.cases.act(code, { action, actor: 'officer-1', ...extra }, `key-${++key}`);

  it('writes overdue when the deadline passes first, then classifies the resolution as late', async () => {
    await engine.withWorker(async () => {
      const { caseCode, dueAt } = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant, channel: 'desk' });
      await act(caseCode, 'accept');
      await env.sleep('20 days');
      await vi.waitFor(async () => expect(await eventTypes(caseCode)).toContain('overdue'), { timeout: 10_000 });

      const overdue = (await listCaseEvents(database.db, caseCode)).find((e) => e.type === 'overdue')!;
      expect(Date.parse(overdue.at)).toBeGreaterThanOrEqual(Date.parse(dueAt!));
      expect((await engine.cases.view(caseCode)).overdue).toBe(true);

      await act(caseCode, 'submit_for_signature');
      const approved = await act(caseCode, 'approve');
      expect(approved.timeliness).toBe('late');
      const types = await eventTypes(caseCode);
      expect(types.indexOf('overdue')).toBeLessThan(types.indexOf('resolved'));
      expect(types.filter((t) => t === 'overdue')).toHaveLength(1);
    });
  });
});
