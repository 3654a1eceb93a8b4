/**
 * The console's pages over a real engine (Temporal dev server, worker, PGlite): intake with bad and
 * good input, the queue, the case page with an action, the forms. The app is the real one
 * (buildApp with the auth plugin); each account signs in through the login route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { listCaseEvents } from '../../src/store/case-store.js';
import { ratingCriteria, ratingToken } from '../../src/metrics/satisfaction.js';
import { buildTestApp, signIn } from '../support/api-app.js';
import { createTestEngine, devServerEnvironment, type TestEngine } from '../support/engine.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';

const now = new Date('2026-03-05T10:00:00+07:00');
const desk = 'desk_officer.q7.mc';
const specialist = 'specialist.q7.tckh';
const wardDesk = 'desk_officer.p.ttd.mc';
const ratingSecret = 'console-pages-rating-secret';

describe('console pages over a real engine', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  let app: FastifyInstance;
  const sessions = new Map<string, { cookie: string }>();
  /** The session cookie of an account (signed in once through POST /api/auth/login). */
  const as = (account: string) => sessions.get(account)!;

  beforeAll(async () => {
    env = await devServerEnvironment();
    database = await createTestDatabase('pglite');
    engine = await createTestEngine(env, database.db, { now: () => now });
    app = await buildTestApp(env, engine, database.db, { now: () => now, ratingSecret });
    for (const account of [desk, specialist, wardDesk]) sessions.set(account, await signIn(app, account));
  }, 300_000); // the dev server, PGlite and the workflow bundle: minutes on a loaded 2-core machine
  afterAll(async () => {
    await app?.close();
    await engine?.close();
    await env?.teardown();
    await database?.close();
  });

  const good = {
    procedureCode: 'D7-HKD-01',
    channel: 'desk',
    name: 'Lê Thị Hồng',
    citizenId: '079123456789',
    phone: '0901234567',
    address: '12 Nguyễn Thị Thập',
    ward: 'TTD',
    documents: 'Giấy đề nghị đăng ký hộ kinh doanh\nBản sao CCCD',
    copies: '1',
    idempotencyKey: 'intake:00000000-0000-4000-8000-000000000001',
  };
  const countCases = async () => Number((await database.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('sends a visitor without identity to the login page', async () => {
    const response = await app.inject({ method: 'GET', url: '/queue?view=overdue' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/login?next=%2Fqueue%3Fview%3Doverdue');
  });

  it('names District 7, the seed’s organisation, on home, and links its desk’s public page or the signed-in ward desk’s', async () => {
    const home = await app.inject({ method: 'GET', url: '/' });
    expect(home.body).toContain('<title>Một cửa Quận 7 · Một cửa Quận 7</title>');
    expect(home.body).toContain('<h1>Một cửa Quận 7</h1>');
    expect(home.body).toContain('href="/public/units/Q7.MC"');
    expect((await app.inject({ method: 'GET', url: '/?lang=en' })).body).toContain('<h1>District 7 one-stop</h1>');
    const atWard = await app.inject({ method: 'GET', url: '/', headers: as(wardDesk) });
    expect(atWard.body).toContain('<title>Một cửa phường Tân Thuận Đông · Một cửa Quận 7</title>');
    expect(atWard.body).toContain('href="/public/units/P.TTD.MC"');
  });

  it('signs in through the login form: a wrong password comes back to the form with the reason, the right one goes to next', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login?next=%2Fintake', headers: form, payload: 'account=desk_officer.q7.mc&password=wrong-password' });
    expect(wrong.statusCode).toBe(303);
    expect(wrong.cookies.find((c) => c.name === 'motcua_session')).toBeUndefined();
    const again = await app.inject({ method: 'GET', url: wrong.headers.location as string });
    expect(again.body).toContain('Sai tài khoản hoặc mật khẩu');
    expect(again.body).toContain('next=%2Fintake');
    const right = await app.inject({ method: 'POST', url: '/api/auth/login?next=%2Fintake', headers: form, payload: `account=${desk}&password=motcua-demo` });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/intake');
    const cookie = right.cookies.find((c) => c.name === 'motcua_session')!;
    const intake = await app.inject({ method: 'GET', url: '/intake', headers: { cookie: `${cookie.name}=${encodeURIComponent(cookie.value)}` } });
    expect(intake.statusCode).toBe(200);
    expect(intake.body).toContain('· Q7.MC'); // the header names the signed-in account's unit
  });

  it.each([
    ['citizenId', { citizenId: '07912345678' }, 'Số định danh cá nhân gồm đúng 12 chữ số', 'exactly 12 digits'],
    ['citizenId', { citizenId: '07912345678a' }, 'Số định danh cá nhân gồm đúng 12 chữ số', 'exactly 12 digits'],
    ['phone', { phone: '12345' }, 'Số điện thoại gồm 10 hoặc 11 chữ số', '10 or 11 digits'],
    ['name', { name: '   ' }, 'Bắt buộc nhập', 'Required'],
    ['address', { address: '' }, 'Bắt buộc nhập', 'Required'],
    ['procedureCode', { procedureCode: 'D7-XX-99' }, 'Chọn một thủ tục trong danh mục', 'Choose a procedure'],
    ['procedureCode', { procedureCode: 'D7-HT-01' }, 'Chọn một thủ tục trong danh mục', 'Choose a procedure'],
    ['channel', { procedureCode: 'D7-TE-01', channel: 'online', ward: 'TTD' }, 'không nhận hồ sơ qua kênh', 'does not accept'],
    ['ward', { procedureCode: 'D7-TE-01', ward: '' }, 'Chọn một phường', 'Choose a ward'],
    ['ward', { ward: 'XYZ' }, 'Chọn một phường', 'Choose a ward'],
    ['documents', { documents: '  \n ' }, 'ít nhất một thành phần', 'at least one document'],
    ['copies', { copies: '0' }, 'Số bộ từ 1 đến 20', 'Between 1 and 20'],
    ['email', { email: 'not-an-email' }, 'Thư điện tử không hợp lệ', 'Not a valid email'],
    ['idempotencyKey', { idempotencyKey: '' }, 'Biểu mẫu đã cũ hoặc bị sửa', 'stale or was altered'],
    ['idempotencyKey', { idempotencyKey: 'intake:not-a-uuid' }, 'Biểu mẫu đã cũ hoặc bị sửa', 'stale or was altered'],
  ])('intake refuses a bad %s with 400, the field and the reason in both languages, and writes nothing', async (field, change, vi, en) => {
    const before = await countCases();
    const response = await app.inject({ method: 'POST', url: '/intake', headers: as(desk), payload: { ...good, ...change } });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`data-field="${field}"`);
    expect(response.body).toContain(vi);
    expect(response.body).toContain(en);
    expect(response.body).toContain(`id="${field}"`);
    expect(await countCases()).toBe(before);
  });

  it('intake is for desk officers only', async () => {
    const response = await app.inject({ method: 'POST', url: '/intake', headers: as(specialist), payload: good });
    expect(response.statusCode).toBe(400);
    expect(await countCases()).toBe(0);
  });

  it('a double submit of one intake form makes one dossier; the key resent with other content gets a fresh form and writes nothing', async () => {
    await engine.withWorker(async () => {
      const form = await app.inject({ method: 'GET', url: '/intake', headers: as(desk) });
      const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.body)![1]!;
      expect(key).toMatch(/^intake:[0-9a-f-]{36}$/);
      const again = await app.inject({ method: 'GET', url: '/intake', headers: as(desk) });
      expect(/name="idempotencyKey" value="([^"]+)"/.exec(again.body)![1]).not.toBe(key); // each rendering its own
      const countSubmissions = async () => Number((await database.db.selectFrom('submissions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
      const before = await countSubmissions();
      const post = () => app.inject({ method: 'POST', url: '/intake', headers: as(desk), payload: { ...good, name: 'Đặng Văn Đôi', idempotencyKey: key } });
      const [first, second] = await Promise.all([post(), post()]);
      expect(first.statusCode, first.body).toBe(303);
      expect(second.statusCode, second.body).toBe(303);
      expect(second.headers.location).toBe(first.headers.location);
      const third = await post();
      expect(third.headers.location).toBe(first.headers.location);
      expect(await countSubmissions()).toBe(before + 1);

      const changed = await app.inject({ method: 'POST', url: '/intake', headers: as(desk), payload: { ...good, name: 'Người Khác', idempotencyKey: key } });
      expect(changed.statusCode).toBe(409);
      expect(changed.body).toContain('data-field="idempotencyKey"');
      expect(changed.body).toContain('đã được dùng cho một hồ sơ khác');
      expect(changed.body).toContain('already used for a different submission');
      const fresh = /name="idempotencyKey" value="([^"]+)"/.exec(changed.body)![1];
      expect(fresh).not.toBe(key);
      expect(changed.body).toContain('value="Người Khác"'); // what was typed is kept
      expect(await countSubmissions()).toBe(before + 1);
    });
  });

  // D7-HT-08 (death registration): the declaration and the death notice, both required (Luật Hộ tịch 2014 Điều 34.1).
  const declaration = 'Tờ khai đăng ký khai tử theo mẫu quy định';
  const deathNotice = 'Giấy báo tử hoặc giấy tờ khác thay giấy báo tử';
  const deathRegistration = { ...good, procedureCode: 'D7-HT-08', ward: undefined, idempotencyKey: 'intake:00000000-0000-4000-8000-0000000000d8' };

  it('shows the documents checklist of a procedure whose definition lists them, and none for one without', async () => {
    const listed = await app.inject({ method: 'GET', url: '/intake/documents?procedureCode=D7-HT-08', headers: { ...as(wardDesk), 'hx-request': 'true' } });
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain('<html');
    expect(listed.body.match(/type="checkbox" name="documents"/g)).toHaveLength(2);
    expect(listed.body).toContain(`value="${declaration}"`);
    expect(listed.body).toContain('Luật Hộ tịch 2014 Điều 34.1');
    expect(listed.body).toContain('(bắt buộc)');
    const english = await app.inject({ method: 'GET', url: '/intake/documents?procedureCode=D7-HT-08&lang=en', headers: as(wardDesk) });
    expect(english.body).toContain('Death notice, or another paper in its place');
    expect(english.body).toContain(`value="${declaration}"`); // recorded in Vietnamese whatever the page language
    const unlisted = await app.inject({ method: 'GET', url: '/intake/documents?procedureCode=D7-HKD-01', headers: as(desk) });
    expect(unlisted.body).not.toContain('type="checkbox"');
  });

  it('refuses a dossier missing a required listed component (NĐ 61/2018 Art. 17.1), keeping what was ticked, and writes nothing', async () => {
    const before = await countCases();
    const response = await app.inject({ method: 'POST', url: '/intake', headers: as(wardDesk), payload: { ...deathRegistration, documents: [declaration, 'Bản sao CCCD người đi khai'] } });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('data-field="documents"');
    expect(response.body).toContain(`Hồ sơ chưa đầy đủ, thiếu: ${deathNotice}`);
    expect(response.body).toContain('The dossier is incomplete, missing: Death notice, or another paper in its place');
    expect(response.body).toMatch(new RegExp(`value="${declaration}" data-document="0" checked`));
    expect(response.body).toMatch(new RegExp(`value="${deathNotice}" data-document="1">`));
    expect(response.body).toMatch(/<textarea id="documents"[^>]*>Bản sao CCCD người đi khai<\/textarea>/);
    expect(await countCases()).toBe(before);
  });

  it('receives a complete listed dossier: the submission records the received components and form 01 lists them', async () => {
    await engine.withWorker(async () => {
      const received = await app.inject({ method: 'POST', url: '/intake', headers: as(wardDesk), payload: { ...deathRegistration, documents: [declaration, deathNotice, 'Bản sao CCCD người đi khai'] } });
      expect(received.statusCode, received.body).toBe(303);
      const caseCode = decodeURIComponent((received.headers.location as string).split('/')[2]!);
      expect(caseCode).toMatch(/^P\.TTD\.MC-260305-\d{4}$/);
      const submission = await database.db.selectFrom('submissions').select('input').where('case_code', '=', caseCode).executeTakeFirstOrThrow();
      const input = (typeof submission.input === 'string' ? JSON.parse(submission.input) : submission.input) as { applicant: { documents: string[] } };
      expect(input.applicant.documents).toEqual([declaration, deathNotice, 'Bản sao CCCD người đi khai']);
      const form = await app.inject({ method: 'GET', url: received.headers.location as string, headers: as(wardDesk) });
      for (const name of [declaration, deathNotice, 'Bản sao CCCD người đi khai']) expect(form.body).toContain(name);
      // A ward's desk issues it: the ward's committee is the governing body, the ward the place.
      expect(form.body).toContain('<strong>UBND PHƯỜNG TÂN THUẬN ĐÔNG</strong><strong>Bộ phận một cửa phường Tân Thuận Đông</strong>');
      expect(form.body).toMatch(/<em>Phường Tân Thuận Đông, ngày \d\d tháng \d\d năm \d{4}<\/em>/);
    });
  });

  it('receives a dossier, prints form 01, lists it in the queue and takes an action from the case page', async () => {
    await engine.withWorker(async () => {
      const received = await app.inject({ method: 'POST', url: '/intake', headers: as(desk), payload: good });
      expect(received.statusCode, received.body).toBe(303);
      const formUrl = received.headers.location as string;
      expect(formUrl).toMatch(/^\/forms\/Q7\.MC-260305-\d{4}\/01$/);
      const caseCode = decodeURIComponent(formUrl.split('/')[2]!);

      const form = await app.inject({ method: 'GET', url: formUrl, headers: as(desk) });
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
      expect(form.body).toContain(caseCode);
      expect(form.body).toContain('<svg');
      expect(form.body).toContain('Bản sao CCCD');
      // received Thu 5 Mar 10:00 + 3 working days → Tue 10 Mar 17:00
      expect(form.body).toContain('17 giờ 00 phút, ngày 10/03/2026');
      expect(form.body).toContain('03 ngày làm việc');
      // The district's desk issues it: District 7's committee above it, District 7 the place (the seed's organisation).
      expect(form.body).toContain('<strong>UBND QUẬN 7</strong><strong>Bộ phận một cửa quận 7</strong>');
      expect(form.body).toMatch(/<em>Quận 7, ngày \d\d tháng \d\d năm \d{4}<\/em>/);
      // The applicant's rating link (issue #12 item 4), as text and as a second QR code.
      const ratingUrl = /id="rating-url">([^<]+)</.exec(form.body)?.[1];
      expect(ratingUrl).toBe(`http://localhost:80/danh-gia/${encodeURIComponent(caseCode)}?ma=${ratingToken(ratingSecret, caseCode)}`);
      expect(form.body.match(/<svg/g)).toHaveLength(2);
      const kioskPath = new URL(ratingUrl!).pathname + new URL(ratingUrl!).search;
      const kiosk = await app.inject({ method: 'GET', url: kioskPath });
      expect(kiosk.statusCode).toBe(200);
      expect(kiosk.body).toContain(caseCode);
      expect(kiosk.body).toContain(`value="${ratingToken(ratingSecret, caseCode)}"`);
      // The kiosk takes the receipt's code as this case's and goes on to look the case up (this engine's
      // worker keeps no metrics facts, so it finds none: 404); another code is refused as wrong (403).
      const rate = (token: string) =>
        app.inject({
          method: 'POST',
          url: `/danh-gia/${encodeURIComponent(caseCode)}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ token, ...Object.fromEntries(ratingCriteria.map((c) => [c, 'satisfied'])) }).toString(),
        });
      expect((await rate(new URL(ratingUrl!).searchParams.get('ma')!)).statusCode).toBe(404);
      expect((await rate(ratingToken('another-secret-of-16+', caseCode))).statusCode).toBe(403);

      const queue = await app.inject({ method: 'GET', url: '/queue', headers: as(desk) });
      expect(queue.statusCode).toBe(200);
      expect(queue.body).toContain(caseCode);
      expect(queue.body).toContain('Lê Thị Hồng');
      const searched = await app.inject({ method: 'GET', url: '/queue?q=le%20thi%20hong', headers: { ...as(desk), 'hx-request': 'true' } });
      expect(searched.body).not.toContain('<html');
      expect(searched.body).toContain(caseCode);
      const elsewhere = await app.inject({ method: 'GET', url: '/queue', headers: as(specialist) });
      expect(elsewhere.body).not.toContain(caseCode);
      expect((await app.inject({ method: 'GET', url: '/queue?view=soon', headers: as(desk) })).statusCode).toBe(400);

      const page = await app.inject({ method: 'GET', url: `/cases/${caseCode}`, headers: as(desk) });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('data-action="accept"');
      expect(page.body).not.toContain('data-action="approve"');
      const key = /name="idempotencyKey" value="([^"]+)-accept"/.exec(page.body)![1];
      const badApology = await app.inject({ method: 'POST', url: `/cases/${caseCode}/actions`, headers: as(desk), payload: { action: 'issue_apology', idempotencyKey: `${key}-x`, newDueAt: 'next week' } });
      expect(badApology.statusCode).toBe(400);
      expect(badApology.body).toContain('Ngày giờ không hợp lệ');
      expect(badApology.body).toContain('Not a valid date and time');
      const notAllowed = await app.inject({ method: 'POST', url: `/cases/${caseCode}/actions`, headers: as(desk), payload: { action: 'approve', idempotencyKey: `${key}-y` } });
      expect(notAllowed.statusCode).toBe(409);
      expect(notAllowed.body).toContain('không được phép');
      // Refused input wrote no action (the engine's own clock events may have run: the fixed receipt is long past).
      expect((await listCaseEvents(database.db, caseCode)).filter((e) => e.type === 'action')).toEqual([]);

      const accepted = await app.inject({ method: 'POST', url: `/cases/${caseCode}/actions`, headers: as(desk), payload: { action: 'accept', idempotencyKey: `${key}-accept`, note: 'Đủ hồ sơ' } });
      expect(accepted.statusCode, accepted.body).toBe(303);
      const after = await app.inject({ method: 'GET', url: `/cases/${caseCode}`, headers: as(specialist) });
      expect(after.body).toContain('data-action="submit_for_signature"');
      expect(after.body).toContain('Đủ hồ sơ');
      const control = await app.inject({ method: 'GET', url: `/forms/${caseCode}/05`, headers: as(desk) });
      expect(control.statusCode).toBe(200);
      expect(control.body).toContain('Phiếu kiểm soát quá trình giải quyết hồ sơ');
      expect(control.body).toContain('Phòng Tài chính – Kế hoạch');
      expect((await app.inject({ method: 'GET', url: `/forms/${caseCode}/03`, headers: as(desk) })).statusCode).toBe(400);
      expect((await app.inject({ method: 'GET', url: `/forms/${caseCode}/07`, headers: as(desk) })).statusCode).toBe(400);
      expect((await app.inject({ method: 'GET', url: '/cases/Q7.MC-260305-9999', headers: as(desk) })).statusCode).toBe(404);
    });
  });
});
