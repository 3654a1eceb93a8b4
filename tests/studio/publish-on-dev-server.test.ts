/**
 * Publishing while cases are open, on the Temporal dev server: new cases take the published
 * version, open ones finish on the version pinned at their start; rollback republishes; only
 * designers and administrators publish; every publication is kept with hash, author, time, reason.
 */
import { readFileSync } from 'node:fs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandler } from '../../src/api/error-handler.js';
import { studioRoutes } from '../../src/api/studio-routes.js';
import { defaultCalendar } from '../../src/calendar/index.js';
import { MotcuaError } from '../../src/errors.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import { getCaseRow, listCaseEvents } from '../../src/store/case-store.js';
import { contentHash, createStudioService, type StudioService } from '../../src/studio/studio-service.js';
import { createTestEngine, devServerEnvironment, proceduresDir, type TestEngine } from '../support/engine.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';

const originalYaml = readFileSync(`${proceduresDir}/xay-dung/D7-XD-01.yaml`, 'utf8');
const streamlinedYaml = readFileSync('tests/studio/fixtures/streamlined/D7-XD-01.yaml', 'utf8');
const designer = { account: 'designer.q7.vp', role: 'designer' };
const specialist = { account: 'specialist.q7.qldt', role: 'specialist' };
const PUBLISHED_AT = new Date('2026-11-27T02:00:00.000Z');

describe('publishing a streamlined permit while permits are open (dev server)', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  let studio: StudioService;
  let key = 0;
  const act = (caseCode: string, action: string, actorUnit?: string) => engine.cases.act(caseCode, { action, actor: 'staff.test', actorUnit }, `publish-test-${++key}`);

  beforeAll(async () => {
    env = await devServerEnvironment();
    database = await createTestDatabase('pglite');
    studio = createStudioService({ db: database.db, catalogue: await loadCatalogue(proceduresDir), calendar: defaultCalendar, now: () => PUBLISHED_AT });
    await studio.load();
    engine = await createTestEngine(env, database.db, { procedures: studio.procedures });
  }, 300_000);
  afterAll(async () => {
    await engine?.close();
    await env?.teardown();
    await database?.close();
  });

  it('new cases use the published version; open cases finish on theirs', async () => {
    await engine.withWorker(async () => {
      const original = studio.procedures.get('D7-XD-01')!;
      const open = await engine.cases.submit({ procedureCode: 'D7-XD-01', applicant: { name: 'Trần Thị A' }, channel: 'desk', ward: 'TTD' });
      expect(open.procedureVersion).toBe(original.version);
      await act(open.caseCode, 'accept');

      const publication = await studio.publish(designer, 'D7-XD-01', { yaml: streamlinedYaml, reason: 'Tinh gọn: bỏ kiểm tra thực địa, ký 2 ngày' });
      expect(publication).toMatchObject({ author: designer.account, contentHash: contentHash(streamlinedYaml), publishedAt: PUBLISHED_AT.toISOString() });
      expect(publication.version).not.toBe(original.version);

      const fresh = await engine.cases.submit({ procedureCode: 'D7-XD-01', applicant: { name: 'Lê Văn B' }, channel: 'desk', ward: 'TTD' });
      expect(fresh.procedureVersion).toBe(publication.version);
      await act(fresh.caseCode, 'accept');
      // The streamlined version has no site inspection…
      await expect(act(fresh.caseCode, 'order_site_inspection')).rejects.toMatchObject({ code: 'CASE_ACTION_NOT_ALLOWED' });
      // …the open case still has it, and finishes on its own version.
      for (const action of ['order_site_inspection', 'submit_for_signature', 'approve', 'return_at_desk']) await act(open.caseCode, action);
      const row = await getCaseRow(database.db, open.caseCode);
      expect(row).toMatchObject({ procedure_version: original.version, status: 'closed' });
      const events = await listCaseEvents(database.db, open.caseCode);
      expect(events.find((e) => e.type === 'received')!.data.procedureVersion).toBe(original.version);
      expect(events.filter((e) => e.type === 'action').map((e) => e.data.action)).toContain('order_site_inspection');

      for (const action of ['submit_for_signature', 'approve', 'return_at_desk']) await act(fresh.caseCode, action);
      expect(await getCaseRow(database.db, fresh.caseCode)).toMatchObject({ procedure_version: publication.version, status: 'closed' });
    });
  }, 120_000);

  it('rolls back by publishing an earlier text again, and keeps every publication', async () => {
    const back = await studio.publish(designer, 'D7-XD-01', { yaml: originalYaml, reason: 'Quay lại bản gốc để đối chiếu' });
    expect(studio.procedures.get('D7-XD-01')!.version).toBe(back.version);
    const [, first] = await studio.publications('D7-XD-01');
    const again = await studio.rollback(designer, 'D7-XD-01', first!.id, 'Áp dụng lại bản tinh gọn');
    expect(again).toMatchObject({ version: first!.version, republishes: first!.id, contentHash: first!.contentHash });
    expect(studio.procedures.get('D7-XD-01')!.version).toBe(first!.version);
    const all = await studio.publications('D7-XD-01');
    expect(all.map((p) => p.reason)).toEqual(['Áp dụng lại bản tinh gọn', 'Quay lại bản gốc để đối chiếu', 'Tinh gọn: bỏ kiểm tra thực địa, ký 2 ngày']);
  });

  it('refuses others than designers and administrators, and invalid drafts, changing nothing', async () => {
    const before = await studio.publications('D7-XD-01');
    await expect(studio.publish(specialist, 'D7-XD-01', { yaml: streamlinedYaml, reason: 'x' })).rejects.toMatchObject({ code: 'STUDIO_FORBIDDEN' });
    await expect(studio.publish(null, 'D7-XD-01', { yaml: streamlinedYaml, reason: 'x' })).rejects.toBeInstanceOf(MotcuaError);
    await expect(studio.publish(designer, 'D7-XD-01', { yaml: streamlinedYaml, reason: '  ' })).rejects.toMatchObject({ code: 'STUDIO_REASON_REQUIRED' });
    const broken = streamlinedYaml.replace('next: signing\n    regions', 'next: nowhere\n    regions');
    await expect(studio.publish(designer, 'D7-XD-01', { yaml: broken, reason: 'x' })).rejects.toMatchObject({ code: 'STUDIO_DRAFT_INVALID' });
    expect(await studio.publications('D7-XD-01')).toEqual(before);
  });

  describe('over HTTP', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = Fastify();
      app.setValidatorCompiler(validatorCompiler);
      app.setSerializerCompiler(serializerCompiler);
      installErrorHandler(app);
      // Stands in for the auth plugin: the identity the request carries.
      app.decorateRequest('identity', null);
      app.addHook('onRequest', async (request) => {
        const role = request.headers['x-test-role'];
        (request as unknown as { identity: unknown }).identity = typeof role === 'string' ? { account: `${role}.test`, role } : null;
      });
      await app.register(studioRoutes, { studio });
    });
    afterAll(() => app?.close());
    const designer = { 'x-test-role': 'designer' };

    it('checks a draft with file and path errors, saves it for designers only, and publishes it', async () => {
      const broken = streamlinedYaml.replace('unit: Q7.VP', 'unit: Q7.NOWHERE');
      const check = await app.inject({ method: 'POST', url: '/api/studio/procedures/D7-XD-01/draft/check', payload: { yaml: broken }, headers: designer });
      expect(check.json()).toMatchObject({ ok: false, issues: [expect.objectContaining({ code: 'PROC_UNKNOWN_UNIT', file: 'D7-XD-01.yaml', path: 'steps[2].unit' })] });

      const refused = await app.inject({ method: 'PUT', url: '/api/studio/procedures/D7-XD-01/draft', payload: { yaml: streamlinedYaml }, headers: { 'x-test-role': 'head' } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('STUDIO_FORBIDDEN');
      const saved = await app.inject({ method: 'PUT', url: '/api/studio/procedures/D7-XD-01/draft', payload: { yaml: streamlinedYaml }, headers: { 'x-test-role': 'designer' } });
      expect(saved.json()).toMatchObject({ ok: true });

      const published = await app.inject({ method: 'POST', url: '/api/studio/procedures/D7-XD-01/publications', payload: { reason: 'Từ bản nháp' }, headers: { 'x-test-role': 'admin' } });
      expect(published.statusCode).toBe(201);
      expect(published.json()).toMatchObject({ author: 'admin.test', reason: 'Từ bản nháp', contentHash: contentHash(streamlinedYaml) });
    });

    it('serves the diagram with the open cases of the version, and the event log', async () => {
      const svg = await app.inject({ method: 'GET', url: '/api/studio/procedures/D7-XD-01/diagram.svg', headers: designer });
      expect(svg.headers['content-type']).toContain('image/svg+xml');
      expect(svg.body).toContain('data-state="consultation.land"');
      const xes = await app.inject({ method: 'GET', url: '/api/studio/export?format=xes&procedure=D7-XD-01', headers: designer });
      expect((xes.body.match(/<trace>/g) ?? []).length).toBe(2);
      const ocel = await app.inject({ method: 'GET', url: '/api/studio/export?format=ocel&procedure=D7-XD-01', headers: designer });
      expect(ocel.json().objects.filter((o: { type: string }) => o.type === 'dossier')).toHaveLength(2);
      const bad = await app.inject({ method: 'GET', url: '/api/studio/export?format=csv', headers: designer });
      expect(bad.statusCode).toBe(400);
      // A day PostgreSQL cannot store (no year 0, no month 0) is refused before any query.
      const noSuchDay = await app.inject({ method: 'GET', url: '/api/studio/export?format=xes&from=0000-00-00', headers: designer });
      expect(noSuchDay.statusCode).toBe(400);
      expect(noSuchDay.json().code).toBe('REQUEST_INVALID');
    });

    it('opens the studio API to designers and administrators only: the event log names accounts and cases', async () => {
      for (const url of ['/api/studio/export?format=xes', '/api/studio/procedures/D7-XD-01/mining', '/api/studio/procedures/D7-XD-01/diagram.svg', '/api/studio/procedures/D7-XD-01/publications']) {
        const anonymous = await app.inject({ method: 'GET', url });
        expect(anonymous.statusCode, url).toBe(401);
        expect(anonymous.json().code).toBe('AUTH_REQUIRED');
        const specialist = await app.inject({ method: 'GET', url, headers: { 'x-test-role': 'specialist' } });
        expect(specialist.statusCode, url).toBe(403);
        expect(specialist.json().code).toBe('STUDIO_FORBIDDEN');
        expect((await app.inject({ method: 'GET', url, headers: { 'x-test-role': 'admin' } })).statusCode, url).toBe(200);
      }
    });
  });
});
