/**
 * The console's pages in a province that loaded its own units (`motcua units load`): the signed-in
 * desk of a commune sees its commune's names, not codes or District 7's — on home, intake (the ward
 * list), the queue, the case page (states, timeline, time by unit) and the printed forms 01 and 05,
 * whose header carries the commune's committee and place; the app is named after the province.
 * The real app (buildTestApp: production HTTP stack, accounts, sign-in through the login route) on a
 * Temporal dev server and PostgreSQL; the directory is read from the table as `motcua start` does.
 * Last, headless Chromium signs in through the login page and reads the rendered pages.
 * Screenshots: artifacts/screenshots/loaded-units/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import { demoPassword } from '../../src/auth/demo-accounts.js';
import { caseUnitsOf } from '../../src/store/submission-store.js';
import { buildTestApp, signIn } from '../support/api-app.js';
import { launchBrowser, policyViolations, screenshotTaker, signInOnLoginPage } from '../support/browser.js';
import type { TestEngine } from '../support/engine.js';
import { startProvinceEngine } from '../support/province-engine.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';

const commune = { desk: 'Bộ phận một cửa xã Cần Giờ', committee: 'UBND xã Cần Giờ', ward: 'xã Cần Giờ', department: 'Sở Y tế Thành phố Hồ Chí Minh' };
/** District 7's names, none of which a page of the province's commune may show. */
const district7 = /Quận 7|QUẬN 7|quận 7|Q7\.|District 7/;

describe('pages of a loaded commune', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  let app: FastifyInstance;
  let desk: Awaited<ReturnType<typeof signIn>>;
  let communeOfficer: Awaited<ReturnType<typeof signIn>>;
  let caseCode: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const province = await startProvinceEngine(database);
    ({ env, engine } = province);
    const { units, catalogue } = province;
    app = await buildTestApp(env, engine, database.db, { units, catalogue });
    desk = await signIn(app, 'desk_officer.hcm.x.cg.mc');
    communeOfficer = await signIn(app, 'ward_officer.hcm.x.cg');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await engine?.close();
    await env?.teardown();
    await database?.close();
  });

  const get = async (url: string, headers: { cookie: string }) => {
    const response = await app.inject({ method: 'GET', url, headers });
    expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
    return response.body;
  };

  it('home names the desk, the commune and the province, and links the desk’s public page', async () => {
    const home = await get('/', desk);
    expect(home).toContain(commune.desk);
    expect(home).toContain('<title>Một cửa xã Cần Giờ · Một cửa Thành phố Hồ Chí Minh</title>');
    expect(home).toContain('<h1>Một cửa xã Cần Giờ</h1>');
    expect(home).toContain('href="/public/units/HCM.X.CG.MC"');
    expect(home).not.toMatch(district7);
    // Nobody signed in: the province's name and its first desk's public page.
    const anonymous = await app.inject({ method: 'GET', url: '/' });
    expect(anonymous.body).toContain('<h1>Một cửa Thành phố Hồ Chí Minh</h1>');
    expect(anonymous.body).toContain('href="/public/units/HCM.X.CG.MC"');
    expect(anonymous.body).not.toMatch(district7);
    const english = await get('/?lang=en', desk);
    expect(english).toContain('<title>Can Gio Commune one-stop · Ho Chi Minh City one-stop</title>');
    expect(english).not.toMatch(district7);
  });

  it('home names the desk, and intake offers the commune’s procedure with the commune chosen as the ward', async () => {
    expect(await get('/', desk)).toContain(commune.desk);
    const intake = await get('/intake', desk);
    expect(intake).toContain('HCM-BTXH-02');
    expect(intake).toMatch(/<option value="CG"[^>]*selected[^>]*>xã Cần Giờ<\/option>/);
    // The ward list is the directory's: District 7's wards too (the seed), by their committees' names.
    expect(intake).toContain('phường Tân Thuận Đông');
  });

  it('receives a dossier through the intake form and prints form 01 in the commune’s name', async () => {
    await engine.withWorker(async () => {
      const form = await get('/intake', desk);
      const key = /name="idempotencyKey" value="([^"]+)"/.exec(form)![1]!;
      const posted = await app.inject({
        method: 'POST',
        url: '/intake',
        headers: desk,
        payload: {
          procedureCode: 'HCM-BTXH-02',
          channel: 'desk',
          name: 'Lê Văn Cần',
          citizenId: '079123456780',
          phone: '0901234560',
          address: '1 Lương Văn Nho',
          documents: 'Tờ khai thay đổi thông tin',
          copies: '1',
          idempotencyKey: key,
        },
      });
      expect(posted.statusCode, posted.body.slice(0, 500)).toBe(303);
      const location = String(posted.headers.location);
      caseCode = decodeURIComponent(/^\/forms\/([^/]+)\/01$/.exec(location)![1]!);
      expect(caseCode).toMatch(/^HCM\.X\.CG\.MC-\d{6}-0001$/);
      const form01 = await get(location, desk);
      expect(form01).toContain(`${commune.desk} tiếp nhận hồ sơ của`);
      expect(form01).toContain('<strong>UBND XÃ CẦN GIỜ</strong><strong>Bộ phận một cửa xã Cần Giờ</strong>');
      expect(form01).toMatch(/<em>Xã Cần Giờ, ngày \d+ tháng \d+ năm \d{4}<\/em>/);
      expect(form01).not.toMatch(district7);
      // The case carries the commune's units from its submission.
      expect(await caseUnitsOf(database.db, caseCode)).toMatchObject({ 'ward:desk': { code: 'HCM.X.CG.MC' }, 'ward:committee': { code: 'HCM.X.CG' } });
    });
  });

  it('lists the case in the desk’s queue with the commune’s name as its ward, also as a filter', async () => {
    const queue = await get('/queue', desk);
    expect(queue).toContain(caseCode);
    expect(queue).toContain(`<td>${commune.ward}</td>`);
    expect(queue).toMatch(/<option value="CG"[^>]*>xã Cần Giờ \(1\)<\/option>/);
    expect(await get('/queue?ward=CG', desk)).toContain(caseCode);
  });

  it('shows the commune’s committee and the department on the case page and the process-control slip (form 05)', async () => {
    await engine.withWorker(async () => {
      const act = async (action: string, who: { cookie: string }) => {
        const response = await app.inject({ method: 'POST', url: `/cases/${caseCode}/actions`, headers: who, payload: { action, idempotencyKey: `pages-${action}-0001` } });
        expect(response.statusCode, response.body.slice(0, 500)).toBe(303);
      };
      await act('accept', desk);
      const atCommune = await get(`/cases/${caseCode}`, communeOfficer);
      expect(atCommune).toContain(commune.committee); // the state's unit
      expect(atCommune).toContain(commune.desk); // the timeline's and time-by-unit's units
      expect(atCommune).not.toContain('ward:committee');
      await act('transfer_to_district', communeOfficer);
      const slip = await get(`/forms/${caseCode}/05`, desk);
      expect(slip).toContain(`Nhận: ${commune.committee}`);
      expect(slip).toContain(`Giao: ${commune.committee}<br>Nhận: ${commune.department}`);
      expect(slip).not.toMatch(/ward:(desk|committee)/);
      expect(slip).toContain('<strong>UBND XÃ CẦN GIỜ</strong>');
      expect(slip).not.toMatch(district7);
    });
  });

  it('shows no District 7 name to the commune’s desk in a real browser: home, both languages, forms 01 and 05', { timeout: 120_000 }, async () => {
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    const page: Page = await browser.newPage();
    const violations = policyViolations(page);
    const shoot = screenshotTaker('loaded-units');
    const renderedText = () => page.locator('body').innerText();

    await page.goto(`${baseUrl}/`);
    expect(await page.title()).toBe('Một cửa Thành phố Hồ Chí Minh · Một cửa Thành phố Hồ Chí Minh');
    expect(await renderedText()).not.toMatch(district7);
    await shoot(page, 'home-signed-out');

    await page.goto(`${baseUrl}/login`);
    await signInOnLoginPage(page, 'desk_officer.hcm.x.cg.mc', demoPassword);
    await page.waitForURL(`${baseUrl}/queue`);
    await page.goto(`${baseUrl}/`);
    expect(await page.title()).toBe('Một cửa xã Cần Giờ · Một cửa Thành phố Hồ Chí Minh');
    expect(await page.locator('.brand').innerText()).toBe('Một cửa Thành phố Hồ Chí Minh');
    expect(await page.locator('h1').innerText()).toBe('Một cửa xã Cần Giờ');
    expect(await page.getByRole('link', { name: 'Công khai kết quả giải quyết' }).getAttribute('href')).toBe('/public/units/HCM.X.CG.MC');
    expect(await renderedText()).not.toMatch(district7);
    await shoot(page, 'home-commune-desk');

    await page.goto(`${baseUrl}/?lang=en`);
    expect(await page.title()).toBe('Can Gio Commune one-stop · Ho Chi Minh City one-stop');
    expect(await renderedText()).not.toMatch(district7);
    await shoot(page, 'home-commune-desk-en');

    for (const form of ['01', '05']) {
      await page.goto(`${baseUrl}/forms/${encodeURIComponent(caseCode)}/${form}`);
      const text = await renderedText();
      expect(await page.locator('.agency').innerText(), form).toBe('UBND XÃ CẦN GIỜ\nBỘ PHẬN MỘT CỬA XÃ CẦN GIỜ'); // print.css sets the header in capitals
      expect(text, form).toMatch(/Xã Cần Giờ, ngày \d+ tháng \d+ năm \d{4}/);
      expect(text, form).not.toMatch(district7);
      await shoot(page, `form-${form}`);
    }
    expect(violations).toEqual([]);
  });
});
