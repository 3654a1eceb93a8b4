/**
 * The documents checklist in headless Chromium: at a ward desk, choosing a procedure whose definition
 * lists its dossier components swaps the checklist in (htmx); receiving with one required component
 * unticked is refused with the missing name; ticking it receives the dossier and form 01 lists it.
 * Screenshots: artifacts/screenshots/intake/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { demoPassword } from '../../src/auth/demo-accounts.js';
import { policyViolations, screenshotTaker, signInOnLoginPage } from '../support/browser.js';
import type { TestEngine } from '../support/engine.js';
import type { TestDatabase } from '../support/services.js';
import { startConsoleInBrowser, type ConsoleInBrowser } from '../support/console-in-browser.js';

describe('the intake documents checklist in a real browser', () => {
  let stack: ConsoleInBrowser | undefined;
  let database: TestDatabase;
  let engine: TestEngine;
  let browser: Browser;
  let baseUrl: string;
  const shoot = screenshotTaker('intake');

  beforeAll(async () => {
    stack = await startConsoleInBrowser();
    ({ database, engine, browser, baseUrl } = stack);
  }, 300_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('swaps the checklist in on choosing the procedure, refuses a missing required paper, receives when ticked', { timeout: 180_000 }, async () => {
    await engine.withWorker(async () => {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      const violations = policyViolations(page);
      await page.goto(`${baseUrl}/login?next=%2Fintake`);
      await signInOnLoginPage(page, 'desk_officer.p.ttd.mc', demoPassword);
      await page.waitForURL(`${baseUrl}/intake`);
      expect(await page.locator('input[name="documents"][type="checkbox"]').count()).toBe(0);

      // A forged post from this browser (its session cookie, no token): refused, no dossier received.
      const countCases = async () => Number((await database.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
      const forged = await page.request.post(`${baseUrl}/intake`, {
        form: { procedureCode: 'D7-HT-08', channel: 'desk', name: 'Giả Mạo', citizenId: '079177009999', phone: '0912000000', address: '1 Nguyễn Lương Bằng', copies: '1', idempotencyKey: 'forged-intake' },
        maxRedirects: 0,
      });
      expect(forged.status()).toBe(403);
      expect(await forged.text()).toContain('CSRF_INVALID');
      expect(await countCases()).toBe(0);

      await page.locator('#procedureCode').selectOption('D7-HT-08');
      await page.getByLabel('Tờ khai đăng ký khai tử theo mẫu quy định').waitFor();
      expect(await page.locator('input[name="documents"][type="checkbox"]').count()).toBe(2);
      await page.getByLabel('Tờ khai đăng ký khai tử theo mẫu quy định').check();
      await page.getByLabel('Họ và tên người nộp').fill('Phan Văn Khải');
      await page.getByLabel('Số định danh cá nhân (CCCD, 12 số)').fill('079177004321');
      await page.getByLabel('Số điện thoại').fill('0912345678');
      await page.getByLabel('Địa chỉ').fill('8 Lâm Văn Bền');
      await shoot(page, 'intake-checklist');
      await page.getByRole('button', { name: 'Tiếp nhận và in giấy hẹn' }).click();
      await page.locator('#intake-errors').waitFor();
      expect(await page.locator('#intake-errors').textContent()).toContain('thiếu: Giấy báo tử hoặc giấy tờ khác thay giấy báo tử');
      expect(await page.getByLabel('Tờ khai đăng ký khai tử theo mẫu quy định').isChecked()).toBe(true);
      await shoot(page, 'intake-checklist-incomplete');

      await page.getByLabel('Giấy báo tử hoặc giấy tờ khác thay giấy báo tử').check();
      await page.getByRole('button', { name: 'Tiếp nhận và in giấy hẹn' }).click();
      await page.waitForURL(/\/forms\/P\.TTD\.MC-\d{6}-\d{4}\/01$/);
      const content = await page.content();
      expect(content).toContain('Tờ khai đăng ký khai tử theo mẫu quy định');
      expect(content).toContain('Giấy báo tử hoặc giấy tờ khác thay giấy báo tử');
      await shoot(page, 'intake-checklist-receipt');
      // The page's own form carried the token: the dossier was received, under the production policy.
      expect(await countCases()).toBe(1);
      expect(violations).toEqual([]);
    });
  });
});
