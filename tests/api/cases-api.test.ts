import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { listCaseEvents } from '../../src/store/case-store.js';
import { buildTestApp, signIn } from '../support/api-app.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';
import { createTestEngine, devServerEnvironment, type TestEngine } from '../support/engine.js';

const postalToken = 'test-postal-token-0123456789';

describe('the cases API against a real Temporal server and database', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  let app: FastifyInstance;
  // Sessions of the District 7 desk and of the finance division that appraises and signs D7-HKD-01.
  let desk: Headers;
  let specialist: Headers;
  let head: Headers;
  type Headers = { cookie: string };
  const signer: Record<string, () => Headers> = {
    accept: () => desk,
    submit_for_signature: () => specialist,
    approve: () => head,
    return_at_desk: () => desk,
    consign_to_post: () => desk,
  };

  beforeAll(async () => {
    env = await devServerEnvironment();
    database = await createTestDatabase('pglite');
    engine = await createTestEngine(env, database.db);
    app = await buildTestApp(env, engine, database.db, { postalToken });
    desk = await signIn(app, 'desk_officer.q7.mc');
    specialist = await signIn(app, 'specialist.q7.tckh');
    head = await signIn(app, 'head.q7.tckh');
  });
  afterAll(async () => {
    await app?.close();
    await engine?.close();
    await env?.teardown();
    await database?.close();
  });

  const post = (url: string, payload: unknown, headers: Headers = desk) => app.inject({ method: 'POST', url, payload: payload as object, headers });
  const get = (url: string, headers: Headers = desk) => app.inject({ method: 'GET', url, headers });

  it('submits a dossier, advances it to completion and lists its events', async () => {
    await engine.withWorker(async () => {
      const submitted = await post('/api/cases', { procedureCode: 'D7-HKD-01', applicant: { name: 'Lê Văn C' }, channel: 'online' });
      expect(submitted.statusCode).toBe(201);
      const { caseCode, dueAt } = submitted.json();
      expect(dueAt).toEqual(expect.any(String));

      for (const [i, action] of ['accept', 'submit_for_signature', 'approve', 'return_at_desk'].entries()) {
        const response = await post(`/api/cases/${caseCode}/actions`, { action, idempotencyKey: `api-key-${i}` }, signer[action]!());
        expect(response.statusCode, response.body).toBe(200);
      }
      const details = await get(`/api/cases/${caseCode}`);
      expect(details.statusCode).toBe(200);
      const body = details.json();
      expect(body).toMatchObject({ caseCode, status: 'closed', timeliness: 'early', allowedActions: [] });
      expect(body.events.map((e: { type: string }) => e.type)).toEqual(
        (await listCaseEvents(database.db, caseCode)).map((e) => e.type),
      );
      // Every event names the account that acted and its unit, as stored.
      const stored = await listCaseEvents(database.db, caseCode);
      expect(stored.filter((e) => e.type === 'received' || e.type === 'action').map((e) => [e.actor, e.actorUnit, e.data.action ?? null])).toEqual([
        ['desk_officer.q7.mc', 'Q7.MC', null],
        ['desk_officer.q7.mc', 'Q7.MC', 'accept'],
        ['specialist.q7.tckh', 'Q7.TCKH', 'submit_for_signature'],
        ['head.q7.tckh', 'Q7.TCKH', 'approve'],
        ['desk_officer.q7.mc', 'Q7.MC', 'return_at_desk'],
      ]);
    });
  });

  it('answers 409 with a stable code and both languages when the action is not allowed now', async () => {
    await engine.withWorker(async () => {
      const { caseCode } = (await post('/api/cases', { procedureCode: 'D7-HKD-01', applicant: { name: 'A' }, channel: 'desk' })).json();
      const response = await post(`/api/cases/${caseCode}/actions`, { action: 'approve', idempotencyKey: 'refused-1' });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'CASE_ACTION_NOT_ALLOWED', message: expect.stringContaining('receipt') });
      expect(response.json().messageVi).toContain('không được phép');
      const after = (await get(`/api/cases/${caseCode}`)).json();
      expect(after.state).toBe('receipt');
      expect(after.events).toHaveLength(1);
    });
  });

  it('answers 400 for a malformed body and starts nothing', async () => {
    const missingKey = await post('/api/cases/Q7.MC-000000-0001/actions', { action: 'accept' });
    expect(missingKey.statusCode).toBe(400);
    expect(missingKey.json().code).toBe('REQUEST_INVALID');
    const badChannel = await post('/api/cases', { procedureCode: 'D7-HKD-01', applicant: { name: 'A' }, channel: 'fax' });
    expect(badChannel.statusCode).toBe(400);
    const unknownProcedure = await post('/api/cases', { procedureCode: 'NOPE', applicant: { name: 'A' }, channel: 'desk' });
    expect(unknownProcedure.statusCode).toBe(400);
    expect(unknownProcedure.json().code).toBe('CASE_UNKNOWN_PROCEDURE');
    const unknownWard = await post('/api/cases', { procedureCode: 'D7-HKD-01', applicant: { name: 'A' }, channel: 'desk', ward: 'XYZ' });
    expect(unknownWard.json().code).toBe('CASE_UNKNOWN_UNIT');
  });

  it('answers 404 for a case that does not exist', async () => {
    const response = await get('/api/cases/Q7.MC-991231-9999');
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('CASE_NOT_FOUND');
  });

  it('serves an OpenAPI document that describes the case routes, and interactive docs', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/cases', '/api/cases/{code}', '/api/cases/{code}/actions']));
    expect(spec.paths['/api/cases'].post.requestBody.content['application/json'].schema.required).toContain('procedureCode');
    const docs = await app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('reports database and Temporal reachability', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, database: { ok: true }, temporal: { ok: true } });
  });

  it('takes delivery events from the postal operator with its token, once per event id', async () => {
    await engine.withWorker(async () => {
      const { caseCode } = (await post('/api/cases', { procedureCode: 'D7-HKD-01', applicant: { name: 'B' }, channel: 'post' })).json();
      for (const [i, action] of ['accept', 'submit_for_signature', 'approve', 'consign_to_post'].entries()) {
        expect((await post(`/api/cases/${caseCode}/actions`, { action, idempotencyKey: `postal-${i}` }, signer[action]!())).statusCode).toBe(200);
      }
      const event = { caseCode, event: 'delivery_failed', eventId: 'VNP-0001' };
      const noToken = await app.inject({ method: 'POST', url: '/api/postal/events', payload: event });
      expect(noToken.statusCode).toBe(401);
      expect(noToken.json().code).toBe('POSTAL_UNAUTHORIZED');
      const wrongToken = await app.inject({ method: 'POST', url: '/api/postal/events', payload: event, headers: { authorization: 'Bearer nope' } });
      expect(wrongToken.statusCode).toBe(401);

      const headers = { authorization: `Bearer ${postalToken}` };
      const first = await app.inject({ method: 'POST', url: '/api/postal/events', payload: event, headers });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().state).toBe('approved_post_retry');
      const resent = await app.inject({ method: 'POST', url: '/api/postal/events', payload: event, headers });
      expect(resent.json().state).toBe('approved_post_retry');
      const events = await listCaseEvents(database.db, caseCode);
      expect(events.filter((e) => e.data.action === 'delivery_failed').map((e) => e.actor)).toEqual(['post']);

      const staffPosing = await post(`/api/cases/${caseCode}/actions`, { action: 'delivered', actor: 'post', idempotencyKey: 'posing-1' });
      expect(staffPosing.statusCode).toBe(400);
    });
  });
});
