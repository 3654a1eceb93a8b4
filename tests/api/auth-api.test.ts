import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { demoPassword } from '../../src/auth/demo-accounts.js';
import { listAccounts } from '../../src/auth/accounts.js';
import { buildTestApp, sessionCookieOf, signIn } from '../support/api-app.js';
import { useEngine } from '../support/engine.js';

describe('signing in, sessions, tokens and accounts over HTTP', () => {
  const fixture = useEngine('dev-server');
  let app: FastifyInstance;
  // The app's clock: fixed, moved by the tests.
  let clock = new Date('2026-12-01T01:00:00.000Z');

  beforeAll(async () => {
    app = await buildTestApp(fixture.env, fixture.engine, fixture.database.db, { now: () => clock, sessionHours: 12, loginAttempts: 3 });
  });
  afterAll(async () => app?.close());

  const me = (headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: '/api/auth/me', headers });
  const login = (payload: object) => app.inject({ method: 'POST', url: '/api/auth/login', payload });

  it('signs in with JSON, sets an HttpOnly cookie, and knows who is calling until the session ends', async () => {
    const response = await login({ account: 'Head.Q7.TCKH', password: demoPassword });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ account: 'head.q7.tckh', unit: 'Q7.TCKH', role: 'head' });
    const cookie = response.cookies.find((c) => c.name === 'motcua_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const headers = { cookie: sessionCookieOf(response) };
    expect((await me(headers)).json()).toMatchObject({ account: 'head.q7.tckh' });

    const refused = await me();
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'AUTH_REQUIRED', messageVi: 'Cần đăng nhập' });
    // A tampered cookie is no session.
    expect((await me({ cookie: headers.cookie.slice(0, -6) + 'AAAAAA' })).statusCode).toBe(401);

    clock = new Date(clock.getTime() + 11 * 3_600_000);
    expect((await me(headers)).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 1 * 3_600_000);
    expect((await me(headers)).statusCode).toBe(401); // 12 hours after signing in
  });

  it('refuses a wrong password and an unknown account alike', async () => {
    const wrong = await login({ account: 'specialist.q7.tp', password: 'not the password' });
    const unknown = await login({ account: 'nobody.at.all', password: 'whatever1' });
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', message: expect.stringContaining('Wrong account or password') });
      expect(response.cookies.find((c) => c.name === 'motcua_session')).toBeUndefined();
    }
  });

  it('limits sign-in attempts per account and address, in both languages', async () => {
    for (let i = 0; i < 3; i++) expect((await login({ account: 'specialist.q7.kt', password: `wrong-${i}` })).statusCode).toBe(401);
    const limited = await login({ account: 'specialist.q7.kt', password: demoPassword });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'AUTH_RATE_LIMITED', messageVi: expect.stringContaining('thử lại') });
    // A colleague at the same address is not locked out.
    expect((await login({ account: 'head.q7.kt', password: demoPassword })).statusCode).toBe(200);
  });

  it('takes an HTML form: redirects to next on success, back to the login page on failure, never to another site', async () => {
    const form = (body: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const ok = await form(`account=desk_officer.p.ttd.mc&password=${demoPassword}&next=%2Fqueue`);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/queue');
    expect((await me({ cookie: sessionCookieOf(ok) })).json()).toMatchObject({ unit: 'P.TTD.MC' });
    const offsite = await form(`account=desk_officer.p.ttd.mc&password=${demoPassword}&next=%2F%2Fevil.example`);
    expect(offsite.headers.location).toBe('/');
    const failed = await form('account=desk_officer.p.ttd.mc&password=wrong-password&next=%2Fqueue');
    expect(failed.statusCode).toBe(303);
    expect(failed.headers.location).toBe('/login?error=invalid&next=%2Fqueue');
  });

  it('signs out by ending the cookie', async () => {
    const { cookie } = await signIn(app, 'ward_chair.p.ttd');
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'motcua_session')!;
    expect(cleared.value).toBe('');
    expect(new Date(cleared.expires!).getTime()).toBe(0);
  });

  it('ends sessions and tokens when an administrator disables the account or resets its password', async () => {
    const admin = await signIn(app, 'admin.q7.vp');
    const user = await signIn(app, 'specialist.q7.tnmt');
    const tokenResponse = await app.inject({ method: 'POST', url: '/api/users/specialist.q7.tnmt/tokens', headers: admin, payload: { label: 'test client', days: 30 } });
    expect(tokenResponse.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${tokenResponse.json().token}` };
    expect((await me(bearer)).json()).toMatchObject({ account: 'specialist.q7.tnmt' });

    const reset = await app.inject({ method: 'POST', url: '/api/users/specialist.q7.tnmt/password', headers: admin, payload: { password: 'a fresh password' } });
    expect(reset.statusCode).toBe(200);
    expect((await me(user)).statusCode).toBe(401);
    expect((await me(await signIn(app, 'specialist.q7.tnmt', 'a fresh password'))).statusCode).toBe(200);

    expect((await app.inject({ method: 'POST', url: '/api/users/specialist.q7.tnmt/disable', headers: admin })).json().active).toBe(false);
    expect((await me(bearer)).statusCode).toBe(401);
    expect((await login({ account: 'specialist.q7.tnmt', password: 'a fresh password' })).statusCode).toBe(401);
  });

  it('lets a token expire on its day', async () => {
    const admin = await signIn(app, 'admin.q7.vp');
    const issued = (await app.inject({ method: 'POST', url: '/api/users/head.q7.yt/tokens', headers: admin, payload: { label: 'short', days: 1 } })).json();
    const bearer = { authorization: `Bearer ${issued.token}` };
    expect((await me(bearer)).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 86_400_000);
    expect((await me(bearer)).statusCode).toBe(401);
  });

  it('answers bad input with 400, the field and the reason in Vietnamese and English, and writes nothing', async () => {
    const missing = await login({ account: 'head.q7.tckh' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      code: 'REQUEST_INVALID',
      details: [{ field: 'body/password', reasonVi: 'bắt buộc', reason: expect.any(String) }],
      messageVi: expect.stringContaining('body/password: bắt buộc'),
    });

    const admin = await signIn(app, 'admin.q7.vp');
    const before = (await listAccounts(fixture.database.db)).length;
    const badRole = await app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { account: 'x.y.z', name: 'X', unit: 'Q7.TP', role: 'mayor', password: 'long enough' } });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().details[0]).toMatchObject({ field: 'body/role', reasonVi: expect.stringContaining('giá trị không hợp lệ') });
    const extra = await app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { account: 'x.y.z', name: 'X', unit: 'Q7.TP', role: 'head', password: 'long enough', admin: true } });
    expect(extra.json().details[0]).toMatchObject({ reasonVi: expect.stringContaining('trường không được phép: admin') });
    const unfit = await app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { account: 'x.y.z', name: 'X', unit: 'Q7.TP', role: 'ward_chair', password: 'long enough' } });
    expect(unfit.statusCode).toBe(400);
    expect(unfit.json().code).toBe('ACCOUNT_ROLE_UNFIT');
    const actorInBody = await app.inject({ method: 'POST', url: '/api/cases/Q7.MC-261201-0001/actions', headers: admin, payload: { action: 'accept', idempotencyKey: 'k-000001', actor: 'someone', actorUnit: 'Q7.MC' } });
    expect(actorInBody.statusCode).toBe(400);
    expect(actorInBody.json().messageVi).toContain('trường không được phép: actor, actorUnit');
    expect((await listAccounts(fixture.database.db)).length).toBe(before);

    const created = await app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { account: 'Tran.Thi.B', name: 'Trần Thị B', unit: 'Q7.TP', role: 'specialist', password: 'long enough' } });
    expect(created.statusCode).toBe(201);
    const again = await app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { account: 'tran.thi.b', name: 'Trần Thị B', unit: 'Q7.TP', role: 'specialist', password: 'long enough' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ACCOUNT_EXISTS');
  });

  it('keeps account administration to administrators', async () => {
    const manager = await signIn(app, 'manager.q7.vp');
    const refused = await app.inject({ method: 'GET', url: '/api/users', headers: manager });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('AUTH_FORBIDDEN');
  });
});
