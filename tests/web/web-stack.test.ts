import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { webPlugin } from '../../src/web/web-plugin.js';
import { homePages } from '../../src/web/pages/home-page.js';
import { builtInUnitDirectory } from '../../src/procedures/unit-directory.js';
import { launchBrowser, screenshotTaker } from '../support/browser.js';

async function pagesApp(): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(webPlugin);
  await app.register(homePages, { units: builtInUnitDirectory });
  return app;
}

describe('the web stack: templates, assets, language', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await pagesApp();
  });
  afterAll(async () => app?.close());

  it('renders Vietnamese first, with a link to the same page in English', async () => {
    const response = await app.inject({ method: 'GET', url: '/login?next=/queue' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('<html lang="vi">');
    expect(response.body).toContain('<label for="account">Tài khoản</label>');
    expect(response.body).toContain('href="/login?next=%2Fqueue&amp;lang=en"');
  });

  it('switches to English with ?lang=en and remembers it in a cookie', async () => {
    const switched = await app.inject({ method: 'GET', url: '/login?lang=en' });
    expect(switched.body).toContain('<html lang="en">');
    expect(switched.body).toContain('Password');
    const cookie = switched.cookies.find((c) => c.name === 'motcua_lang');
    expect(cookie?.value).toBe('en');
    const later = await app.inject({ method: 'GET', url: '/login', cookies: { motcua_lang: 'en' } });
    expect(later.body).toContain('<html lang="en">');
    const unknown = await app.inject({ method: 'GET', url: '/login?lang=fr', cookies: { motcua_lang: 'xx' } });
    expect(unknown.body).toContain('<html lang="vi">');
  });

  it('escapes what it prints and follows only local paths after login', async () => {
    const response = await app.inject({ method: 'GET', url: '/login?next=https://evil.example/x' });
    expect(response.body).toContain('action="/api/auth/login?next=%2Fqueue"');
    const injected = await app.inject({ method: 'GET', url: '/login?next=/"><script>alert(1)</script>' });
    expect(injected.body).not.toContain('<script>alert(1)</script>');
  });

  it('serves app.css, print.css and htmx from /assets/, and nothing else from node_modules', async () => {
    expect((await app.inject({ method: 'GET', url: '/assets/app.css' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/assets/print.css' })).body).toContain('A5');
    const htmx = await app.inject({ method: 'GET', url: '/assets/htmx/htmx.min.js' });
    expect(htmx.statusCode).toBe(200);
    expect(htmx.body).toContain('htmx');
    expect((await app.inject({ method: 'GET', url: '/assets/htmx/htmx.js' })).statusCode).toBe(404);
  });
});

describe('the login page in a real browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  const shoot = screenshotTaker('web-stack');
  beforeAll(async () => {
    app = await pagesApp();
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('is usable with the keyboard: focus starts on the account, Tab walks the fields in order, labels attached', async () => {
    const page = await browser.newPage();
    const started = Date.now();
    await page.goto(`${baseUrl}/login`);
    expect(Date.now() - started).toBeLessThan(5_000); // a sanity bound, not the speed target
    // The account field has the focus on arrival; Tab walks password, then the button.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('account');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BUTTON');
    expect(await page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx)).toBe('object');
    await shoot(page, 'login-vi');
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByLabel('Password').waitFor();
    await shoot(page, 'login-en');
  });
});
