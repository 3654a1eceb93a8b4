/**
 * The studio's pages per role on a database holding a synthetic permit history (D7-XD-01): who may
 * see them, the diagram with its live counts, downloads, a simulation job reproducible from its seed,
 * a comparison, the draft editor's check and suggestions, publication with its audit row, rollback.
 * Signed in through the real login route; the clock is a fixed instant.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { contentHash, type StudioService } from '../../src/studio/studio-service.js';
import { formatPercent } from '../../src/web/view-models/studio-model.js';
import { signIn } from '../support/api-app.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';
import { storeHistory, type StoredHistory } from '../support/stored-history.js';
import { studioApp } from '../support/studio-app.js';
import { permitDraws, seededRandom } from '../support/synthetic-history.js';

const now = new Date('2026-09-01T09:00:00+07:00');
const streamlinedYaml = readFileSync('tests/studio/fixtures/streamlined/D7-XD-01.yaml', 'utf8');

describe('studio pages', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let studio: StudioService;
  let history: StoredHistory;
  const cookies: Record<string, string> = {};
  /** Each session's CSRF token, sent as the page's htmx header does. */
  const csrfTokens: Record<string, string> = {};
  const get = (url: string, who?: string) => app.inject({ method: 'GET', url, headers: who ? { cookie: cookies[who]! } : {} });
  const post = (url: string, who: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookies[who]!, 'x-csrf-token': csrfTokens[who]!, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(form).toString(),
    });

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    const built = await studioApp(database.db, () => now);
    app = built.app;
    studio = built.studio;
    const permit = built.catalogue.get('D7-XD-01')!.compiled;
    history = await storeHistory(database.db, permit, { count: 120, from: '2026-03-02', random: seededRandom(21), draws: permitDraws(seededRandom(22)), openEvery: 8, openAt: now.toISOString() });
    for (const account of ['designer.q7.vp', 'admin.q7.vp', 'specialist.q7.tckh']) {
      const session = await signIn(app, account);
      cookies[account] = session.cookie;
      csrfTokens[account] = session['x-csrf-token'];
    }
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const pages = ['/studio', '/studio/procedures/D7-XD-01', '/studio/simulate', '/studio/compare', '/studio/drafts?procedure=D7-XD-01'];

  it.each(['designer.q7.vp', 'admin.q7.vp'])('opens every studio page for %s, Vietnamese first', async (account) => {
    for (const url of pages) {
      const response = await get(url, account);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).toContain('Xưởng thiết kế quy trình');
    }
    expect((await get('/studio?lang=en', account)).body).toContain('Process designers’ studio');
  });

  it('answers 404 to a specialist on every studio page and writes nothing', async () => {
    for (const url of [...pages, '/studio/procedures/D7-XD-01/diagram.svg', '/studio/procedures/D7-XD-01/log.xes']) {
      const response = await get(url, 'specialist.q7.tckh');
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('<svg');
    }
    const refused = await post('/studio/drafts/D7-XD-01', 'specialist.q7.tckh', { yaml: streamlinedYaml, reason: 'thử', intent: 'publish' });
    expect(refused.statusCode).toBe(404);
    expect(await studio.publications('D7-XD-01')).toEqual([]);
    expect(await studio.draft('D7-XD-01')).toBeUndefined();
  });

  it('sends a visitor without a session to the login page', async () => {
    for (const url of pages) {
      const response = await get(url);
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
  });

  it('lists the procedures and finds one by a name typed without diacritics', async () => {
    const all = await get('/studio', 'designer.q7.vp');
    const found = await get('/studio?q=giay%20phep%20xay%20dung', 'designer.q7.vp');
    const rows = (html: string) => (html.match(/<tr>\s*<td class="nowrap"><a href="\/studio\/procedures\//g) ?? []).length;
    expect(rows(all.body)).toBeGreaterThan(80);
    expect(found.body).toContain('D7-XD-01');
    expect(rows(found.body)).toBeLessThan(rows(all.body));
    expect(rows(found.body)).toBeGreaterThan(0);
  });

  it('draws the diagram with the open cases per state, overdue in red, and the mining of the version', async () => {
    const page = await get('/studio/procedures/D7-XD-01', 'designer.q7.vp');
    expect(page.body).toContain('data-state="appraisal"');
    const badges = [...page.body.matchAll(/<text[^>]*>(\d+) mở(?: · (\d+) trễ)?<\/text>/g)];
    // Open cases stopped after acceptance: all in appraisal (one badge), the overdue ones counted in red.
    expect(badges.map((b) => Number(b[1])).reduce((a, b) => a + b, 0)).toBe(history.open);
    expect(history.overdue).toBeGreaterThan(0);
    expect(page.body).toContain(`${history.overdue} trễ`);
    expect(page.body).toContain('class="open-count overdue"');
    // Variants, loops and time lost of the shown version.
    expect(page.body).toContain('id="variants"');
    expect(page.body).toContain('Tiếp nhận → ');
    expect(page.body).toContain(`${history.cases} hồ sơ`);
    expect(page.body).toContain('id="time-lost"');
    const svg = await get('/studio/procedures/D7-XD-01/diagram.svg', 'designer.q7.vp');
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.headers['content-disposition']).toContain('D7-XD-01.svg');
    expect(svg.body.startsWith('<svg')).toBe(true);
    const xes = await get('/studio/procedures/D7-XD-01/log.xes', 'designer.q7.vp');
    expect((xes.body.match(/<trace>/g) ?? []).length).toBe(history.cases);
    const ocel = JSON.parse((await get('/studio/procedures/D7-XD-01/log.jsonocel', 'designer.q7.vp')).body);
    expect(ocel.objects.filter((o: { type: string }) => o.type === 'dossier')).toHaveLength(history.cases);
  });

  let lastJob = '';
  async function simulateToEnd(form: Record<string, string>): Promise<string> {
    const started = await post('/studio/simulate', 'designer.q7.vp', form);
    expect(started.statusCode).toBe(303);
    const job = new URL(started.headers.location as string, 'http://x').searchParams.get('job')!;
    lastJob = job;
    for (let i = 0; i < 200; i += 1) {
      const poll = await get(`/studio/simulate/jobs/${job}`, 'designer.q7.vp');
      expect(poll.statusCode).toBe(200);
      if (poll.body.includes('id="prediction"')) return poll.body;
      expect(poll.body).toContain('<progress');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the simulation job did not finish');
  }

  it('runs a simulation as a job and shows the prediction the studio computes for that seed, the same twice', async () => {
    const form = { procedure: 'D7-XD-01', runs: '4000', seed: '7', from: '2026-09-01' };
    const first = await simulateToEnd(form);
    const second = await simulateToEnd(form);
    const prediction = (html: string) => html.slice(html.indexOf('id="prediction"'));
    expect(prediction(second)).toBe(prediction(first));
    const expected = await studio.simulate('D7-XD-01', { runs: 4000, seed: 7, from: '2026-09-01' });
    expect(first).toContain(`<strong id="on-time-rate">${formatPercent('vi', expected.onTimeRate)}</strong>`);
    expect(first).toContain(formatPercent('vi', expected.onTimeInterval.low));
    const page = await get(`/studio/simulate?procedure=D7-XD-01&job=${lastJob}`, 'designer.q7.vp');
    expect(page.body).toContain('<html');
    expect(prediction(page.body)).toContain(prediction(second).slice(0, 200));
    const other = await simulateToEnd({ ...form, seed: '8' });
    expect(prediction(other)).not.toBe(prediction(first));
  });

  it('refuses a simulation form with bad values, naming the field', async () => {
    const response = await post('/studio/simulate', 'designer.q7.vp', { procedure: 'D7-XD-01', runs: '0', seed: '1' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('runs');
  });

  it('checks a draft as it is typed: the validator’s file and path, and suggestions from the schema at the cursor', async () => {
    const broken = streamlinedYaml.replace('unit: Q7.QLDT', 'unit: Q7.NOWHERE');
    const check = await post('/studio/drafts/D7-XD-01/check', 'designer.q7.vp', { yaml: broken, cursor: String(broken.length) });
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('data-code="PROC_UNKNOWN_UNIT"');
    expect(check.body).toContain('D7-XD-01.yaml: steps[0].unit');
    expect(check.body).toContain('data-ok="false"');
    const budgetUnit = streamlinedYaml.indexOf('unit: working-days') + 'unit: work'.length;
    const suggestions = await post('/studio/drafts/D7-XD-01/check', 'designer.q7.vp', { yaml: streamlinedYaml, cursor: String(budgetUnit) });
    expect(suggestions.body).toContain('data-ok="true"');
    expect(suggestions.body).toContain('data-insert="working-days"');
    expect(suggestions.body).toContain('steps[0].budget.unit');
    expect(suggestions.body).not.toContain('data-insert="calendar-days"'); // filtered by what is typed
  });

  it('refuses every studio form post without the session’s CSRF token (403 CSRF_INVALID), writing nothing; the forms carry it', async () => {
    const drafts = async () => Number((await database.db.selectFrom('procedure_drafts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const draftsBefore = await drafts();
    const publicationsBefore = await studio.publications('D7-XD-01');
    const versionBefore = studio.procedures.get('D7-XD-01')!.version;
    const forms: Array<[string, Record<string, string>]> = [
      ['/studio/simulate', { procedure: 'D7-XD-01', runs: '100', seed: '7' }],
      ['/studio/drafts/D7-XD-01/check', { yaml: streamlinedYaml, cursor: '0' }],
      ['/studio/drafts/D7-XD-01', { yaml: streamlinedYaml, reason: '', intent: 'save' }],
      ['/studio/drafts/D7-XD-01', { yaml: streamlinedYaml, reason: 'Giả mạo', intent: 'publish' }],
      ['/studio/procedures/D7-XD-01/republish', { version: versionBefore, reason: 'Giả mạo' }],
    ];
    for (const [url, form] of forms) {
      for (const token of [undefined, 'forged-token']) {
        const headers = { cookie: cookies['designer.q7.vp']!, 'content-type': 'application/x-www-form-urlencoded', ...(token ? { 'x-csrf-token': token } : {}) };
        const response = await app.inject({ method: 'POST', url, headers, payload: new URLSearchParams(form).toString() });
        expect(response.statusCode, url).toBe(403);
        // A page form is refused with a page (tests/security/csrf.test.ts), vi and en.
        expect(response.headers['content-type'], url).toMatch(/^text\/html/);
        expect(response.body, url).toContain('CSRF_INVALID');
        expect(response.body, url).toContain('chống giả mạo');
        expect(response.headers.location, url).toBeUndefined();
      }
    }
    expect(await drafts()).toBe(draftsBefore);
    expect(await studio.publications('D7-XD-01')).toEqual(publicationsBefore);
    expect(studio.procedures.get('D7-XD-01')!.version).toBe(versionBefore);
    // The pages' forms carry the token as a field (htmx also sends it as the <body>'s header).
    const field = /<input type="hidden" name="_csrf" value="[^"]+">/;
    for (const [url, formId] of [['/studio/drafts?procedure=D7-XD-01', 'draft-form'], ['/studio/simulate', 'simulate-form']] as const) {
      const page = (await get(url, 'designer.q7.vp')).body;
      expect(page.slice(page.indexOf(`id="${formId}"`)), url).toMatch(new RegExp(`^[^<]*>\\s*${field.source}`));
      expect(page, url).toContain('hx-headers=');
    }
  });

  it('publishes a draft with a reason (author, time, content hash), refuses it without one, and rolls back', async () => {
    const noReason = await post('/studio/drafts/D7-XD-01', 'designer.q7.vp', { yaml: streamlinedYaml, reason: ' ', intent: 'publish' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Cần ghi lý do công bố phiên bản');
    expect(await studio.publications('D7-XD-01')).toEqual([]);

    const published = await post('/studio/drafts/D7-XD-01', 'designer.q7.vp', { yaml: streamlinedYaml, reason: 'Bỏ kiểm tra thực địa', intent: 'publish' });
    expect(published.statusCode).toBe(303);
    const [row] = await studio.publications('D7-XD-01');
    expect(published.headers.location).toBe(`/studio/procedures/D7-XD-01?published=${row!.id}`);
    expect(row).toMatchObject({ author: 'designer.q7.vp', reason: 'Bỏ kiểm tra thực địa', contentHash: contentHash(streamlinedYaml), publishedAt: now.toISOString() });
    expect(studio.procedures.get('D7-XD-01')!.version).toBe(row!.version);
    const page = await get(published.headers.location as string, 'designer.q7.vp');
    expect(page.body).toContain('id="published"');
    expect(page.body).toContain(`data-version="${row!.version}" data-current="true"`);

    // Rollback: the file's version published again, audited like any publication.
    const versionsPage = (await get('/studio/procedures/D7-XD-01', 'admin.q7.vp')).body;
    const fileVersion = versionsPage.match(/<input type="hidden" name="version" value="([0-9a-f]+)">/)![1]!;
    // The republish form carries the session's CSRF token (a post without it: the test above).
    expect(versionsPage).toMatch(/action="\/studio\/procedures\/D7-XD-01\/republish" class="inline">\s*<input type="hidden" name="_csrf" value="[^"]+">/);
    const rolledBack = await post('/studio/procedures/D7-XD-01/republish', 'admin.q7.vp', { version: fileVersion, reason: 'Khôi phục' });
    expect(rolledBack.statusCode).toBe(303);
    expect(studio.procedures.get('D7-XD-01')!.version).toBe(fileVersion);
    const again = await post('/studio/procedures/D7-XD-01/republish', 'admin.q7.vp', { publication: String(row!.id), reason: 'Áp dụng lại' });
    expect(again.statusCode).toBe(303);
    const rows = await studio.publications('D7-XD-01');
    expect(rows.map((r) => [r.author, r.reason, r.republishes])).toEqual([
      ['admin.q7.vp', 'Áp dụng lại', row!.id],
      ['admin.q7.vp', 'Khôi phục', null],
      ['designer.q7.vp', 'Bỏ kiểm tra thực địa', null],
    ]);
    expect(studio.procedures.get('D7-XD-01')!.version).toBe(row!.version);
  });

  it('simulates the saved draft and offers it among the versions', async () => {
    const options = await get('/studio/simulate/versions?procedure=D7-XD-01&name=version', 'designer.q7.vp');
    expect(options.body).toContain('<option value="draft"');
    expect((await get('/studio/simulate/versions?procedure=D7-XD-01&name=before', 'designer.q7.vp')).body).not.toContain('value="draft"');
    const draft = await studio.draft('D7-XD-01');
    const result = await simulateToEnd({ procedure: 'D7-XD-01', version: 'draft', runs: '2000', seed: '2', from: '2026-09-01' });
    expect(result).toContain(`data-version="${studio.checkDraft('D7-XD-01', draft!.definitionYaml).version}"`);
    expect(result).toContain('Bản nháp đã lưu');
  });

  it('compares two versions with the steps that differ and the predicted gain with its interval', async () => {
    const [latest] = await studio.publications('D7-XD-01');
    const fileVersion = studio.procedures.get('D7-XD-01') && (await studio.versionOf('D7-XD-01')).version;
    const before = (await get('/studio/procedures/D7-XD-01', 'designer.q7.vp')).body.match(/<input type="hidden" name="version" value="([0-9a-f]+)">/)![1]!;
    expect(fileVersion).toBe(latest!.version);
    const chosen = await get('/studio/compare?procedure=D7-XD-01', 'designer.q7.vp');
    expect(chosen.body).not.toContain('id="comparison"'); // a procedure alone: the form with its versions
    expect(chosen.body).toContain(`<option value="${latest!.version}">`);
    const page = await get(`/studio/compare?procedure=D7-XD-01&before=${before}&after=${latest!.version}&runs=4000&seed=3&from=2026-09-01`, 'designer.q7.vp');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('class="removed" data-state="site_inspection"');
    expect(page.body).toContain('class="changed" data-state="signing"');
    expect(page.body).toContain('id="diff-on-time"');
    expect(page.body).toMatch(/id="diff-on-time".*điểm %.*[+−]\d+,\d … [+−]?\d+,\d/s);
  });
});
