/**
 * The acceptance journey in headless Chromium over a real engine: the district desk receives a
 * D7-TE-01 dossier (district appraisal → the ward of the carer → the district chair's decision)
 * and prints form 01; the Labour division's specialist forwards it to the ward of Tân Thuận Đông;
 * the ward officer answers; the head of the Office approves; the desk returns the result; the case
 * shows closed with its timeliness. Each of them signs in through the login page as a demo account
 * of the real app (buildApp with the auth plugin) and signs out before the next.
 * Screenshots: artifacts/screenshots/console/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { demoPassword } from '../../src/auth/demo-accounts.js';
import { policyViolations, screenshotTaker, signInOnLoginPage } from '../support/browser.js';
import type { TestEngine } from '../support/engine.js';
import { startConsoleInBrowser, type ConsoleInBrowser } from '../support/console-in-browser.js';

// A desk receipt takes the server's clock (no one may backdate it, issue #9), and the dev server runs
// on the wall clock: the journey asserts what holds on any day (resolved within seconds → early).
// The demo accounts the embedded default seeds (src/auth/demo-accounts.ts).
const people = {
  desk: 'desk_officer.q7.mc',
  specialist: 'specialist.q7.ldtbxh',
  ward: 'ward_officer.p.ttd',
  head: 'head.q7.vp',
} as const;

describe('the console journey in a real browser', () => {
  let stack: ConsoleInBrowser | undefined;
  let engine: TestEngine;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  /** What the production content security policy refused on the page (nothing, if the pages keep to it). */
  let violations: string[];
  let baseUrl: string;
  const shoot = screenshotTaker('console');

  beforeAll(async () => {
    stack = await startConsoleInBrowser();
    ({ engine, app, browser, baseUrl } = stack);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    violations = policyViolations(page);
    page.on('dialog', (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Signs out whoever is signed in (the header's button), then in through the login page; lands on the queue. */
  async function signInAs(who: keyof typeof people): Promise<Page> {
    const signOut = page.getByRole('button', { name: 'Đăng xuất' });
    if (await signOut.count()) {
      await signOut.click();
      await page.waitForURL(`${baseUrl}/login`);
    } else {
      await page.goto(`${baseUrl}/login`);
    }
    await signInOnLoginPage(page, people[who], demoPassword);
    await page.waitForURL(`${baseUrl}/queue`);
    // The header names the account's unit: `<role>.<unit>` in lower case.
    expect(await page.locator('.who').textContent()).toContain(people[who].split('.').slice(1).join('.').toUpperCase());
    return page;
  }

  async function act(page: Page, caseCode: string, action: string, note: string) {
    await page.goto(`${baseUrl}/cases/${caseCode}`);
    const form = page.locator('form').filter({ has: page.locator(`button[data-action="${action}"]`) });
    await form.locator('textarea').fill(note);
    await form.locator(`button[data-action="${action}"]`).click();
    await page.waitForURL(`${baseUrl}/cases/${caseCode}`);
    await page.locator('#timeline').getByText(note).waitFor();
  }

  it('receives, forwards to the ward, answers, approves, returns: closed, with form 01 printed', { timeout: 300_000 }, async () => {
    await engine.withWorker(async () => {
      let desk = await signInAs('desk');
      const intake = await desk.goto(`${baseUrl}/intake`);
      // Under the production policy (helmet): scripts only from this origin, no inline handlers.
      expect(intake!.headers()['content-security-policy']).toContain("script-src 'self'");
      await desk.getByLabel('Tìm thủ tục theo tên hoặc mã').fill('cham soc thay the');
      await desk.locator('#procedureCode option[value="D7-TE-01"]').waitFor({ state: 'attached' });
      await desk.locator('#procedureCode').selectOption('D7-TE-01');
      await desk.getByLabel('Họ và tên người nộp').fill('Võ Thị Hạnh');
      await desk.getByLabel('Số định danh cá nhân (CCCD, 12 số)').fill('079188001234');
      await desk.getByLabel('Số điện thoại').fill('0908123456');
      await desk.getByLabel('Địa chỉ').fill('45 Huỳnh Tấn Phát');
      await desk.locator('#ward').selectOption('TTD');
      await desk.getByLabel('Thành phần hồ sơ đã nhận').fill('Văn bản đề nghị của cơ sở trợ giúp xã hội\nĐơn đăng ký nhận chăm sóc thay thế');
      await shoot(desk, 'intake-filled');
      await desk.getByRole('button', { name: 'Tiếp nhận và in giấy hẹn' }).click();
      await desk.waitForURL(/\/forms\/.+\/01$/);
      const caseCode = decodeURIComponent(desk.url().split('/forms/')[1]!.split('/')[0]!);
      expect(caseCode).toMatch(/^Q7\.MC-\d{6}-\d{4}$/); // the receiving desk, the receipt day, its sequence
      await expect(desk.locator('#dossier-code').textContent()).resolves.toBe(caseCode);
      await expect(desk.locator('h1').textContent()).resolves.toBe('Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
      expect(await desk.locator('svg').count()).toBeGreaterThan(0);
      // District 7, the seed's organisation, above its desk (print.css sets the header in capitals), and its place.
      expect(await desk.locator('.agency').innerText()).toBe('UBND QUẬN 7\nBỘ PHẬN MỘT CỬA QUẬN 7');
      expect(await desk.locator('body').innerText()).toMatch(/Quận 7, ngày \d\d tháng \d\d năm \d{4}/);
      await shoot(desk, 'form-01-receipt');
      await desk.emulateMedia({ media: 'print' });
      const pdf = await desk.pdf({ format: 'A5' });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
      await desk.emulateMedia({ media: 'screen' });

      await desk.goto(`${baseUrl}/queue`);
      await desk.getByRole('link', { name: caseCode }).waitFor();
      await shoot(desk, 'queue-desk');
      await act(desk, caseCode, 'accept', 'Hồ sơ đầy đủ');
      await shoot(desk, 'case-accepted');

      const specialist = await signInAs('specialist');
      await specialist.goto(`${baseUrl}/queue`);
      await specialist.getByRole('link', { name: caseCode }).waitFor();
      await shoot(specialist, 'queue-specialist');
      await act(specialist, caseCode, 'transfer_to_ward', 'Đủ điều kiện, chuyển phường Tân Thuận Đông');

      const ward = await signInAs('ward');
      await ward.goto(`${baseUrl}/queue`);
      await ward.getByRole('link', { name: caseCode }).waitFor();
      await act(ward, caseCode, 'decide_placement', 'Đồng ý giao trẻ');
      await shoot(ward, 'case-ward-answered');

      const head = await signInAs('head');
      await act(head, caseCode, 'approve', 'Phê duyệt');
      await shoot(head, 'case-approved');

      desk = await signInAs('desk');
      await act(desk, caseCode, 'return_at_desk', 'Đã trả kết quả');
      await desk.locator('[data-status="closed"]').waitFor();
      expect(await desk.locator('[data-status="closed"]').textContent()).toBe('Đã kết thúc');
      // 30 working days from receipt: resolved within minutes of it, before the deadline's day.
      expect(await desk.locator('#timeliness').textContent()).toBe('Trước hạn');
      expect(await desk.locator('#timeline tbody tr').count()).toBeGreaterThanOrEqual(7);
      await shoot(desk, 'case-closed');
      await desk.goto(`${baseUrl}/forms/${caseCode}/05`);
      expect(await desk.locator('#control-table tbody tr').count()).toBeGreaterThanOrEqual(4);
      await shoot(desk, 'form-05-control');
      await desk.goto(`${baseUrl}/cases/${caseCode}?lang=en`);
      expect(await desk.locator('[data-status="closed"]').textContent()).toBe('Closed');
      await shoot(desk, 'case-closed-en');

      // Signed out, the pages send the browser to the login page again.
      await desk.goto(`${baseUrl}/queue?lang=vi`);
      await desk.getByRole('button', { name: 'Đăng xuất' }).click();
      await desk.waitForURL(`${baseUrl}/login`);
      await desk.goto(`${baseUrl}/cases/${caseCode}`);
      await desk.waitForURL(/\/login\?next=/);
      await shoot(desk, 'signed-out');
      expect(violations).toEqual([]);
    });
  });
});
