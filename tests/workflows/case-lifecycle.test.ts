/**
 * Every path of a case's life on the time-skipping server: days pass in milliseconds.
 * Only actions the case allows are sent here (see timeSkippingEnvironment for why).
 * The suite runs from several fixed start days (issue #9): what a test expects of deadlines is
 * computed for the day it starts on, never taken from the wall clock.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CaseEvent } from '../../src/cases/case-event.js';
import type { CaseView } from '../../src/cases/case-rules.js';
import { listCaseEvents } from '../../src/store/case-store.js';
import type { TestDatabase } from '../support/services.js';
import { testCatalogue, useEngine, type TestEngine } from '../support/engine.js';
import { lifecycleStartDays } from '../support/fixed-instants.js';
import { defaultCalendar, dueInstant } from '../../src/calendar/index.js';

const DAY = 86_400_000;

describe.each(lifecycleStartDays)('the life of a case, with time, starting $name ($at)', (startDay) => {
  const fixture = useEngine('time-skipping', 'pglite', startDay);
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  beforeAll(() => {
    ({ env, database, engine } = fixture);
  });

  let key = 0;
  /** Sends an action the case allows now (asserted first: a refused Update must not reach this server). */
  async function act(code: string, action: string, extra: { actor?: string; newDueAt?: string } = {}): Promise<CaseView> {
    expect((await engine.cases.view(code)).allowedActions).toContain(action);
    return engine.cases.act(code, { action, actor: extra.actor ?? 'officer-1', newDueAt: extra.newDueAt }, `life-${++key}`);
  }
  const events = (code: string) => listCaseEvents(database.db, code);
  const types = (code: string) => fixture.eventTypes(code);
  const waitForEvent = (code: string, type: CaseEvent['type']) =>
    vi.waitFor(async () => expect(await types(code)).toContain(type), { timeout: 15_000 });
  const submit = (procedureCode = 'D7-HKD-01', extra: { ward?: string; channel?: 'desk' | 'online' | 'post'; receivedAt?: string } = {}) =>
    engine.cases.submit({
      procedureCode,
      applicant: { name: 'Võ Thị E' },
      channel: extra.channel ?? 'desk',
      ward: extra.ward,
      receivedAt: extra.receivedAt,
    });
  const periodOf = async (procedureCode: string) => (await testCatalogue()).get(procedureCode)!.compiled.period;

  it('writes overdue when the deadline passes first, then classifies the resolution as late', async () => {
    await engine.withWorker(async () => {
      const { caseCode, dueAt } = await submit();
      await act(caseCode, 'accept');
      await env.sleep('20 days');
      await waitForEvent(caseCode, 'overdue');

      const overdue = (await events(caseCode)).find((e) => e.type === 'overdue')!;
      expect(Date.parse(overdue.at)).toBeGreaterThanOrEqual(Date.parse(dueAt!));
      expect((await engine.cases.view(caseCode)).overdue).toBe(true);

      await act(caseCode, 'submit_for_signature');
      expect((await act(caseCode, 'approve')).timeliness).toBe('late');
      const order = await types(caseCode);
      expect(order.indexOf('overdue')).toBeLessThan(order.indexOf('resolved'));
      expect(order.filter((t) => t === 'overdue')).toHaveLength(1);
    });
  });

  it('classifies a result on the deadline day, before the deadline, as on time', async () => {
    await engine.withWorker(async () => {
      const { caseCode, statutoryDueAt } = await submit();
      await act(caseCode, 'accept');
      await act(caseCode, 'submit_for_signature');
      // The due instant is the close of office hours on the last day: four hours before it is that day.
      await env.sleep(Date.parse(statutoryDueAt!) - (await env.currentTimeMs()) - 4 * 3600_000);
      expect((await act(caseCode, 'approve')).timeliness).toBe('on_time');
      expect(await types(caseCode)).not.toContain('overdue');
    });
  });

  it('warns a working day ahead, then a late case keeps its once-only new date and is still counted late', async () => {
    await engine.withWorker(async () => {
      const { caseCode, statutoryDueAt } = await submit();
      await act(caseCode, 'accept');
      const newDueAt = new Date(Date.parse(statutoryDueAt!) + 10 * DAY).toISOString();
      const apologised = await act(caseCode, 'issue_apology', { newDueAt });
      expect(apologised).toMatchObject({ dueAt: newDueAt, statutoryDueAt, apology: { newDueAt, issuedInTime: true } });
      expect(apologised.allowedActions).not.toContain('issue_apology');

      await env.sleep(Date.parse(statutoryDueAt!) - (await env.currentTimeMs()) + 2 * DAY);
      await waitForEvent(caseCode, 'overdue');
      expect(await types(caseCode)).toContain('deadline_warning');
      await act(caseCode, 'submit_for_signature');
      const resolved = await act(caseCode, 'approve');
      expect(resolved.timeliness).toBe('late');
      const resolvedEvent = (await events(caseCode)).find((e) => e.type === 'resolved')!;
      expect(resolvedEvent.data).toMatchObject({ timeliness: 'late', apologyKept: true });
      const order = await types(caseCode);
      expect(order.indexOf('deadline_warning')).toBeLessThan(order.indexOf('overdue'));
    });
  });

  it('stops the clock for a supplement during appraisal and restarts the period from zero when complete', async () => {
    await engine.withWorker(async () => {
      const { caseCode, statutoryDueAt: firstDue } = await submit();
      await act(caseCode, 'accept');
      await env.sleep('1 day');
      const waiting = await act(caseCode, 'request_supplement');
      expect(waiting).toMatchObject({ status: 'awaiting_supplement', dueAt: null });

      await env.sleep('12 days'); // longer than the whole period: no overdue while the clock is stopped
      const resumed = await act(caseCode, 'supplement_completed', { actor: 'officer-2' });
      expect(resumed.state).toBe('appraisal');
      const restarted = (await events(caseCode)).find((e) => e.type === 'deadline_restarted')!;
      // The whole period again from the completion instant (NĐ61 Art. 19.4), not the rest of it.
      const expectedDue = dueInstant(defaultCalendar, new Date(restarted.at), await periodOf('D7-HKD-01')).toISOString();
      expect(resumed.statutoryDueAt).toBe(expectedDue);
      expect(Date.parse(resumed.statutoryDueAt!)).toBeGreaterThan(Date.parse(firstDue!));
      expect(restarted.dueAt).toBe(resumed.statutoryDueAt);

      await act(caseCode, 'submit_for_signature');
      expect((await act(caseCode, 'approve')).timeliness).not.toBe('late');
      expect(await types(caseCode)).not.toContain('overdue');
    });
  });

  it('restarts the period when a dossier incomplete at receipt is completed', async () => {
    await engine.withWorker(async () => {
      const { caseCode, statutoryDueAt: firstDue } = await submit();
      await act(caseCode, 'request_supplement');
      await env.sleep('3 days');
      const resumed = await act(caseCode, 'supplement_completed');
      expect(resumed.state).toBe('receipt');
      expect(Date.parse(resumed.statutoryDueAt!)).toBeGreaterThan(Date.parse(firstDue!));
      expect(await types(caseCode)).toEqual(['received', 'action', 'action', 'deadline_restarted']);
    });
  });

  it('returns the dossier when the applicant never completes it within the window', async () => {
    await engine.withWorker(async () => {
      const { caseCode } = await submit();
      await act(caseCode, 'accept');
      await act(caseCode, 'request_supplement');
      await env.sleep('35 days');
      await waitForEvent(caseCode, 'closed');
      const all = await events(caseCode);
      expect(all.at(-1)).toMatchObject({ type: 'closed', data: { outcome: 'returned-incomplete' } });
      expect(all.find((e) => e.data.action === 'supplement_window_expired')?.actor).toBe('system');
      expect((await env.client.workflow.getHandle(caseCode).describe()).status.name).toBe('COMPLETED');
    });
  });

  it('ends with the rejection returned, or with the applicant withdrawing', async () => {
    await engine.withWorker(async () => {
      const rejectedCase = await submit();
      await act(rejectedCase.caseCode, 'accept');
      expect(await act(rejectedCase.caseCode, 'reject')).toMatchObject({ status: 'resolved', outcome: 'rejected' });
      expect((await act(rejectedCase.caseCode, 'return_at_desk')).status).toBe('closed');

      const withdrawnCase = await submit();
      await act(withdrawnCase.caseCode, 'accept');
      expect(await act(withdrawnCase.caseCode, 'withdraw', { actor: 'applicant' })).toMatchObject({ status: 'closed', outcome: 'withdrawn' });
      expect(await types(withdrawnCase.caseCode)).not.toContain('resolved');
    });
  });

  it('records the ward-to-district handoffs and attributes an over-budget step to the ward', async () => {
    await engine.withWorker(async () => {
      const { caseCode, receivedAt } = await submit('D7-BTXH-01', { ward: 'TTD' });
      expect(caseCode).toMatch(/^P\.TTD\.MC-/);
      const accepted = await act(caseCode, 'accept');
      // Sleep until the ward's 7-working-day review budget has run out, whatever holidays lie ahead.
      const acceptedAt = (await events(caseCode)).find((e) => e.seq === accepted.lastSeq)!.at;
      const budgetEnd = dueInstant(defaultCalendar, new Date(acceptedAt), { amount: 7 * 8, unit: 'working-hours' });
      await env.sleep(budgetEnd.getTime() - (await env.currentTimeMs()) + 3600_000);
      await waitForEvent(caseCode, 'step_over_budget');
      const overBudget = (await events(caseCode)).find((e) => e.type === 'step_over_budget')!;
      expect(overBudget).toMatchObject({ unit: 'P.TTD', data: { state: 'ward_review' } });

      await act(caseCode, 'submit_for_signature');
      const transferred = await act(caseCode, 'transfer_to_district');
      expect(transferred.unit).toBe('Q7.LDTBXH');
      const transfer = (await events(caseCode)).find((e) => e.data.action === 'transfer_to_district')!;
      expect(transfer.data.handoffs).toEqual([
        { fromUnits: ['P.TTD'], toUnit: 'Q7.LDTBXH', state: 'district_appraisal', budget: { amount: 7, unit: 'working-days' } },
      ]);
      const details = await engine.cases.details(caseCode);
      expect(details.timeByUnit[0]!.unit).toBe('P.TTD');
      expect(details.timeByUnit[0]!.workingMinutes).toBeGreaterThanOrEqual(7 * 8 * 60);
      expect(Date.parse(receivedAt)).toBeLessThan(Date.parse(transfer.at));
    });
  });

  it('runs a parallel consultation led by one office and comes back to the receiving desk', async () => {
    await engine.withWorker(async () => {
      const { caseCode } = await submit('D7-XD-01', { ward: 'TKG' });
      await act(caseCode, 'accept');
      const consulting = await act(caseCode, 'consult_agencies');
      expect(consulting.states.map((s) => s.unit).sort()).toEqual(['P.TKG', 'Q7.QLDT', 'Q7.TNMT']);
      expect(consulting.unit).toBe('Q7.QLDT');
      await act(caseCode, 'land_answered');
      await act(caseCode, 'ward_answered');
      const signing = await act(caseCode, 'consolidate_answers');
      expect(signing.state).toBe('signing');
      const approved = await act(caseCode, 'approve');
      expect(approved.unit).toBe('Q7.MC');
      const consult = (await events(caseCode)).find((e) => e.data.action === 'consult_agencies')!;
      expect((consult.data.handoffs as Array<{ toUnit: string }>).map((h) => h.toUnit).sort()).toEqual(['P.TKG', 'Q7.TNMT']);
    });
  });

  it('returns the result by post: delivered, or back to the desk after two failed deliveries', async () => {
    await engine.withWorker(async () => {
      const delivered = await submit('D7-HKD-01', { channel: 'post' });
      for (const action of ['accept', 'submit_for_signature', 'approve', 'consign_to_post']) await act(delivered.caseCode, action);
      expect((await act(delivered.caseCode, 'delivered', { actor: 'post' })).status).toBe('closed');

      const failed = await submit('D7-HKD-01', { channel: 'online' });
      for (const action of ['accept', 'submit_for_signature', 'approve', 'consign_to_post']) await act(failed.caseCode, action);
      await act(failed.caseCode, 'delivery_failed', { actor: 'post' });
      const returned = await act(failed.caseCode, 'delivery_failed', { actor: 'post' });
      expect(returned.state).toBe('approved_post_returned');
      expect(returned.allowedActions).toEqual(expect.arrayContaining(['collect_at_desk']));
      const collected = await act(failed.caseCode, 'collect_at_desk');
      expect(collected).toMatchObject({ status: 'closed', outcome: 'approved' });
      expect((await events(failed.caseCode)).filter((e) => e.actor === 'post').map((e) => e.data.action)).toEqual([
        'delivery_failed',
        'delivery_failed',
      ]);
    });
  });

  it('moves a running case’s deadline when a holiday is announced after it started', async () => {
    const { defaultCalendarData, mergeCalendarUpdate } = await import('../../src/calendar/index.js');
    await engine.withWorker(async () => {
      const { caseCode, statutoryDueAt } = await submit();
      await act(caseCode, 'accept');
      const dueDay = new Date(Date.parse(statutoryDueAt!) + 7 * 3600_000).toISOString().slice(0, 10);
      const year = Number(dueDay.slice(0, 4));
      const updated = mergeCalendarUpdate(defaultCalendarData, {
        version: 'test-announced-day-off',
        schedules: [{ year, source: 'test notice', daysOff: [{ date: dueDay, reason: 'Nghỉ (announced later)' }], workedDays: [] }],
      });
      await engine.cases.announceCalendar(caseCode, updated);
      await vi.waitFor(async () => expect(await types(caseCode)).toContain('calendar_updated'), { timeout: 10_000 });
      const view = await engine.cases.view(caseCode);
      expect(view.calendarVersion).toBe(updated.version);
      expect(Date.parse(view.statutoryDueAt!)).toBeGreaterThan(Date.parse(statutoryDueAt!));
    });
  });

  it('keeps a postal dossier that went overdue late: no supplement can restart it, and overdue stays history', async () => {
    await engine.withWorker(async () => {
      // Handed over by post 20 days ago (the signed handover is the lawful instant, QĐ45).
      const receivedAt = new Date((await env.currentTimeMs()) - 20 * DAY).toISOString();
      const { caseCode } = await submit('D7-HKD-01', { channel: 'post', receivedAt });
      await waitForEvent(caseCode, 'overdue');
      const accepted = await act(caseCode, 'accept');
      expect(accepted).toMatchObject({ overdue: true, wasOverdue: true });
      // Past the deadline the supplement request window is closed (NĐ61 Art. 19.4): the action is not offered.
      expect(accepted.allowedActions).not.toContain('request_supplement');
      await act(caseCode, 'submit_for_signature');
      const resolved = await act(caseCode, 'approve');
      expect(resolved).toMatchObject({ timeliness: 'late', wasOverdue: true });
      expect((await events(caseCode)).find((e) => e.type === 'resolved')!.data).toMatchObject({ timeliness: 'late', wasOverdue: true });
    });
  });

  it('counts a dossier that went overdue at receipt as late even after a supplement at receipt restarts its period', async () => {
    await engine.withWorker(async () => {
      const receivedAt = new Date((await env.currentTimeMs()) - 20 * DAY).toISOString();
      const { caseCode } = await submit('D7-HKD-01', { channel: 'post', receivedAt });
      await waitForEvent(caseCode, 'overdue');
      await act(caseCode, 'request_supplement'); // at receipt: allowed, the period restarts when complete
      const resumed = await act(caseCode, 'supplement_completed');
      expect(resumed).toMatchObject({ state: 'receipt', overdue: false, wasOverdue: true });
      for (const action of ['accept', 'submit_for_signature']) await act(caseCode, action);
      expect(await act(caseCode, 'approve')).toMatchObject({ timeliness: 'late', wasOverdue: true });
      expect((await types(caseCode)).filter((t) => t === 'overdue')).toHaveLength(1);
    });
  });

  it('records an apology sent after its latest day as issued late, and the new date stays once per dossier across a restart', async () => {
    await engine.withWorker(async () => {
      const { caseCode, statutoryDueAt } = await submit('D7-HKD-01');
      await act(caseCode, 'accept');
      const view = await engine.cases.view(caseCode);
      const requestBy = view.supplementRequestOpenUntil!;
      await act(caseCode, 'request_supplement'); // during processing, inside the window
      expect(Date.parse(requestBy)).toBeLessThanOrEqual(Date.parse(statutoryDueAt!));
      const resumed = await act(caseCode, 'supplement_completed');
      expect(resumed.allowedActions).not.toContain('request_supplement'); // once, completely
      // Past the latest day for the letter (one working day before the deadline), but before the deadline.
      await env.sleep(Date.parse(resumed.statutoryDueAt!) - (await env.currentTimeMs()) - 3600_000);
      const newDueAt = new Date(Date.parse(resumed.statutoryDueAt!) + 5 * DAY).toISOString();
      const apologised = await act(caseCode, 'issue_apology', { newDueAt });
      expect(apologised.apology).toMatchObject({ newDueAt, issuedInTime: false });
      expect(Date.parse(apologised.apology!.latestAt!)).toBeLessThan(Date.parse(apologised.apology!.issuedAt));
      const event = (await events(caseCode)).find((e) => e.type === 'apology_issued')!;
      expect(event.data).toMatchObject({ issuedInTime: false, newDueAt });
      expect(apologised.allowedActions).not.toContain('issue_apology');
    });
  });
});
