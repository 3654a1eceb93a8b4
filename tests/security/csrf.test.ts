/**
 * CSRF protection for cookie sessions: a state-changing request authenticated by the session cookie
 * needs the token (header or form field); without it 403 CSRF_INVALID in both languages and nothing
 * happens. Bearer-token clients need none. The pages carry the token in their forms and htmx header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import type { CaseService } from '../../src/engine/case-service.js';
import { MotcuaError } from '../../src/errors.js';
import { sessionCookieOf } from '../support/api-app.js';
import { sessionCookieName } from '../../src/api/auth-plugin.js';
import { standaloneAuth, type StandaloneAuth } from '../support/standalone-auth.js';

const submission = { procedureCode: 'NOPE-01', applicant: { name: 'Trần Thị B' }, channel: 'desk' };

describe('CSRF protection for cookie sessions', () => {
  let app: FastifyInstance;
  let accounts: StandaloneAuth;
  /** Who reached the case service: a refused request must not. */
  const reached: string[] = [];
  const cases = {
    submitAs: async (identity: { account: string }, s: { procedureCode: string }) => {
      reached.push(identity.account);
      throw new MotcuaError('CASE_UNKNOWN_PROCEDURE', { procedureCode: s.procedureCode });
    },
  } as unknown as CaseService;

  beforeAll(async () => {
    accounts = await standaloneAuth();
    app = await buildApp({ cases, health: { database: async () => {}, temporal: async () => {} }, auth: accounts.auth });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await accounts?.close();
  });

  async function signInCookie(account: string): Promise<string> {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { account, password: 'motcua-demo' } });
    expect(response.statusCode).toBe(200);
    return sessionCookieOf(response);
  }

  /** The token for a session, and the cookie as the server last set it (the secret lives in the session). */
  async function tokenFor(cookie: string): Promise<{ token: string; cookie: string }> {
    const response = await app.inject({ method: 'GET', url: '/api/auth/csrf-token', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.json().header).toBe('x-csrf-token');
    return { token: response.json().token, cookie: sessionCookieOf(response) };
  }

  it('refuses a cookie POST without a token with 403 CSRF_INVALID (vi and en) before the service is reached', async () => {
    reached.length = 0;
    const cookie = await signInCookie('desk_officer.q7.mc');
    const refused = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: submission });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      code: 'CSRF_INVALID',
      messageVi: expect.stringContaining('chống giả mạo'),
      message: expect.stringContaining('anti-forgery'),
      requestId: refused.headers['x-request-id'],
    });
    // A wrong token is the same refusal.
    const forged = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie, 'x-csrf-token': 'forged-token' }, payload: submission });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('CSRF_INVALID');
    expect(reached).toEqual([]);
  });

  it('lets a cookie POST with the token through, as a header or a form field', async () => {
    reached.length = 0;
    const session = await tokenFor(await signInCookie('desk_officer.q7.mc'));
    const withHeader = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: session.cookie, 'x-csrf-token': session.token }, payload: submission });
    expect(withHeader.json().code).toBe('CASE_UNKNOWN_PROCEDURE'); // past the check, refused by the service
    expect(reached).toEqual(['desk_officer.q7.mc']);

    // Sign-out by an HTML form: without the field the session survives, with it the session ends.
    const formWithout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(formWithout.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } })).statusCode).toBe(200);
    const formWith = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(session.token)}`,
    });
    expect(formWith.statusCode).toBe(303);
  });

  it('refuses a page form without or with a wrong _csrf with a 403 page (vi first, then en), not JSON; API clients keep JSON', async () => {
    reached.length = 0;
    const session = await tokenFor(await signInCookie('desk_officer.q7.mc'));
    const form = { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const fresh: Array<{ token: string; cookie: string }> = [];
    const refusedPages = [
      // The layout's sign-out form, as a browser posts it: without the field, and with a forged one.
      await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...form, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, payload: '' }),
      await app.inject({ method: 'POST', url: '/api/auth/logout', headers: form, payload: '_csrf=forged-token' }),
      // htmx (its own header, Accept */*) and a browser asking for HTML on a JSON route.
      await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...form, 'hx-request': 'true', accept: '*/*' }, payload: '' }),
      await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: session.cookie, accept: 'text/html' }, payload: submission }),
    ];
    for (const page of refusedPages) {
      expect(page.statusCode).toBe(403);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['x-request-id']).toBeTruthy();
      expect(page.body).toContain('403 · CSRF_INVALID');
      const vi = page.body.indexOf('Thiếu hoặc sai mã chống giả mạo');
      const en = page.body.indexOf('Missing or invalid anti-forgery (CSRF) token');
      expect(vi, 'Vietnamese message').toBeGreaterThan(-1);
      expect(en, 'English message after it').toBeGreaterThan(vi);
      expect(page.body).not.toContain('"messageVi"');
      // The page's own forms carry a fresh token: its sign-out form now goes through.
      const token = /<input type="hidden" name="_csrf" value="([^"]+)">/.exec(page.body)?.[1];
      expect(token).toBeTruthy();
      fresh.push({ token: token!, cookie: page.cookies.some((c) => c.name === sessionCookieName) ? sessionCookieOf(page) : session.cookie });
    }
    expect(reached).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } })).statusCode, 'the session survived').toBe(200);

    // API clients: a JSON body, or a form asking for JSON, are answered in JSON.
    const apiClients = [
      await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: session.cookie }, payload: submission }),
      await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: session.cookie, accept: 'application/json' }, payload: submission }),
      await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...form, accept: 'application/json' }, payload: '_csrf=forged-token' }),
    ];
    for (const answer of apiClients) {
      expect(answer.statusCode).toBe(403);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.json()).toMatchObject({ code: 'CSRF_INVALID', messageVi: expect.stringContaining('chống giả mạo'), requestId: answer.headers['x-request-id'] });
    }
    const last = fresh.at(-1)!;
    const signOut = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...form, cookie: last.cookie }, payload: `_csrf=${encodeURIComponent(last.token)}` });
    expect(signOut.statusCode, 'the refusal page’s sign-out form works').toBe(303);
  });

  it('does not accept one session’s token for another session', async () => {
    const first = await tokenFor(await signInCookie('desk_officer.q7.mc'));
    const other = await tokenFor(await signInCookie('desk_officer.q7.mc'));
    const response = await app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: other.cookie, 'x-csrf-token': first.token }, payload: submission });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('CSRF_INVALID');
  });

  it('needs no token from a bearer-token client', async () => {
    reached.length = 0;
    const response = await app.inject({ method: 'POST', url: '/api/cases', headers: await accounts.bearer('desk_officer.q7.mc'), payload: submission });
    expect(response.json().code).toBe('CASE_UNKNOWN_PROCEDURE');
    expect(reached).toEqual(['desk_officer.q7.mc']);
  });

  it('puts the token in the pages: htmx header on <body> and a hidden field in the sign-out form', async () => {
    const cookie = await signInCookie('head.q7.tckh');
    const page = await app.inject({ method: 'GET', url: '/', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const header = /<body hx-headers='([^']+)'>/.exec(page.body);
    expect(header).not.toBeNull();
    const token = JSON.parse(header![1]!.replace(/&quot;/g, '"'))['x-csrf-token'] as string;
    expect(page.body).toContain(`<input type="hidden" name="_csrf" value="${token}">`);
    const pageCookie = sessionCookieOf(page);
    const signOut = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: pageCookie, 'x-csrf-token': token } });
    expect(signOut.statusCode).toBe(204);
    // Signed out, a page carries no token.
    const anonymous = await app.inject({ method: 'GET', url: '/' });
    expect(anonymous.body).not.toContain('_csrf');
  });
});
