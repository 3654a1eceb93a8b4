/**
 * Conditional periods, excluded time and versions by effective date, through the real workflow on
 * the time-skipping server. Cases of the versions test are received by post at FIXED instants on each
 * side of an effectiveFrom; the extension and exclusion tests run at the server's time and check
 * amounts that do not depend on the date (working time between the two deadlines).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { defaultCalendar, dueInstant, formatInstant, workingTimeBetween } from '../../src/calendar/index.js';
import type { CaseView } from '../../src/cases/case-rules.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import { listCaseEvents } from '../../src/store/case-store.js';
import { createTestEngine, testCatalogue, timeSkippingEnvironment, type TestEngine } from '../support/engine.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';

const versions = await loadCatalogue('tests/procedures/fixtures/versions');
const [version2021, version2022] = versions.versions('D7-VER-01').map((procedure) => procedure.compiled);

describe('procedure format features on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  beforeAll(async () => {
    env = await timeSkippingEnvironment();
    database = await createTestDatabase('pglite');
    const real = await testCatalogue();
    engine = await createTestEngine(env, database.db, {
      procedures: { get: (code, at) => (code === 'D7-VER-01' ? versions : real).get(code, at)?.compiled },
    });
  });
  afterAll(async () => {
    await engine?.close();
    await env?.teardown();
    await database?.close();
  });

  let key = 0;
  async function act(code: string, action: string): Promise<CaseView> {
    expect((await engine.cases.view(code)).allowedActions).toContain(action);
    return engine.cases.act(code, { action, actor: 'officer-1' }, `format-${++key}`);
  }
  const events = (code: string) => listCaseEvents(database.db, code);

  it('an extension invoked moves the statutory deadline by its amount and is recorded (D7-HT-13, +03 ngày làm việc)', async () => {
    await engine.withWorker(async () => {
      const { caseCode } = await engine.cases.submit({ procedureCode: 'D7-HT-13', applicant: { name: 'Lê Văn F' }, channel: 'desk' });
      const accepted = await act(caseCode, 'accept');
      const extended = await act(caseCode, 'extend_period_verification');
      const expected = dueInstant(defaultCalendar, new Date(accepted.statutoryDueAt!), { amount: 3, unit: 'working-days' });
      expect(extended.statutoryDueAt).toBe(expected.toISOString());
      expect(workingTimeBetween(defaultCalendar, new Date(accepted.statutoryDueAt!), new Date(extended.statutoryDueAt!)).minutes).toBe(3 * 8 * 60);
      expect(extended.extensionsUsed).toEqual(['verification']);
      expect(extended.allowedActions).not.toContain('extend_period_verification');
      const recorded = (await events(caseCode)).find((event) => event.type === 'period_extended')!;
      expect(recorded).toMatchObject({ dueAt: extended.statutoryDueAt, data: { extension: 'verification', previousDueAt: accepted.statutoryDueAt } });
    });
  });

  it('an excluded step pauses the clock and moves the deadline by exactly the excluded working time (D7-DD-01)', async () => {
    await engine.withWorker(async () => {
      const { caseCode } = await engine.cases.submit({ procedureCode: 'D7-DD-01', applicant: { name: 'Trần Thị G' }, channel: 'desk' });
      await act(caseCode, 'accept');
      await act(caseCode, 'send_to_tax');
      const paused = await act(caseCode, 'issue_tax_notice');
      expect(paused.clockPausedAt).not.toBeNull();
      expect(paused.dueAt).toBeNull();
      // Two weeks in the payment step: the 10-working-day deadline would have passed had the clock run.
      await env.sleep('14 days');
      const resumed = await act(caseCode, 'obligations_paid');
      const stored = await events(caseCode);
      const pausedEvent = stored.find((event) => event.type === 'clock_paused')!;
      const resumedEvent = stored.find((event) => event.type === 'clock_resumed')!;
      const excluded = workingTimeBetween(defaultCalendar, new Date(pausedEvent.at), new Date(resumedEvent.at)).minutes;
      expect(excluded).toBeGreaterThanOrEqual(9 * 8 * 60); // fourteen days hold at least nine working days
      expect(resumedEvent.data.excludedWorkingMinutes).toBe(excluded);
      expect(resumed.excludedWorkingMinutes).toBe(excluded);
      expect(workingTimeBetween(defaultCalendar, new Date(paused.statutoryDueAt!), new Date(resumed.statutoryDueAt!)).minutes).toBe(excluded);
      expect(resumed.dueAt).toBe(resumed.statutoryDueAt);
      expect(stored.map((event) => event.type)).not.toContain('overdue');
    });
  });

  it('a complaint counts its 30 days from acceptance (thụ lý), not receipt: on time just before, late just after (D7-KN-01)', async () => {
    await engine.withWorker(async () => {
      const decideAt = async (offsetFromDueMs: number) => {
        const { caseCode, receivedAt, statutoryDueAt } = await engine.cases.submit({ procedureCode: 'D7-KN-01', applicant: { name: 'Võ Thị K' }, channel: 'desk' });
        // Until thụ lý the deadline is the acceptance deadline: 10 ngày làm việc (TT 07/2013 Art 5.1).
        expect(statutoryDueAt).toBe(dueInstant(defaultCalendar, new Date(receivedAt), { amount: 10, unit: 'working-days' }).toISOString());
        await env.sleep('3 days');
        const accepted = await act(caseCode, 'accept');
        const started = (await events(caseCode)).find((event) => event.type === 'period_started')!;
        const due = dueInstant(defaultCalendar, new Date(started.at), { amount: 30, unit: 'calendar-days' });
        expect(accepted.statutoryDueAt).toBe(due.toISOString());
        expect(started.dueAt).toBe(due.toISOString());
        await act(caseCode, 'submit_for_decision');
        await env.sleep(due.getTime() + offsetFromDueMs - (await env.currentTimeMs()));
        const decided = await act(caseCode, 'issue_complaint_decision');
        // Counted from receipt, the 30 days had already run out at the decision.
        expect(dueInstant(defaultCalendar, new Date(receivedAt), { amount: 30, unit: 'calendar-days' }).getTime()).toBeLessThan(Date.parse(decided.resolvedAt!));
        return { decided, types: (await events(caseCode)).map((event) => event.type) };
      };
      const before = await decideAt(-10 * 60_000);
      expect(before.decided.timeliness).not.toBe('late');
      expect(before.types).not.toContain('overdue');
      const after = await decideAt(10 * 60_000);
      expect(after.decided.timeliness).toBe('late');
      expect(after.types).toContain('overdue');
    });
  });

  it('a verification extension that is a total counts from receipt (D7-HT-02, Luật Hộ tịch Art 18.2: 05 ngày làm việc in all)', async () => {
    await engine.withWorker(async () => {
      const { caseCode, receivedAt, statutoryDueAt } = await engine.cases.submit({ procedureCode: 'D7-HT-02', applicant: { name: 'Đỗ Văn L' }, channel: 'desk', ward: 'TTD' });
      expect(statutoryDueAt).toBe(dueInstant(defaultCalendar, new Date(receivedAt), { amount: 1, unit: 'same-day' }).toISOString());
      await act(caseCode, 'accept');
      await act(caseCode, 'order_verification');
      const extended = await act(caseCode, 'extend_period_verification');
      const whole = dueInstant(defaultCalendar, new Date(receivedAt), { amount: 5, unit: 'working-days' });
      expect(extended.statutoryDueAt).toBe(whole.toISOString());
      // Not five working days after the same-day deadline.
      expect(dueInstant(defaultCalendar, new Date(statutoryDueAt!), { amount: 5, unit: 'working-days' }).getTime()).toBeGreaterThan(whole.getTime());
      const recorded = (await events(caseCode)).find((event) => event.type === 'period_extended')!;
      expect(recorded.data).toMatchObject({ extension: 'verification', countedFrom: 'period-start', previousDueAt: statutoryDueAt });
    });
  });

  it('a case received on each side of an effectiveFrom keeps its own version', async () => {
    expect(version2021!.effectiveTo).toBe('2022-01-01');
    expect(version2022!.effectiveFrom).toBe('2022-01-01');
    await engine.withWorker(async () => {
      const submit = (receivedAt: string) =>
        engine.cases.submit({ procedureCode: 'D7-VER-01', applicant: { name: 'Phạm Văn H' }, channel: 'post', receivedAt });
      const before = await submit('2021-12-31T10:00:00+07:00');
      const after = await submit('2022-01-04T10:00:00+07:00');
      expect(before.procedureVersion).toBe(version2021!.version);
      expect(after.procedureVersion).toBe(version2022!.version);
      // 05 ngày làm việc from Fri 31 Dec 2021: 1 Jan (Sat) and its compensating Mon 3 Jan are off → Mon 10 Jan.
      expect(formatInstant(new Date(before.statutoryDueAt!))).toBe('2022-01-10T17:00:00+07:00');
      // 03 ngày làm việc from Tue 4 Jan 2022 → Fri 7 Jan.
      expect(formatInstant(new Date(after.statutoryDueAt!))).toBe('2022-01-07T17:00:00+07:00');
      await env.sleep('1 day');
      expect((await engine.cases.view(before.caseCode)).procedureVersion).toBe(version2021!.version);
      expect((await engine.cases.view(after.caseCode)).procedureVersion).toBe(version2022!.version);
      const received = (await events(before.caseCode)).find((event) => event.type === 'received')!;
      expect(received.data.procedureVersion).toBe(version2021!.version);
    });
  });
});
