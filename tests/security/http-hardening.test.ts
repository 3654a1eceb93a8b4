/**
 * HTTP hardening: security headers and a content security policy on every response, rate limits on
 * submission, body size limit, CORS closed, 405 for methods a route lacks. The case service refuses
 * everything here (the engine is not under test), so every answer is the HTTP layer's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { apiBodyLimit, buildApp } from '../../src/api/app.js';
import type { CalendarAnnouncer } from '../../src/engine/calendar-announcements.js';
import type { CaseService } from '../../src/engine/case-service.js';
import { MotcuaError } from '../../src/errors.js';
import { standaloneAuth, type StandaloneAuth } from '../support/standalone-auth.js';

const refusingCases = {
  submitAs: async (_identity: unknown, s: { procedureCode: string }) => {
    throw new MotcuaError('CASE_UNKNOWN_PROCEDURE', { procedureCode: s.procedureCode });
  },
  detailsFor: async (_identity: unknown, caseCode: string) => {
    throw new MotcuaError('CASE_NOT_FOUND', { caseCode });
  },
} as unknown as CaseService;

describe('HTTP hardening', () => {
  let app: FastifyInstance;
  let accounts: StandaloneAuth;
  let desk: { authorization: string };
  beforeAll(async () => {
    accounts = await standaloneAuth();
    desk = await accounts.bearer('desk_officer.q7.mc');
    app = await buildApp({
      cases: refusingCases,
      health: { database: async () => {}, temporal: async () => {} },
      rateLimits: { submission: 3 },
      auth: accounts.auth,
      // Only its route's document is read here; no announcement reaches it.
      calendar: {} as CalendarAnnouncer,
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await accounts?.close();
  });

  it('answers a path parameter over the router’s limit and a malformed URL with 400 REQUEST_INVALID in our body (not fastify’s 414)', async () => {
    // Found by the fuzz run: an account name of combining characters, longer than 100 characters once encoded.
    const longAccount = encodeURIComponent('Ṱ̺̺̕o͞ ̷i̲̬͇̪͙n̝̗͕v̟̜̘̦͟o̶̙̰̠kè͚̮̺̪̹̱̤ ̖t̝͕̳̣̻̪͞h̼͓̲̦̳̘̲e͇̣̰̦̬͎ ̢̼̻̱̘h͚͎͙̜̣̲ͅi̦̲̣̰̤v̻͍e̺̭̳̪̰-m̢iͅn̖̺̞̲̯̰d');
    for (const url of [`/api/users/${longAccount}/disable`, `/api/cases/${'Q'.repeat(101)}`, `/api/cases/${'Q'.repeat(101)}/actions`]) {
      const method = url.endsWith('/disable') || url.endsWith('/actions') ? 'POST' : 'GET';
      const response = await app.inject({ method, url, headers: desk });
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toMatchObject({ code: 'REQUEST_INVALID', message: expect.stringContaining('longer than 100 characters'), requestId: response.headers['x-request-id'] });
    }
    const malformed = await app.inject({ method: 'GET', url: '/api/cases/%E0%A4%A', headers: desk });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'REQUEST_INVALID', message: expect.stringContaining('malformed'), requestId: malformed.headers['x-request-id'] });
    // The case read documents its 400 now.
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(document.paths['/api/cases/{code}'].get.responses)).toContain('400');
  });

  it('sends security headers and a content security policy without inline scripts', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    // No inline event handlers either; and no upgrade to an https:// that motcua does not serve.
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('keeps CORS closed: no allow-origin for a foreign origin, and a preflight answers 405', async () => {
    const read = await app.inject({ method: 'GET', url: '/api/cases/Q7.MC-000000-0001', headers: { origin: 'https://evil.example' } });
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/cases',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(405);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers.allow).toBe('POST');
  });

  it('refuses a body over the limit with 413 and the registry code, before the service sees it', async () => {
    const big = { procedureCode: 'D7-HKD-01', applicant: { name: 'x'.repeat(apiBodyLimit) }, channel: 'desk' };
    const response = await app.inject({ method: 'POST', url: '/api/cases', payload: big });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'REQUEST_TOO_LARGE', requestId: response.headers['x-request-id'] });
    expect(response.json().messageVi).toContain(String(apiBodyLimit));
  });

  it('limits submissions per client address and answers 429 with Retry-After beyond the limit', async () => {
    const submit = (ip: string) =>
      app.inject({ method: 'POST', url: '/api/cases', remoteAddress: ip, headers: desk, payload: { procedureCode: 'NOPE', applicant: { name: 'A' }, channel: 'desk' } });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await submit('203.0.113.7'));
    expect(answers.slice(0, 3).map((r) => r.statusCode)).toEqual([400, 400, 400]);
    expect(answers[3]!.statusCode).toBe(429);
    expect(answers[3]!.json()).toMatchObject({ code: 'RATE_LIMITED', messageVi: expect.stringContaining('thử lại') });
    expect(Number(answers[3]!.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not held back by the first one's requests; reads are not limited.
    expect((await submit('203.0.113.8')).statusCode).toBe(400);
    for (let i = 0; i < 5; i++) {
      const read = await app.inject({ method: 'GET', url: '/api/cases/Q7.MC-000000-0001', remoteAddress: '203.0.113.7', headers: desk });
      expect(read.statusCode).toBe(404);
    }
  });

  it('refuses an applicant holding the NUL character with 400 (jsonb cannot store it), before the service sees it', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: desk,
      remoteAddress: '203.0.113.99',
      payload: { procedureCode: 'D7-HKD-01', applicant: { name: 'A', extra: { 'k\u0000': 'v' } }, channel: 'desk' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'REQUEST_INVALID', message: expect.stringContaining('NUL') });
  });

  it('refuses an account name holding the NUL character with 400 (PostgreSQL text cannot store it), creating nothing', async () => {
    const admin = await accounts.bearer('admin.q7.vp');
    const count = async () => (await accounts.db.selectFrom('accounts').select('account').execute()).length;
    const before = await count();
    const response = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { account: 'nul.person', name: 'Trần\u0000B', unit: 'Q7.TCKH', role: 'specialist', password: 'a long enough password' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('REQUEST_INVALID');
    expect(await count()).toBe(before);
  });

  it('answers 405 with Allow for a method the route lacks', async () => {
    const response = await app.inject({ method: 'PUT', url: '/api/cases/Q7.MC-000000-0001/actions', payload: {} });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST');
    expect(response.json().code).toBe('METHOD_NOT_ALLOWED');
  });

  it('documents the answers the fuzzer found undocumented: sign-out’s 204 without content, the calendar guard’s 401/403', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const signOutAnswers = document.paths['/api/auth/logout'].post.responses;
    expect(signOutAnswers['204']).toBeDefined();
    expect(signOutAnswers['204'].content).toBeUndefined(); // no body, so no media type to promise
    const signOut = await app.inject({ method: 'POST', url: '/api/auth/logout' });
    expect(signOut.statusCode).toBe(204);
    expect(signOut.headers['content-type']).toBeUndefined();
    expect(signOut.body).toBe('');
    expect(Object.keys(document.paths['/api/calendar/announcements'].post.responses)).toEqual(expect.arrayContaining(['401', '403']));
  });

  it('serves the API docs page under its own policy', async () => {
    const docs = await app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(String(docs.headers['content-security-policy'])).toMatch(/script-src/);
  });
});
