import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { MotcuaError } from '../../src/errors.js';
import { listCaseEvents } from '../../src/store/case-store.js';
import type { TestDatabase } from '../support/services.js';
import { useEngine, type TestEngine } from '../support/engine.js';

const applicant = { name: 'Trần Thị B' };

describe('the case workflow on the Temporal dev server', () => {
  const fixture = useEngine('dev-server');
  const { eventTypes } = fixture;
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  beforeAll(() => {
    ({ env, database, engine } = fixture);
  });

  let key = 0;
  const act = (code: string, action: string, extra: Record<string, string | undefined> = {}) =>
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

      await vi.waitFor(async () => expect(await eventTypes(submitted.caseCode)).toContain('closed'), { timeout: 10_000 });
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
      await vi.waitFor(async () => expect(await eventTypes(caseCode)).toEqual(['received']), { timeout: 10_000 });

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

  it('refuses a second apology letter: the new date may be set only once', async () => {
    await engine.withWorker(async () => {
      const { caseCode, statutoryDueAt } = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant, channel: 'desk' });
      await act(caseCode, 'accept');
      const later = (days: number) => new Date(Date.parse(statutoryDueAt!) + days * 86_400_000).toISOString();
      await act(caseCode, 'issue_apology', { newDueAt: later(5) });
      await expect(act(caseCode, 'issue_apology', { newDueAt: later(9) })).rejects.toMatchObject({ code: 'CASE_APOLOGY_ALREADY_ISSUED' });
      const view = await engine.cases.view(caseCode);
      expect(view.apology?.newDueAt).toBe(later(5));
      expect((await eventTypes(caseCode)).filter((t) => t === 'apology_issued')).toHaveLength(1);
    });
  });

  it('refuses an apology whose new date is not after the deadline', async () => {
    await engine.withWorker(async () => {
      const { caseCode, statutoryDueAt } = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant, channel: 'desk' });
      await act(caseCode, 'accept');
      await expect(act(caseCode, 'issue_apology', { newDueAt: statutoryDueAt! })).rejects.toMatchObject({ code: 'CASE_ACTION_DATA_INVALID' });
      await expect(act(caseCode, 'issue_apology')).rejects.toMatchObject({ code: 'CASE_ACTION_DATA_INVALID' });
      expect(await eventTypes(caseCode)).toEqual(['received', 'action']);
    });
  });

  it('refuses an action by a unit that does not hold the case', async () => {
    await engine.withWorker(async () => {
      const { caseCode } = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant, channel: 'desk' });
      await act(caseCode, 'accept');
      const wrongUnit = engine.cases.act(caseCode, { action: 'submit_for_signature', actor: 'officer-9', actorUnit: 'Q7.TP' }, 'unit-1');
      await expect(wrongUnit).rejects.toMatchObject({ code: 'CASE_ACTION_WRONG_UNIT', status: 403 });
      const rightUnit = await engine.cases.act(caseCode, { action: 'submit_for_signature', actor: 'officer-2', actorUnit: 'Q7.TCKH' }, 'unit-2');
      expect(rightUnit.state).toBe('signing');
    });
  });

  it('takes delivery events only from the post, and nothing else from the post', async () => {
    await engine.withWorker(async () => {
      const { caseCode } = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant, channel: 'post' });
      for (const action of ['accept', 'submit_for_signature', 'approve', 'consign_to_post']) await act(caseCode, action);
      await expect(act(caseCode, 'delivered')).rejects.toMatchObject({ code: 'CASE_ACTION_NOT_ALLOWED' });
      await expect(engine.cases.act(caseCode, { action: 'withdraw', actor: 'post' }, 'post-1')).rejects.toMatchObject({
        code: 'CASE_ACTION_NOT_ALLOWED',
      });
      expect((await engine.cases.act(caseCode, { action: 'delivered', actor: 'post' }, 'post-2')).status).toBe('closed');
    });
  });

  it('refuses a channel the procedure does not offer', async () => {
    await expect(engine.cases.submit({ procedureCode: 'D7-CT-02', applicant, channel: 'online', ward: 'TTD' })).rejects.toMatchObject({
      code: 'CASE_CHANNEL_NOT_OFFERED',
      status: 400,
    });
  });

  it('needs the ward for a procedure handled with a ward, and refuses an unknown one', async () => {
    await expect(engine.cases.submit({ procedureCode: 'D7-BTXH-01', applicant, channel: 'desk' })).rejects.toMatchObject({
      code: 'REQUEST_INVALID',
    });
    await expect(engine.cases.submit({ procedureCode: 'D7-BTXH-01', applicant, channel: 'desk', ward: 'ZZZ' })).rejects.toMatchObject({
      code: 'CASE_UNKNOWN_UNIT',
    });
  });

  it('is found by `workflow list --query` on its search attributes once overdue', async () => {
    await engine.withWorker(async () => {
      // A postal dossier handed over to the agency a month ago is already past its deadline.
      const receivedAt = new Date(Date.now() - 30 * 86_400_000).toISOString();
      const { caseCode } = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant, channel: 'post', receivedAt });
      const onTime = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant, channel: 'desk' });
      await vi.waitFor(async () => expect(await eventTypes(caseCode)).toContain('overdue'), { timeout: 10_000 });

      const found = async (query: string) => {
        const ids: string[] = [];
        for await (const execution of env.client.workflow.list({ query })) ids.push(execution.workflowId);
        return ids;
      };
      await vi.waitFor(async () => expect(await found(`MotcuaOverdue = true AND MotcuaProcedure = 'D7-HKD-01'`)).toContain(caseCode), {
        timeout: 15_000,
      });
      const overdueIds = await found('MotcuaOverdue = true');
      expect(overdueIds).not.toContain(onTime.caseCode);
      expect(await found(`MotcuaUnit = 'Q7.MC' AND MotcuaStatus = 'in_progress'`)).toEqual(expect.arrayContaining([caseCode, onTime.caseCode]));
    });
  });
});
