/**
 * The acceptance journey in headless Chromium over a real engine: the district desk receives a
 * D7-TE-01 dossier (district appraisal → the ward of the carer → the district chair's decision)
 * and prints form 01; the Labour division's specialist forwards it to the ward of Tân Thuận Đông;
 * the ward officer answers; the head of the Office approves; the desk returns the result; the case
 * shows closed with its timeliness. Screenshots: artifacts/screenshots/console-journey/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import type { PageIdentity } from '../../src/web/web-plugin.js';
import { launchBrowser, screenshotTaker } from '../support/browser.js';
import { asIdentity, consoleApp } from '../support/console-app.js';
import { createTestEngine, devServerEnvironment, type TestEngine } from '../support/engine.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';

// A desk receipt takes the server's clock (no one may backdate it, issue #9), and the dev server runs
// on the wall clock: the journey asserts what holds on any day (resolved within seconds → early).
const people: Record<string, PageIdentity> = {
  desk: { account: 'desk_officer.q7.mc', name: 'Nguyễn Thị Mai', unit: 'Q7.MC', role: 'desk_officer' },
  specialist: { account: 'specialist.q7.ldtbxh', name: 'Trần Văn Hùng', unit: 'Q7.LDTBXH', role: 'specialist' },
  ward: { account: 'ward_officer.p.ttd', name: 'Lê Thị Thu', unit: 'P.TTD', role: 'ward_officer' },
  head: { account: 'head.q7.vp', name: 'Phạm Quốc Bảo', unit: 'Q7.VP', role: 'head' },
};

describe('the console journey in a real browser', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  const shoot = screenshotTaker('console-journey');

  beforeAll(async () => {
    env = await devServerEnvironment();
    database = await createTestDatabase('pglite');
    engine = await createTestEngine(env, database.db);
    app = await consoleApp(engine, database.db, () => new Date());
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await engine?.close();
    await env?.teardown();
    await database?.close();
  });

  async function pageAs(who: keyof typeof people): Promise<Page> {
    const context = await browser.newContext({ extraHTTPHeaders: asIdentity(people[who]!), viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
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
      const desk = await pageAs('desk');
      await desk.goto(`${baseUrl}/intake`);
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

      const specialist = await pageAs('specialist');
      await specialist.goto(`${baseUrl}/queue`);
      await specialist.getByRole('link', { name: caseCode }).waitFor();
      await shoot(specialist, 'queue-specialist');
      await act(specialist, caseCode, 'transfer_to_ward', 'Đủ điều kiện, chuyển phường Tân Thuận Đông');

      const ward = await pageAs('ward');
      await ward.goto(`${baseUrl}/queue`);
      await ward.getByRole('link', { name: caseCode }).waitFor();
      await act(ward, caseCode, 'decide_placement', 'Đồng ý giao trẻ');
      await shoot(ward, 'case-ward-answered');

      const head = await pageAs('head');
      await act(head, caseCode, 'approve', 'Phê duyệt');

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
    });
  });
});
