/**
 * The administrator's accounts page on the real app (buildApp with the auth plugin): refused to
 * everyone but administrators (404), bad input answered 400 with the field and the reason in both
 * languages and nothing written, and in headless Chromium an administrator adds an account (the
 * password shown once signs it in), disables it (it can no longer sign in), enables it and resets
 * its password. Screenshots: artifacts/screenshots/admin-users/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { getAccount } from '../../src/auth/accounts.js';
import { demoPassword } from '../../src/auth/demo-accounts.js';
import { signIn } from '../support/api-app.js';
import { policyViolations, screenshotTaker, signInOnLoginPage } from '../support/browser.js';
import type { TestEngine } from '../support/engine.js';
import type { TestDatabase } from '../support/services.js';
import { startConsoleInBrowser, type ConsoleInBrowser } from '../support/console-in-browser.js';

const admin = 'admin.q7.vp';

describe('the accounts page (/admin/users)', () => {
  let stack: ConsoleInBrowser | undefined;
  let database: TestDatabase;
  let engine: TestEngine;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: Browser;
  const sessions = new Map<string, { cookie: string }>();
  const as = (account: string) => sessions.get(account)!;
  const shoot = screenshotTaker('admin-users');
  const countAccounts = async () => Number((await database.db.selectFrom('accounts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    stack = await startConsoleInBrowser();
    ({ database, engine, app, browser, baseUrl } = stack);
    for (const account of [admin, 'desk_officer.q7.mc', 'specialist.q7.tckh', 'manager.q7.vp', 'designer.q7.vp', 'ward_chair.p.ttd']) {
      sessions.set(account, await signIn(app, account));
    }
  }, 300_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('sends a visitor without a session to the login page', async () => {
    const response = await app.inject({ method: 'GET', url: '/admin/users' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/login?next=%2Fadmin%2Fusers');
  });

  it.each(['desk_officer.q7.mc', 'specialist.q7.tckh', 'manager.q7.vp', 'designer.q7.vp', 'ward_chair.p.ttd'])('does not exist for %s (404), and its forms change nothing', async (account) => {
    const before = await countAccounts();
    const page = await app.inject({ method: 'GET', url: '/admin/users', headers: as(account) });
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('id="add-account"');
    const add = await app.inject({ method: 'POST', url: '/admin/users', headers: as(account), payload: { account: 'x.intruder', name: 'X', unit: 'Q7.VP', role: 'admin' } });
    expect(add.statusCode).toBe(404);
    const disable = await app.inject({ method: 'POST', url: `/admin/users/${admin}/disable`, headers: as(account) });
    expect(disable.statusCode).toBe(404);
    expect(await countAccounts()).toBe(before);
    expect((await getAccount(database.db, admin)).active).toBe(true);
    // The layout offers the page to administrators only.
    expect((await app.inject({ method: 'GET', url: '/queue', headers: as(account) })).body).not.toContain('href="/admin/users"');
  });

  const good = { account: 'tran.thi.b', name: 'Trần Thị B', unit: 'Q7.TCKH', role: 'specialist' };
  it.each([
    ['account', { account: 'Trần B' }, 'Tài khoản gồm 3–64 ký tự', '3–64 characters'],
    ['account', { account: '' }, 'Bắt buộc nhập', 'Required'],
    ['account', { account: 'admin.q7.vp' }, 'Đã có tài khoản admin.q7.vp', 'Account admin.q7.vp already exists'],
    ['name', { name: '  ' }, 'Bắt buộc nhập', 'Required'],
    ['name', { name: 'x'.repeat(201) }, 'Quá dài (tối đa 200 ký tự)', 'Too long (at most 200 characters)'],
    ['unit', { unit: 'Q9.XX' }, 'Chọn một đơn vị trong danh sách', 'Choose a unit from the list'],
    ['role', { role: 'boss' }, 'Chọn một vai trò trong danh sách', 'Choose a role from the list'],
    ['role', { role: 'desk_officer' }, 'Vai trò này không thuộc loại đơn vị đã chọn', 'does not belong in the chosen kind of unit'],
    ['role', { unit: 'P.TTD', role: 'head' }, 'được phép: ward_officer, ward_chair', 'allowed: ward_officer, ward_chair'],
  ])('refuses a bad %s with the field and the reason in both languages, creating nothing', async (field, change, vi, en) => {
    const before = await countAccounts();
    const response = await app.inject({ method: 'POST', url: '/admin/users', headers: as(admin), payload: { ...good, ...change } });
    expect(response.statusCode).toBe(field === 'account' && vi.startsWith('Đã có') ? 409 : 400);
    expect(response.body).toContain(`data-field="${field}"`);
    expect(response.body).toContain(`aria-describedby="${field}-error"`);
    expect(response.body).toContain(vi);
    expect(response.body).toContain(en);
    expect(response.body).not.toContain('id="new-password"');
    expect(await countAccounts()).toBe(before);
  });

  it('refuses a malformed or unknown account and disabling oneself, changing nothing', async () => {
    const malformed = await app.inject({ method: 'POST', url: '/admin/users/NOT%20AN%20ACCOUNT/disable', headers: as(admin) });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('data-field="account"');
    expect(malformed.body).toContain('An account has 3–64 characters');
    const unknown = await app.inject({ method: 'POST', url: '/admin/users/no.such.person/password', headers: as(admin) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Không có tài khoản no.such.person');
    expect(unknown.body).not.toContain('id="new-password"');
    const self = await app.inject({ method: 'POST', url: `/admin/users/${admin}/disable`, headers: as(admin) });
    expect(self.statusCode).toBe(400);
    expect(self.body).toContain('Không thể tự khóa');
    expect((await getAccount(database.db, admin)).active).toBe(true);
    expect((await app.inject({ method: 'POST', url: `/admin/users/${admin}/delete`, headers: as(admin) })).statusCode).toBe(404);
  });

  it('refuses the administrator’s form posts without the session’s CSRF token (403 CSRF_INVALID), changing nothing; with it they work', async () => {
    const { cookie } = as(admin);
    const form = (fields: Record<string, string>) => ({ cookie, 'content-type': 'application/x-www-form-urlencoded', payload: new URLSearchParams(fields).toString() });
    const post = (url: string, fields: Record<string, string>) => {
      const { payload, ...headers } = form(fields);
      return app.inject({ method: 'POST', url, headers, payload });
    };
    const before = await countAccounts();
    const victim = { ...good, account: 'csrf.victim', name: 'Nạn Nhân' };
    const forgedAdd = await post('/admin/users', victim);
    expect(forgedAdd.statusCode).toBe(403);
    expect(forgedAdd.json().code).toBe('CSRF_INVALID');
    for (const change of ['disable', 'password']) {
      const forged = await post(`/admin/users/desk_officer.q7.mc/${change}`, { _csrf: 'forged-token' });
      expect(forged.statusCode, change).toBe(403);
      expect(forged.json().code, change).toBe('CSRF_INVALID');
      expect(forged.body, change).not.toContain('new-password');
    }
    expect(await countAccounts()).toBe(before);
    expect((await getAccount(database.db, 'desk_officer.q7.mc')).active).toBe(true);

    // Every form on the page carries the token; posted as the page posts it, the change is made.
    const page = (await app.inject({ method: 'GET', url: '/admin/users?unit=Q7.MC', headers: { cookie } })).body;
    const postForms = page.match(/<form method="post"[^]*?<\/form>/g) ?? [];
    expect(postForms.length).toBeGreaterThanOrEqual(4); // add, and per account: disable, password (+ sign-out)
    for (const f of postForms) expect(f).toMatch(/<input type="hidden" name="_csrf" value="[^"]+">/);
    const token = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const added = await post('/admin/users', { ...victim, _csrf: token });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('id="new-password"');
    expect(await countAccounts()).toBe(before + 1);
    const disabled = await post('/admin/users/csrf.victim/disable', { _csrf: token });
    expect(disabled.statusCode).toBe(303);
    expect((await getAccount(database.db, 'csrf.victim')).active).toBe(false);
  });

  it('lists the accounts by unit, filtered by one unit on request', async () => {
    const all = await app.inject({ method: 'GET', url: '/admin/users', headers: as(admin) });
    expect(all.statusCode).toBe(200);
    expect(all.headers['cache-control']).toBe('no-store');
    expect(all.body).toContain('data-unit="Q7.MC"');
    expect(all.body).toContain('data-unit="P.TTD"');
    expect(all.body).toContain('data-account="ward_chair.p.ttd"');
    const one = await app.inject({ method: 'GET', url: '/admin/users?unit=P.TTD', headers: as(admin) });
    expect(one.body).toContain('data-account="ward_chair.p.ttd"');
    expect(one.body).not.toContain('data-unit="Q7.MC"');
    expect(one.body).not.toContain('data-account="desk_officer.q7.mc"');
  });

  async function signInThroughPage(page: Page, account: string, password: string) {
    await page.goto(`${baseUrl}/login`);
    await signInOnLoginPage(page, account, password);
  }
  async function signOut(page: Page) {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(`${baseUrl}/login`);
  }

  it('in a browser: adds an account whose one-time password signs in, disables it, enables it, resets its password', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations = policyViolations(page);
    // The confirmations come from /assets/confirm.js (the policy forbids inline onsubmit handlers).
    const confirmations: string[] = [];
    page.on('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void dialog.accept();
    });

    await signInThroughPage(page, admin, demoPassword);
    await page.waitForURL(`${baseUrl}/queue`);
    await page.getByRole('link', { name: 'Quản lý tài khoản' }).click();
    await page.waitForURL(`${baseUrl}/admin/users`);
    await shoot(page, 'accounts-by-unit');

    // A bad form first: the reason beside the field, nothing created.
    await page.locator('#account').fill('Nguyễn A');
    await page.locator('#name').fill('Nguyễn Văn A');
    await page.locator('#unit').selectOption('Q7.TCKH');
    await page.locator('#role').selectOption('ward_chair');
    await page.getByRole('button', { name: 'Thêm tài khoản' }).click();
    await page.locator('#admin-errors').waitFor();
    expect(await page.locator('#account-error').textContent()).toContain('Tài khoản gồm 3–64 ký tự');
    expect(await page.locator('#role-error').textContent()).toContain('được phép: specialist, head');
    await shoot(page, 'add-refused');

    await page.locator('#account').fill('nguyen.van.a');
    await page.locator('#role').selectOption('specialist');
    await page.getByRole('button', { name: 'Thêm tài khoản' }).click();
    await page.locator('#new-password').waitFor();
    const password = (await page.locator('#new-password').textContent())!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await page.locator('#account-nguyen\\.van\\.a').getAttribute('data-active')).toBe('true');
    await shoot(page, 'account-added');
    // Shown once: the list again does not carry it.
    await page.goto(`${baseUrl}/admin/users?unit=Q7.TCKH`);
    expect(await page.content()).not.toContain(password);
    await signOut(page);

    await signInThroughPage(page, 'nguyen.van.a', password);
    await page.waitForURL(`${baseUrl}/queue`);
    expect(await page.locator('.who').textContent()).toContain('Nguyễn Văn A');
    await signOut(page);

    await signInThroughPage(page, admin, demoPassword);
    await page.goto(`${baseUrl}/admin/users?unit=Q7.TCKH`);
    await page.locator('#account-nguyen\\.van\\.a button[data-change="disable"]').click();
    await page.waitForURL(/\/admin\/users\?unit=Q7\.TCKH/);
    expect(await page.locator('#account-nguyen\\.van\\.a').getAttribute('data-active')).toBe('false');
    expect(confirmations).toHaveLength(1);
    await shoot(page, 'account-disabled');
    await signOut(page);

    await signInThroughPage(page, 'nguyen.van.a', password);
    await page.waitForURL(/\/login\?error=invalid/);
    expect(await page.locator('[role="alert"]').textContent()).toContain('Sai tài khoản hoặc mật khẩu');

    await signInThroughPage(page, admin, demoPassword);
    await page.goto(`${baseUrl}/admin/users?unit=Q7.TCKH`);
    await page.locator('#account-nguyen\\.van\\.a button[data-change="enable"]').click();
    await page.waitForURL(/\/admin\/users\?unit=Q7\.TCKH/);
    expect(await page.locator('#account-nguyen\\.van\\.a').getAttribute('data-active')).toBe('true');
    await page.locator('#account-nguyen\\.van\\.a button[data-change="password"]').click();
    await page.locator('#new-password').waitFor();
    const newPassword = (await page.locator('#new-password').textContent())!;
    expect(newPassword).not.toBe(password);
    await shoot(page, 'password-reset');
    await signOut(page);

    await signInThroughPage(page, 'nguyen.van.a', password);
    await page.waitForURL(/\/login\?error=invalid/);
    await signInThroughPage(page, 'nguyen.van.a', newPassword);
    await page.waitForURL(`${baseUrl}/queue`);
    await page.goto(`${baseUrl}/admin/users`);
    expect(await page.locator('h1').textContent()).toBe('404 · PAGE_NOT_FOUND');
    expect(confirmations).toHaveLength(2); // disable and reset asked; enable did not
    expect(violations).toEqual([]);
    await context.close();
  });
});
