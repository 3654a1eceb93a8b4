/**
 * The metrics pages over HTTP with real sign-in: who sees what (manager and admin 200, specialist
 * and head 404, nobody → login), CSV exports checked against figures worked out by hand from the
 * fixed scenarios (tests/metrics/scenarios.ts), the public pages without sign-in, the look-up's
 * rate limit, and the rating kiosk's outcomes.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../src/calendar/index.js';
import { appendCaseEventsWithMetrics } from '../../src/metrics/metrics-store.js';
import { ratingToken } from '../../src/metrics/satisfaction.js';
import { signIn } from '../support/api-app.js';
import { metricsPagesApp } from '../support/metrics-pages-app.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';
import { batchesOf, metricProcedures, scripts, type Script } from '../metrics/scenarios.js';

const secret = 'a-rating-secret-for-page-tests';
const now = new Date('2021-04-06T03:00:00Z');

/** Parses our CSV (quoted fields may hold commas and doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') (field += '"'), (i += 1);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && body[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), (i += 1);
    else field += ch;
  }
  return rows;
}

describe('metrics pages', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const cookies: Record<string, string> = {};
  const get = (url: string, as?: string) => app.inject({ method: 'GET', url, headers: as ? { cookie: cookies[as]! } : {} });

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    for (const script of Object.values(scripts) as Script[]) {
      for (const batch of batchesOf(script)) {
        await appendCaseEventsWithMetrics(database.db, batch.events, batch.projection, { procedures: metricProcedures, calendar: defaultCalendarData });
      }
    }
    app = await metricsPagesApp(database.db, { procedures: metricProcedures, ratingSecret: secret, now: () => now, lookupLimit: { max: 3, windowMs: 60_000 } });
    for (const account of ['manager.q7.vp', 'admin.q7.vp', 'specialist.q7.tckh', 'head.q7.tckh']) cookies[account] = (await signIn(app, account)).cookie;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('shows the dashboard and the audit to managers and administrators only', async () => {
    for (const url of ['/dashboard', '/audit', '/dashboard.csv', '/audit.csv']) {
      expect((await get(url, 'manager.q7.vp')).statusCode, url).toBe(200);
      expect((await get(url, 'admin.q7.vp')).statusCode, url).toBe(200);
      const specialist = await get(url, 'specialist.q7.tckh');
      expect(specialist.statusCode, url).toBe(404);
      expect(specialist.body).toContain('Không tìm thấy trang');
      expect((await get(url, 'head.q7.tckh')).statusCode, url).toBe(404);
      const anonymous = await get(url);
      expect(anonymous.statusCode, url).toBe(302);
      expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
  });

  it('puts each target beside its figure, with words, both on-time definitions, and an ECharts SVG', async () => {
    const page = await get('/dashboard?period=2021-03', 'manager.q7.vp');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Điều 30.2c');
    expect(page.body).toContain('1081/KH-UBND (§2.4a)');
    // March 2021: B early, C and D late, I in time → plan rate 2/4 = 50 %, not met; A, B, I of 8 received → NĐ61 3/8.
    expect(page.body).toMatch(/data-target="on-time-plan" data-status="missed"[\s\S]*?50,0\s?%[\s\S]*?2 \/ 4[\s\S]*?Không đạt/);
    expect(page.body).toMatch(/data-target="on-time-nd61" data-status="missed"[\s\S]*?37,5\s?%[\s\S]*?3 \/ 8/);
    expect(page.body).toMatch(/data-target="late-investment" data-status="no-data"[\s\S]*?Danh mục chưa có thủ tục lĩnh vực Đầu tư/);
    expect(page.body).toMatch(/<figure class="chart"[^>]*><svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(page.body).toContain('href="/dashboard?period=2021-03&amp;unit=Q7.MC"');
    const english = await get('/dashboard?period=2021-03&lang=en', 'manager.q7.vp');
    expect(english.body).toMatch(/data-target="on-time-plan"[\s\S]*?50\.0%[\s\S]*?Not met/);
  });

  it('drills to a unit, a procedure and its cases, and exports the table as CSV with the hand-computed row', async () => {
    const unit = await get('/dashboard?period=2021-03&unit=Q7.MC', 'manager.q7.vp');
    expect(unit.body).toContain('href="/dashboard?period=2021-03&amp;unit=Q7.MC&amp;procedure=D7-HKD-01"');
    const csv = await get('/dashboard.csv?period=2021-03&unit=Q7.MC&table=procedures', 'manager.q7.vp');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(csv.body);
    expect(rows[0]!.slice(0, 8)).toEqual(['Mã thủ tục', 'Thủ tục', 'Tiếp nhận', 'Tỷ lệ trực tuyến', 'Trước hạn', 'Đúng hạn', 'Trễ hạn', 'Tỷ lệ đúng hạn (Kế hoạch)']);
    const hkd = rows.find((r) => r[0] === 'D7-HKD-01')!;
    // Received in March at the district desk: A (31 Mar), B (online), C, D (post), E, G, H = 7 (F refused);
    // results in March: B early, C late, D late → plan rate 1/3; NĐ61: A and B of 7 → 2/7; open overdue: H.
    expect(hkd.slice(2)).toEqual(['7', String(Math.round((1 / 7) * 10000) / 10000), '1', '0', '2', '0.3333', '0.2857', '1', hkd[10], '2']);
    const cases = await get('/dashboard?period=2021-03&unit=Q7.MC&procedure=D7-HKD-01', 'manager.q7.vp');
    for (const code of ['A-ONTIME', 'B-EARLY', 'C-SUPPLEMENT', 'H-OVERDUE']) expect(cases.body).toContain(`href="/cases/${code}"`);
    expect(cases.body).not.toContain('href="/cases/F-REFUSED"');
    const bad = await get('/dashboard?period=2021-13', 'manager.q7.vp');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Yêu cầu không hợp lệ');
  });

  it('lists overdue and late cases most late first, with steps, the first unit over budget and apologies', async () => {
    const page = await get('/audit?period=2021-03&unit=Q7.MC', 'manager.q7.vp');
    const order = [...page.body.matchAll(/<tr data-case="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['H-OVERDUE', 'D-APOLOGY', 'C-SUPPLEMENT']);
    expect(page.body).toContain('href="/cases/D-APOLOGY"');
    expect(page.body).toMatch(/data-case="D-APOLOGY"[\s\S]*?đúng thời điểm; không giữ hẹn mới/);
    expect(page.body).toMatch(/data-case="C-SUPPLEMENT"[\s\S]*?muộn \(không trước ngày hết hạn\); giữ đúng hẹn mới/);
    expect(page.body).toMatch(/data-case="C-SUPPLEMENT"[\s\S]*?Người nộp \(chờ bổ sung\)/);
    const csv = await get('/audit.csv?period=2021-03&unit=Q7.MC', 'manager.q7.vp');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(csv.body);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['H-OVERDUE', 'D-APOLOGY', 'C-SUPPLEMENT']);
    expect(rows[1]![6]).toBe('overdue');
    const byField = await get(`/audit?period=2021-03&field=${encodeURIComponent('Môi trường')}`, 'manager.q7.vp');
    expect(byField.body).not.toContain('data-case="C-SUPPLEMENT"');
  });

  it('serves the public unit page and its CSV without sign-in, with no case code or name on it', async () => {
    const page = await get('/public/units/Q7.MC?year=2021');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Công khai kết quả giải quyết hồ sơ');
    expect(page.body).not.toMatch(/A-ONTIME|B-EARLY|Nguyễn Văn A/);
    const csv = await get('/public/units/Q7.MC?year=2021&format=csv&table=months');
    const march = parseCsv(csv.body).find((r) => r[0] === '2021-03')!;
    // The district desk received all eight March dossiers (the seven of D7-HKD-01 and I-CONSULT);
    // results in March: B, C, D and I → (B + I) / 4; NĐ61: A, B, I of 8.
    expect(march.slice(1, 5)).toEqual(['8', '4', '0.5', '0.375']);
    expect((await get('/public/units/Q7.TCKH')).statusCode).toBe(404);
    const tooLong = await get(`/danh-gia/${'X'.repeat(65)}`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('Yêu cầu không hợp lệ');
  });

  it('looks a dossier up by code showing only procedure, status and appointment, and limits the rate', async () => {
    const found = await app.inject({ method: 'GET', url: '/tra-cuu?code=G-OPEN', remoteAddress: '10.0.0.1' });
    expect(found.statusCode).toBe(200);
    expect(found.body).toMatch(/id="lookup-procedure">D7-HKD-01 · /);
    expect(found.body).toContain('id="lookup-status">Đang giải quyết');
    expect(found.body).toContain('id="lookup-appointment">05/03/2021');
    expect(found.body).not.toContain('Nguyễn Văn A');
    const missing = await app.inject({ method: 'GET', url: '/tra-cuu?code=NO-SUCH', remoteAddress: '10.0.0.1' });
    expect(missing.statusCode).toBe(404);
    await app.inject({ method: 'GET', url: '/tra-cuu', remoteAddress: '10.0.0.1' });
    const limited = await app.inject({ method: 'GET', url: '/tra-cuu?code=G-OPEN&lang=en', remoteAddress: '10.0.0.1' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/text\/html/);
    expect(limited.body).toContain('Tra cứu quá nhiều lần');
    expect(limited.body).toContain('Too many look-ups');
    expect((await app.inject({ method: 'GET', url: '/tra-cuu?code=G-OPEN', remoteAddress: '10.0.0.2' })).statusCode).toBe(200);
  });

  it('takes one rating per returned case at the kiosk, with clear errors', async () => {
    const scores = { time: 'satisfied', agencies: 'satisfied', visits: 'acceptable', publicity: 'satisfied', attitude: 'satisfied', legalityAndCost: 'satisfied' };
    const rate = (code: string, token: string, extra: Record<string, string> = scores) =>
      app.inject({ method: 'POST', url: `/danh-gia/${code}`, payload: new URLSearchParams({ token, ...extra }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const form = await get(`/danh-gia/A-ONTIME?ma=${ratingToken(secret, 'A-ONTIME')}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Thái độ của cán bộ, công chức');
    expect(form.body).toContain(`value="${ratingToken(secret, 'A-ONTIME')}"`);
    const wrong = await rate('A-ONTIME', 'AAAAAAAAAA');
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toContain('Mã đánh giá của hồ sơ A-ONTIME không đúng');
    expect(wrong.body).toContain('Wrong rating code for case A-ONTIME');
    const open = await rate('G-OPEN', ratingToken(secret, 'G-OPEN'));
    expect(open.statusCode).toBe(409);
    expect(open.body).toContain('chưa trả kết quả');
    const incomplete = await rate('A-ONTIME', ratingToken(secret, 'A-ONTIME'), { time: 'satisfied' });
    expect(incomplete.statusCode).toBe(400);
    const first = await rate('A-ONTIME', ratingToken(secret, 'A-ONTIME'));
    expect(first.statusCode).toBe(201);
    expect(first.body).toContain('Đánh giá đã được ghi nhận: hài lòng');
    const second = await rate('A-ONTIME', ratingToken(secret, 'A-ONTIME'));
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('đã được đánh giá');
  });

  it('needs no CSRF token at the kiosk without a session, but a signed-in browser’s rating needs its session’s token', async () => {
    // Without a session there is no authority to borrow: the case's rating code is the only credential.
    // A browser signed in as staff is another matter: a forged post would rate in its session.
    const session = await signIn(app, 'head.q7.tckh');
    const scores = { time: 'satisfied', agencies: 'satisfied', visits: 'satisfied', publicity: 'satisfied', attitude: 'dissatisfied', legalityAndCost: 'satisfied' };
    const payload = new URLSearchParams({ token: ratingToken(secret, 'B-EARLY'), ...scores }).toString();
    const ratings = async () => Number((await database.db.selectFrom('metrics_ratings').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await ratings();
    const post = (body: string) =>
      app.inject({ method: 'POST', url: '/danh-gia/B-EARLY', headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
    const forged = await post(payload);
    expect(forged.statusCode).toBe(403);
    expect(forged.headers['content-type']).toMatch(/text\/html/); // the public pages answer errors as pages
    expect(forged.body).toContain('chống giả mạo');
    expect(forged.body).toContain('anti-forgery');
    expect(await ratings()).toBe(before);
    // The kiosk form that browser is served carries its token.
    const form = await app.inject({ method: 'GET', url: `/danh-gia/B-EARLY?ma=${ratingToken(secret, 'B-EARLY')}`, headers: { cookie: session.cookie } });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
    expect(token).toBeDefined();
    const rated = await post(`${payload}&_csrf=${encodeURIComponent(token!)}`);
    expect(rated.statusCode).toBe(201);
    expect(await ratings()).toBe(before + 1);
    // Anonymous, the kiosk form has no token field at all.
    expect((await get(`/danh-gia/B-EARLY?ma=${ratingToken(secret, 'B-EARLY')}`)).body).not.toContain('_csrf');
  });
});
