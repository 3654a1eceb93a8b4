/**
 * The metrics pages in headless Chromium over a real engine: a year of synthetic cases (2034,
 * fixed seed) beside one D7-HKD-01 dossier driven through the real workflow on the time-skipping
 * server (fixed start, 8 Jan 2035). The manager signs in through the login form, reads the
 * dashboard, drills district → unit → procedure → the case page, opens the audit; a citizen
 * opens the public unit page, looks the dossier up, and rates it at the kiosk.
 * Screenshots: artifacts/screenshots/metrics/.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import { buildApp } from '../../src/api/app.js';
import { seedDemoAccounts } from '../../src/auth/demo-accounts.js';
import type { Identity } from '../../src/cases/actor.js';
import { defaultCalendarData } from '../../src/calendar/index.js';
import { metricProceduresOf } from '../../src/metrics/metric-procedures.js';
import { rebuildMetrics, type MetricsContext } from '../../src/metrics/metrics-store.js';
import { ratingToken } from '../../src/metrics/satisfaction.js';
import { seedSynthetic } from '../../src/metrics/synthetic.js';
import { pingDatabase } from '../../src/store/case-store.js';
import { contentWiderThanPage, launchBrowser, policyViolations, screenshotTaker, signInOnLoginPage } from '../support/browser.js';
import { createTestEngine, testCatalogue, timeSkippingEnvironment, type TestEngine } from '../support/engine.js';
import { defaultStartDay } from '../support/fixed-instants.js';
import { consoleProcedures } from '../../src/web/console-deps.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';

const secret = 'a-rating-secret-for-the-journey';
const staff: Record<string, Identity> = {
  desk: { account: 'desk_officer.q7.mc', name: 'Desk', unit: 'Q7.MC', role: 'desk_officer' },
  specialist: { account: 'specialist.q7.tckh', name: 'Specialist', unit: 'Q7.TCKH', role: 'specialist' },
  head: { account: 'head.q7.tckh', name: 'Head', unit: 'Q7.TCKH', role: 'head' },
};

describe('the metrics pages in a real browser', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  const shoot = screenshotTaker('metrics');

  beforeAll(async () => {
    env = await timeSkippingEnvironment();
    database = await createTestDatabase('pglite');
    engine = await createTestEngine(env, database.db);
    const catalogue = await testCatalogue();
    const procedures = metricProceduresOf(catalogue.procedures);
    const context: MetricsContext = { procedures, calendar: defaultCalendarData };
    await seedSynthetic(database.db, 400, {
      procedures: catalogue.procedures.map((p) => p.compiled),
      calendar: defaultCalendarData,
      from: new Date('2034-01-01T00:00:00+07:00'),
      to: new Date('2034-12-31T00:00:00+07:00'),
      seed: 12,
      metrics: context,
    });
    await seedDemoAccounts(database.db);
    const now = () => new Date(defaultStartDay.at);
    app = await buildApp({
      cases: engine.cases,
      health: { database: () => pingDatabase(database.db), temporal: async () => {} },
      auth: { db: database.db, sessionKey: randomBytes(32), sessionHours: 12 },
      console: {
        cases: engine.cases,
        db: database.db,
        procedures: consoleProcedures(catalogue),
        calendar: () => defaultCalendarData,
        now,
      },
      metrics: { db: database.db, ratingSecret: secret, now },
      metricsPages: { db: database.db, procedures, ratingSecret: secret, now },
    });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await engine?.close();
    await env?.teardown();
    await database?.close();
  });

  /** What the production content security policy refused on each page opened (nothing, if the pages keep to it). */
  const violations: string[][] = [];
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    violations.push(policyViolations(page));
    return page;
  }

  it('dashboard → unit → procedure → case, the audit, the public page, the look-up and the kiosk', { timeout: 300_000 }, async () => {
    // One dossier through the real engine, received and returned on 8 Jan 2035 (early).
    const caseCode = await engine.withWorker(async () => {
      // Received at the time-skipping server's clock (the test engine's submit reads it), not today's.
      const desk = staff.desk!;
      const submitted = await engine.cases.submit({
        procedureCode: 'D7-HKD-01',
        applicant: { name: 'Lê Văn C' },
        channel: 'desk',
        receivedBy: { kind: 'staff', account: desk.account, unit: desk.unit, role: desk.role },
      });
      expect(submitted.caseCode).toBe('Q7.MC-350108-0001');
      const steps: Array<[keyof typeof staff, string]> = [['desk', 'accept'], ['specialist', 'submit_for_signature'], ['head', 'approve'], ['desk', 'return_at_desk']];
      for (const [i, [who, action]] of steps.entries()) await engine.cases.actAs(staff[who]!, submitted.caseCode, { action }, `journey-${i}`);
      return submitted.caseCode;
    });
    // The projections from the events alone (`motcua metrics rebuild`): the test engine's worker keeps only events.
    const catalogue = await testCatalogue();
    await rebuildMetrics(database.db, { procedures: metricProceduresOf(catalogue.procedures), calendar: defaultCalendarData });

    await engine.withWorker(async () => {
      const manager = await newPage();
      await manager.goto(`${baseUrl}/dashboard?period=2034`);
      await manager.waitForURL(/\/login\?next=/);
      await signInOnLoginPage(manager, 'manager.q7.vp', 'motcua-demo');
      await manager.waitForURL(`${baseUrl}/dashboard?period=2034`);
      await expect(manager.locator('h1').textContent()).resolves.toContain('Kế hoạch 1081/KH-UBND');
      expect(await manager.locator('#targets tbody tr').count()).toBe(8);
      const verdicts = await manager.locator('#targets .verdict').allTextContents();
      expect(verdicts.every((v) => /Đạt|Không đạt|Chưa có số liệu/.test(v))).toBe(true);
      expect(await manager.locator('#trend svg path').count()).toBeGreaterThan(3);
      expect(await manager.locator('#table-units tbody tr').count()).toBeGreaterThan(3);
      // Every table and the chart fit a 1280-pixel screen: nothing hidden behind a sideways scroll.
      expect(await contentWiderThanPage(manager)).toEqual([]);
      await shoot(manager, 'dashboard-2034');

      // Drill down in January 2035: the district desk → D7-HKD-01 → the dossier's page.
      await manager.locator('#year').fill('2035');
      await manager.getByRole('button', { name: 'Xem' }).click();
      await manager.waitForURL(/year=2035/);
      await manager.locator('#period').selectOption('2035-01');
      await manager.getByRole('button', { name: 'Xem' }).click();
      await manager.waitForURL(/period=2035-01/);
      await manager.locator('#table-units').getByRole('link', { name: 'Q7.MC', exact: true }).click();
      await manager.waitForURL(/unit=Q7\.MC/);
      await shoot(manager, 'dashboard-unit');
      await manager.locator('#table-procedures').getByRole('link', { name: 'D7-HKD-01' }).click();
      await manager.waitForURL(/procedure=D7-HKD-01/);
      await shoot(manager, 'dashboard-procedure');
      await manager.locator('#table-cases').getByRole('link', { name: caseCode }).click();
      await manager.waitForURL(`${baseUrl}/cases/${encodeURIComponent(caseCode)}`);
      expect(await manager.locator('[data-status="closed"]').textContent()).toBe('Đã kết thúc');
      await shoot(manager, 'case-from-dashboard');

      // The audit of 2034: most late first, each row opens its case page.
      await manager.goto(`${baseUrl}/audit?period=2034`);
      const auditRows = manager.locator('#audit > tbody > tr[data-case]');
      expect(await auditRows.count()).toBeGreaterThan(0);
      expect(await contentWiderThanPage(manager)).toEqual([]);
      await shoot(manager, 'audit-2034');
      const csv = await manager.request.get(`${baseUrl}/audit.csv?period=2034`);
      expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
      await manager.goto(`${baseUrl}/dashboard?period=2034&lang=en`);
      expect(await manager.locator('#targets th').first().textContent()).toBe('Target');
      await shoot(manager, 'dashboard-2034-en');

      // A citizen, not signed in.
      const citizen = await newPage();
      await citizen.goto(`${baseUrl}/public/units/Q7.MC?year=2034`);
      await expect(citizen.locator('h1').textContent()).resolves.toContain('Bộ phận một cửa quận 7');
      expect(await citizen.locator('#table-months tbody tr').count()).toBe(12);
      await shoot(citizen, 'public-unit');
      await citizen.goto(`${baseUrl}/tra-cuu`);
      await citizen.getByLabel('Mã hồ sơ').fill(caseCode);
      await citizen.getByRole('button', { name: 'Tra cứu' }).click();
      await expect(citizen.locator('#lookup-status').textContent()).resolves.toBe('Đã kết thúc');
      await expect(citizen.locator('#lookup-appointment').textContent()).resolves.toMatch(/^\d{2}\/\d{2}\/2035$/);
      expect(await citizen.locator('body').textContent()).not.toContain('Lê Văn C');
      await shoot(citizen, 'lookup');

      await citizen.goto(`${baseUrl}/danh-gia/${encodeURIComponent(caseCode)}?ma=${ratingToken(secret, caseCode)}`);
      for (const name of ['time', 'agencies', 'visits', 'publicity', 'attitude', 'legalityAndCost']) {
        await citizen.locator(`input[name="${name}"][value="satisfied"]`).check();
      }
      await shoot(citizen, 'kiosk-filled');
      await citizen.getByRole('button', { name: 'Gửi đánh giá' }).click();
      await expect(citizen.locator('#rating-thanks').textContent()).resolves.toContain('hài lòng');
      await shoot(citizen, 'kiosk-thanks');
      await citizen.goto(`${baseUrl}/danh-gia/${encodeURIComponent(caseCode)}?ma=${ratingToken(secret, caseCode)}`);
      for (const name of ['time', 'agencies', 'visits', 'publicity', 'attitude', 'legalityAndCost']) {
        await citizen.locator(`input[name="${name}"][value="acceptable"]`).check();
      }
      await citizen.getByRole('button', { name: 'Gửi đánh giá' }).click();
      await expect(citizen.locator('#rating-error').textContent()).resolves.toContain('đã được đánh giá');
      await shoot(citizen, 'kiosk-already-rated');

      // The rating shows on the dashboard of January 2035.
      await manager.goto(`${baseUrl}/dashboard?period=2035-01&lang=vi`);
      await expect(manager.locator('[data-target="satisfaction"] td.num strong').textContent()).resolves.toBe('100,0%');
      expect(violations.flat()).toEqual([]);
    });
  });
});
