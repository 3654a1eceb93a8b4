/**
 * Issue #9 through the API on the dev server (refused Updates cannot be sent to the time-skipping
 * server): each refusal answers its stable code with Vietnamese and English messages and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { defaultCalendarData } from '../../src/calendar/index.js';
import { getCaseRow, listCaseEvents } from '../../src/store/case-store.js';
import { buildTestApp, signIn } from '../support/api-app.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';
import { createTestEngine, devServerEnvironment, type TestEngine } from '../support/engine.js';

const DAY = 86_400_000;

describe('legal integrity through the API', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  let app: FastifyInstance;

  beforeAll(async () => {
    env = await devServerEnvironment();
    database = await createTestDatabase('pglite');
    engine = await createTestEngine(env, database.db);
    app = await buildTestApp(env, engine, database.db);
    for (const account of new Set(Object.values(accountFor))) sessions.set(account, (await signIn(app, account)).cookie);
  });
  afterAll(async () => {
    await app?.close();
    await engine?.close();
    await env?.teardown();
    await database?.close();
  });

  let key = 0;
  // Who takes each action of D7-HKD-01: the desk receives and returns, the office's specialist works, its head signs.
  const accountFor: Record<string, string> = {
    submit: 'desk_officer.q7.mc',
    accept: 'desk_officer.q7.mc',
    supplement_completed: 'desk_officer.q7.mc',
    return_at_desk: 'desk_officer.q7.mc',
    request_supplement: 'specialist.q7.tckh',
    submit_for_signature: 'specialist.q7.tckh',
    approve: 'head.q7.tckh',
  };
  const sessions = new Map<string, string>();
  const as = (action: string) => ({ cookie: sessions.get(accountFor[action]!)! });
  const post = (url: string, payload: unknown, headers = as('submit')) => app.inject({ method: 'POST', url, payload: payload as object, headers });
  const act = (caseCode: string, action: string, extra: Record<string, unknown> = {}) =>
    post(`/api/cases/${caseCode}/actions`, { action, idempotencyKey: `integrity-${++key}`, ...extra }, as(action));
  const submit = (extra: Record<string, unknown> = {}) =>
    post('/api/cases', { procedureCode: 'D7-HKD-01', applicant: { name: 'Trần Thị B' }, channel: 'desk', ...extra });
  const eventCount = async (caseCode: string) => (await listCaseEvents(database.db, caseCode)).length;

  it('refuses a receipt instant for desk and online dossiers (400) and takes one from the post', async () => {
    const receivedAt = new Date(Date.now() - 5 * DAY).toISOString();
    for (const channel of ['desk', 'online']) {
      const refused = await submit({ channel, receivedAt });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'CASE_RECEIVED_AT_NOT_ALLOWED', messageVi: expect.stringContaining('bưu chính') });
    }
    expect(await database.db.selectFrom('submissions').selectAll().execute()).toEqual([]);
    await engine.withWorker(async () => {
      const postal = await submit({ channel: 'post', receivedAt });
      expect(postal.statusCode).toBe(201);
      expect(postal.json().receivedAt).toBe(receivedAt);
    });
  });

  it('refuses a supplement request on an overdue postal dossier (409) and writes no event', async () => {
    await engine.withWorker(async () => {
      const receivedAt = new Date(Date.now() - 20 * DAY).toISOString();
      const { caseCode } = (await submit({ channel: 'post', receivedAt })).json();
      await vi.waitFor(async () => expect((await listCaseEvents(database.db, caseCode)).map((e) => e.type)).toContain('overdue'), { timeout: 15_000 });
      expect((await act(caseCode, 'accept')).statusCode).toBe(200);
      const before = await eventCount(caseCode);
      const refused = await act(caseCode, 'request_supplement');
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'CASE_SUPPLEMENT_WINDOW_CLOSED', messageVi: expect.stringContaining('Điều 19.4') });
      expect(await eventCount(caseCode)).toBe(before);
      const details = (await app.inject({ method: 'GET', url: `/api/cases/${caseCode}`, headers: as('submit') })).json();
      expect(details).toMatchObject({ overdue: true, wasOverdue: true, state: 'appraisal' });
    });
  });

  it('refuses a second supplement request during processing (409)', async () => {
    await engine.withWorker(async () => {
      const { caseCode } = (await submit()).json();
      for (const action of ['accept', 'request_supplement', 'supplement_completed']) expect((await act(caseCode, action)).statusCode).toBe(200);
      const before = await eventCount(caseCode);
      const refused = await act(caseCode, 'request_supplement');
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('CASE_SUPPLEMENT_ALREADY_REQUESTED');
      expect(await eventCount(caseCode)).toBe(before);
    });
  });

  it('answers 409 CASE_CLOSED for an action on a closed case, which GET still shows', async () => {
    await engine.withWorker(async () => {
      const { caseCode } = (await submit()).json();
      for (const action of ['accept', 'submit_for_signature', 'approve', 'return_at_desk']) expect((await act(caseCode, action)).statusCode).toBe(200);
      await vi.waitFor(async () => expect((await env.client.workflow.getHandle(caseCode).describe()).status.name).toBe('COMPLETED'));
      const refused = await act(caseCode, 'accept');
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'CASE_CLOSED', messageVi: expect.stringContaining(caseCode) });
      expect((await app.inject({ method: 'GET', url: `/api/cases/${caseCode}`, headers: as('submit') })).json().status).toBe('closed');
    });
  });

  it('makes a retried submission the same dossier, and refuses the key for a different one', async () => {
    await engine.withWorker(async () => {
      const body = { procedureCode: 'D7-HKD-01', applicant: { name: 'Phạm Văn D' }, channel: 'online', idempotencyKey: 'submit-retry-0001' };
      const [first, second] = await Promise.all([post('/api/cases', body), post('/api/cases', body)]);
      expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
      expect(second.json().caseCode).toBe(first.json().caseCode);
      const third = await post('/api/cases', body);
      expect(third.json().caseCode).toBe(first.json().caseCode);
      const rows = await database.db.selectFrom('submissions').selectAll().where('idempotency_key', '=', 'submit-retry-0001').execute();
      expect(rows).toHaveLength(1);
      const other = await post('/api/cases', { ...body, applicant: { name: 'Someone Else' } });
      expect(other.statusCode).toBe(409);
      expect(other.json().code).toBe('CASE_IDEMPOTENCY_KEY_REUSED');
      // One workflow run under the dossier code.
      const runs = [];
      for await (const run of env.client.workflow.list({ query: `WorkflowId = '${first.json().caseCode}'` })) runs.push(run);
      expect(runs).toHaveLength(1);
    });
  });

  it('refuses a malformed calendar with CALENDAR_INVALID and keeps the case working', async () => {
    await engine.withWorker(async () => {
      const { caseCode } = (await submit()).json();
      await vi.waitFor(async () => expect(await eventCount(caseCode)).toBe(1), { timeout: 15_000 });
      const before = await eventCount(caseCode);
      const malformed = { ...defaultCalendarData, version: 'broken', officeSessions: [{ start: '25:00', end: '07:00' }] };
      await expect(engine.cases.announceCalendar(caseCode, malformed)).rejects.toMatchObject({ code: 'CALENDAR_INVALID' });
      expect(await eventCount(caseCode)).toBe(before);
      expect((await act(caseCode, 'accept')).statusCode).toBe(200);
      await vi.waitFor(async () => expect((await getCaseRow(database.db, caseCode))?.state).toBe('appraisal'));
    });
  });

  it('documents every new refusal code in the OpenAPI document', async () => {
    const document = JSON.stringify((await app.inject({ method: 'GET', url: '/openapi.json' })).json());
    for (const code of ['CASE_SUPPLEMENT_WINDOW_CLOSED', 'CASE_SUPPLEMENT_ALREADY_REQUESTED', 'CASE_RECEIVED_AT_NOT_ALLOWED', 'CASE_IDEMPOTENCY_KEY_REUSED', 'CASE_CLOSED']) {
      expect(document).toContain(code);
    }
  });
});
