/**
 * Logs and error responses: personal data, notes, tokens, cookies and authorisation headers never
 * reach a log line; every log line of a request and every error response carry its request id;
 * no response carries a stack trace.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import type { CaseService } from '../../src/engine/case-service.js';
import { MotcuaError } from '../../src/errors.js';
import { createLogger, redactedText } from '../../src/logger.js';
import { standaloneAuth, type StandaloneAuth } from '../support/standalone-auth.js';

/** A pino destination that keeps every line, parsed. */
function captureLines() {
  const lines: Array<Record<string, unknown>> = [];
  let raw = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      raw += chunk.toString();
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream, text: () => raw };
}

const citizenId = '079203004455';

/** The case service at the HTTP edge, failing in the ways these tests need (the engine is not under test here). */
function failingCases(): CaseService {
  const unexpected = () => {
    const error = new Error('database said no');
    throw Object.assign(error, { applicant: { idNumber: citizenId } });
  };
  return {
    submitAs: async () => unexpected(),
    view: async () => unexpected(),
    detailsFor: async (_identity: unknown, caseCode: string) => {
      if (caseCode === 'Q7.MC-000000-0404') throw new MotcuaError('CASE_NOT_FOUND', { caseCode });
      return unexpected();
    },
    actAs: async () => unexpected(),
    announceCalendar: async () => unexpected(),
  } as unknown as CaseService;
}

let accounts: StandaloneAuth;
let desk: { authorization: string };
beforeAll(async () => {
  accounts = await standaloneAuth();
  desk = await accounts.bearer('desk_officer.q7.mc');
}, 120_000);
afterAll(() => accounts?.close());

async function appWithCapturedLogs() {
  const capture = captureLines();
  const app = await buildApp({
    auth: accounts.auth,
    cases: failingCases(),
    logger: createLogger('trace', 'motcua', capture.stream),
    health: { database: async () => {}, temporal: async () => {} },
  });
  return { app, capture };
}

describe('log redaction', () => {
  it('replaces applicant data, notes, passwords, tokens, cookies and authorisation headers at any depth it covers', () => {
    const capture = captureLines();
    const logger = createLogger('info', 'test', capture.stream);
    logger.info({
      applicant: { name: 'Nguyễn Văn A', idNumber: citizenId },
      input: { applicant: { idNumber: citizenId }, caseCode: 'Q7.MC-261126-0001' },
      request: { body: { note: `CCCD ${citizenId}` } },
      password: 'motcua-demo',
      token: 'tok-123',
      req: { headers: { authorization: 'Bearer secret-bearer', cookie: 'session=secret-cookie' } },
      res: { headers: { 'set-cookie': 'session=secret-cookie' } },
    });
    const [line] = capture.lines;
    expect(line).toMatchObject({
      applicant: redactedText,
      input: { applicant: redactedText, caseCode: 'Q7.MC-261126-0001' },
      request: { body: { note: redactedText } },
      password: redactedText,
      token: redactedText,
      req: { headers: { authorization: redactedText, cookie: redactedText } },
      res: { headers: { 'set-cookie': redactedText } },
    });
    for (const secret of [citizenId, 'Nguyễn', 'motcua-demo', 'tok-123', 'secret-bearer', 'secret-cookie']) {
      expect(capture.text()).not.toContain(secret);
    }
  });
});

describe('request ids and error responses', () => {
  it('answers an unexpected error with 500, a code and the request id, never the message or a stack trace', async () => {
    const { app, capture } = await appWithCapturedLogs();
    const response = await app.inject({
      method: 'GET',
      url: '/api/cases/Q7.MC-000000-0001',
      headers: { authorization: desk.authorization, cookie: 'session=secret-cookie', 'x-request-id': 'client-chosen' },
    });
    await app.close();
    expect(response.statusCode).toBe(500);
    const body = response.json();
    const requestId = response.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toEqual({ code: 'INTERNAL', message: expect.any(String), messageVi: expect.any(String), requestId });
    expect(response.body).not.toMatch(/database said no|at .*\.ts:\d+|stack/);

    const ofRequest = capture.lines.filter((line) => 'requestId' in line);
    expect(ofRequest.length).toBeGreaterThanOrEqual(3); // incoming request, the error, request completed
    expect(new Set(ofRequest.map((line) => line.requestId))).toEqual(new Set([requestId]));
    expect(capture.lines.find((line) => line.msg === 'unhandled error')).toMatchObject({ requestId, err: { applicant: redactedText } });
    // The error's message stays in the log (operators need it); the personal data attached to it does not.
    expect(capture.lines.find((line) => line.msg === 'unhandled error')).toMatchObject({ err: { message: 'database said no' } });
    const token = desk.authorization.slice('Bearer '.length);
    for (const secret of [citizenId, token, 'secret-cookie', 'client-chosen']) expect(capture.text()).not.toContain(secret);
  });

  it('gives each request its own id, in the header, the error body and the log', async () => {
    const { app, capture } = await appWithCapturedLogs();
    const notFound = await app.inject({ method: 'GET', url: '/api/cases/Q7.MC-000000-0404', headers: desk });
    const invalid = await app.inject({ method: 'POST', url: '/api/cases', headers: desk, payload: { channel: 'fax' } });
    await app.close();
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).toMatchObject({ code: 'CASE_NOT_FOUND', requestId: notFound.headers['x-request-id'] });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'REQUEST_INVALID', requestId: invalid.headers['x-request-id'] });
    expect(notFound.headers['x-request-id']).not.toBe(invalid.headers['x-request-id']);
    const ids = new Set(capture.lines.filter((line) => line.req || line.res).map((line) => line.requestId));
    expect(ids).toEqual(new Set([notFound.headers['x-request-id'], invalid.headers['x-request-id']]));
  });

  it('answers an unknown route 404 and a known route asked with a method it lacks 405 with Allow', async () => {
    const { app } = await appWithCapturedLogs();
    const unknown = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    const wrongMethod = await app.inject({ method: 'DELETE', url: '/api/cases/Q7.MC-000000-0001' });
    const wrongOnCollection = await app.inject({ method: 'GET', url: '/api/cases?x=1' });
    // A method fastify parses a body for, without a content type: still 405, not a parsing error.
    const query = await app.inject({ method: 'QUERY' as 'GET', url: '/healthz' });
    await app.close();
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', requestId: expect.any(String) });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
    expect(wrongMethod.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED', messageVi: expect.stringContaining('DELETE') });
    expect(wrongOnCollection.statusCode).toBe(405);
    expect(wrongOnCollection.headers.allow).toBe('POST');
    expect(query.statusCode).toBe(405);
    expect(query.headers.allow).toBe('GET');
  });
});
