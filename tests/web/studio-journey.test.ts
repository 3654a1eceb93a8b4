/**
 * The designer's journey in headless Chromium: signs in through the real /login form as
 * designer.q7.vp, finds the construction permit (D7-XD-01), sees its diagram with the open and
 * overdue cases, runs a simulation (progress bar, then the prediction the studio computes for that
 * seed), edits a draft (a validation error as it is typed, a suggestion from the schema, fixed),
 * compares it with the current version, and publishes it with a reason. Fixed instant and seeds.
 * Screenshots: artifacts/screenshots/studio/.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { demoPassword } from '../../src/auth/demo-accounts.js';
import type { StudioService } from '../../src/studio/studio-service.js';
import { formatPercent } from '../../src/web/view-models/studio-model.js';
import { contentWiderThanPage, launchBrowser, policyViolations, screenshotTaker, signInOnLoginPage } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';
import { storeHistory, type StoredHistory } from '../support/stored-history.js';
import { studioApp } from '../support/studio-app.js';
import { permitDraws, seededRandom } from '../support/synthetic-history.js';

const now = new Date('2026-09-01T09:00:00+07:00');
const streamlinedYaml = readFileSync('tests/studio/fixtures/streamlined/D7-XD-01.yaml', 'utf8');

describe('the designer’s journey in a real browser', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let studio: StudioService;
  let history: StoredHistory;
  let browser: Browser;
  let baseUrl: string;
  const shoot = screenshotTaker('studio');

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    const built = await studioApp(database.db, () => now);
    app = built.app;
    studio = built.studio;
    history = await storeHistory(database.db, built.catalogue.get('D7-XD-01')!.compiled, {
      count: 80,
      from: '2026-03-02',
      random: seededRandom(31),
      draws: permitDraws(seededRandom(32)),
      openEvery: 6,
      openAt: now.toISOString(),
    });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  it('views the diagram, simulates, edits a draft, compares and publishes it', { timeout: 300_000 }, async () => {
    const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    const violations = policyViolations(page);

    // Sign in through the real form; the studio is where it comes back to.
    await page.goto(`${baseUrl}/studio`);
    await page.waitForURL(/\/login\?next=%2Fstudio$/);
    await signInOnLoginPage(page, 'designer.q7.vp', demoPassword);
    await page.waitForURL(`${baseUrl}/studio`);
    await page.getByRole('link', { name: 'Thiết kế quy trình' }).waitFor();
    await shoot(page, 'procedures');

    // Search without diacritics (htmx swaps the results), open the permit.
    const search = page.getByLabel('Tìm theo mã, tên hoặc lĩnh vực');
    await search.fill('giay phep xay dung');
    await search.press('End'); // the keyup htmx listens for
    await page.locator('#procedures tbody tr', { hasNotText: 'xây dựng' }).first().waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'D7-XD-01' }).click();
    await page.waitForURL(`${baseUrl}/studio/procedures/D7-XD-01`);
    await page.locator('#diagram svg g.state[data-state="appraisal"]').waitFor();
    expect(await page.locator('#diagram svg g.state.quiet').count()).toBeGreaterThan(0);
    const overdueBadge = await page.locator('#diagram svg g.open-count.overdue text').textContent();
    expect(overdueBadge).toBe(`${history.open} mở · ${history.overdue} trễ`);
    expect(await page.locator('#variants tbody tr').count()).toBeGreaterThan(1);
    expect(await page.locator('#xes-download').getAttribute('href')).toBe('/studio/procedures/D7-XD-01/log.xes');
    // The whole diagram is in view (scaled to the frame), not cut at the right edge.
    expect(await contentWiderThanPage(page)).toEqual([]);
    await shoot(page, 'diagram-and-mining');
    const download = page.waitForEvent('download');
    await page.locator('#svg-download').click();
    expect((await download).suggestedFilename()).toBe('D7-XD-01.svg');

    // Simulate: a long run shows its progress bar, then the prediction for that seed.
    await page.goto(`${baseUrl}/studio/simulate`);
    await page.locator('#procedure').selectOption('D7-XD-01'); // htmx brings that procedure's versions
    await page.locator(`#version option[value="${studio.procedures.get('D7-XD-01')!.version}"]`).waitFor({ state: 'attached' });
    await page.locator('#runs').fill('300000');
    await page.locator('#seed').fill('5');
    await page.locator('#from').fill('2026-09-01');
    await page.getByRole('button', { name: 'Chạy mô phỏng' }).click();
    await page.locator('#job progress').waitFor();
    await shoot(page, 'simulation-progress');
    await page.locator('#prediction').waitFor({ timeout: 120_000 });
    const expected = await studio.simulate('D7-XD-01', { runs: 300_000, seed: 5, from: '2026-09-01' });
    expect(await page.locator('#on-time-rate').textContent()).toBe(formatPercent('vi', expected.onTimeRate));
    expect(await page.locator('#unit-load tbody tr').count()).toBe(expected.units.length);
    await shoot(page, 'simulation-result');

    // Edit a draft: a wrong unit is reported as it is typed, with the file and path.
    await page.goto(`${baseUrl}/studio/drafts?procedure=D7-XD-01`);
    const editor = page.locator('#yaml');
    await editor.fill(streamlinedYaml.replace('unit: Q7.QLDT', 'unit: Q7.NOWHERE'));
    await editor.press('End');
    const issue = page.locator('#issues li[data-code="PROC_UNKNOWN_UNIT"]');
    await issue.waitFor();
    expect(await issue.locator('code').textContent()).toBe('D7-XD-01.yaml: steps[0].unit');
    await shoot(page, 'draft-error');
    // A suggestion from the schema, typed where the cursor is.
    await editor.fill(`${streamlinedYaml}no`);
    await editor.press('End');
    await page.locator('#suggestions button[data-insert="notes: "]').click();
    expect(await editor.inputValue()).toBe(`${streamlinedYaml}notes: `);
    await shoot(page, 'draft-suggestion');
    await editor.fill(streamlinedYaml);
    await editor.press('End');
    await page.locator('#check-result[data-ok="true"]').waitFor();
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await page.locator('#saved').waitFor();
    expect((await studio.draft('D7-XD-01'))?.author).toBe('designer.q7.vp');

    // Compare the saved draft with the file's version, through the form.
    const current = studio.procedures.get('D7-XD-01')!.version;
    await page.goto(`${baseUrl}/studio/compare`);
    await page.locator('#procedure').selectOption('D7-XD-01'); // htmx brings that procedure's versions
    await page.locator(`#before option[value="${current}"]`).waitFor({ state: 'attached' });
    await page.locator('#before').selectOption(current);
    await page.locator('#after').selectOption('draft');
    await page.locator('#runs').fill('20000');
    await page.locator('#seed').fill('3');
    await page.locator('#from').fill('2026-09-01');
    await page.getByRole('button', { name: 'So sánh', exact: true }).click();
    await page.locator('#comparison').waitFor();
    expect(await page.locator('#step-diff tr.removed').getAttribute('data-state')).toBe('site_inspection');
    expect(await page.locator('#diff-on-time td').nth(2).textContent()).toMatch(/^[+−]?\d+,\d điểm %$/);
    await shoot(page, 'compare');

    // Publish the draft with a reason: new cases use it; the versions list shows the audit row.
    await page.goto(`${baseUrl}/studio/drafts?procedure=D7-XD-01`);
    await page.getByLabel('Lý do').fill('Tinh gọn: bỏ kiểm tra thực địa, rút thời hạn ký');
    await page.getByRole('button', { name: 'Công bố phiên bản' }).click();
    await page.waitForURL(/\/studio\/procedures\/D7-XD-01\?published=\d+$/);
    await page.locator('#published').waitFor();
    const [publication] = await studio.publications('D7-XD-01');
    expect(publication).toMatchObject({ author: 'designer.q7.vp', reason: 'Tinh gọn: bỏ kiểm tra thực địa, rút thời hạn ký', publishedAt: now.toISOString() });
    expect(await page.locator('#versions tr[data-current="true"]').getAttribute('data-version')).toBe(publication!.version);
    expect(studio.procedures.get('D7-XD-01')!.version).toBe(publication!.version);
    expect(await page.locator('#diagram svg g.state[data-state="site_inspection"]').count()).toBe(0);
    await shoot(page, 'published');
    await page.goto(`${baseUrl}/studio/procedures/D7-XD-01?lang=en`);
    await page.getByRole('heading', { name: 'How it really runs (process mining)' }).waitFor();
    await shoot(page, 'published-en');
    // All of it under the production policy (studioApp is createHttpApp: helmet's CSP, CSRF).
    expect(violations).toEqual([]);
  });
});
