/**
 * Units as data, end to end: an organisation loads a commune and a department (`motcua units load`),
 * `motcua procedures lint --db` accepts a definition naming them, and a case is received and acted
 * on there through the API, on a real Temporal server and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { runProceduresCommand } from '../../src/cli/procedures-command.js';
import { listCaseEvents } from '../../src/store/case-store.js';
import { openDatabase } from '../../src/store/database.js';
import { buildTestApp, signIn } from '../support/api-app.js';
import type { TestEngine } from '../support/engine.js';
import { startProvinceEngine } from '../support/province-engine.js';
import { provinceProcedureFile } from '../support/province-units.js';
import { runCliCommand } from '../support/run-cli-command.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';

describe('a province’s own units, from the units file to a case acted on at them', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  let app: FastifyInstance;
  const openDb = async () => openDatabase({ kind: 'postgres', url: database.url! });

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    ({ env, engine } = await startProvinceEngine(database));
    app = await buildTestApp(env, engine, database.db); // seeds demo accounts for every unit, the loaded ones too
  });
  afterAll(async () => {
    await app?.close();
    await engine?.close();
    await env?.teardown();
    await database?.close();
  });

  it('lint accepts the definition against the database’s units and refuses it against the built-in list', async () => {
    const lint = (...args: string[]) => runCliCommand((a, io) => runProceduresCommand(a, io, openDb), ['lint', provinceProcedureFile, ...args]);
    const withDatabase = await lint('--db');
    expect(withDatabase.exitCode, withDatabase.err).toBe(0);
    expect(withDatabase.out).toContain('1 procedure(s) valid, 0 error(s)');
    const builtIn = await lint();
    expect(builtIn.exitCode).toBe(1);
    expect(builtIn.err).toContain(`${provinceProcedureFile}: steps[1].unit: PROC_UNKNOWN_UNIT`);
  });

  it('receives a dossier at the commune’s desk and lets the commune and the department act, each at its own unit', async () => {
    const desk = await signIn(app, 'desk_officer.hcm.x.cg.mc');
    const communeOfficer = await signIn(app, 'ward_officer.hcm.x.cg');
    const otherWard = await signIn(app, 'ward_officer.p.ttd');
    const departmentHead = await signIn(app, 'head.hcm.syt');
    const post = (url: string, payload: object, headers: { cookie: string }) => app.inject({ method: 'POST', url, payload, headers });
    await engine.withWorker(async () => {
      // No ward in the body: the desk's own commune, read from the directory.
      const submitted = await post('/api/cases', { procedureCode: 'HCM-BTXH-02', applicant: { name: 'Lê Văn C' }, channel: 'desk' }, desk);
      expect(submitted.statusCode, submitted.body).toBe(201);
      const { caseCode } = submitted.json();
      expect(caseCode).toMatch(/^HCM\.X\.CG\.MC-\d{6}-0001$/);

      const accepted = await post(`/api/cases/${caseCode}/actions`, { action: 'accept', idempotencyKey: 'units-key-1' }, desk);
      expect(accepted.statusCode, accepted.body).toBe(200);
      // A ward of District 7 does not see the case (404), and the commune's officer moves it on.
      expect((await post(`/api/cases/${caseCode}/actions`, { action: 'transfer_to_district', idempotencyKey: 'units-key-2' }, otherWard)).statusCode).toBe(404);
      const moved = await post(`/api/cases/${caseCode}/actions`, { action: 'transfer_to_district', idempotencyKey: 'units-key-3' }, communeOfficer);
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().states).toEqual([expect.objectContaining({ path: 'department_appraisal', unit: 'HCM.SYT' })]);
      const approved = await post(`/api/cases/${caseCode}/actions`, { action: 'approve', idempotencyKey: 'units-key-4' }, departmentHead);
      expect(approved.statusCode, approved.body).toBe(200);

      const stored = await listCaseEvents(database.db, caseCode);
      expect(stored.filter((e) => e.type === 'received' || e.type === 'action').map((e) => [e.actor, e.actorUnit, e.data.action ?? null])).toEqual([
        ['desk_officer.hcm.x.cg.mc', 'HCM.X.CG.MC', null],
        ['desk_officer.hcm.x.cg.mc', 'HCM.X.CG.MC', 'accept'],
        ['ward_officer.hcm.x.cg', 'HCM.X.CG', 'transfer_to_district'],
        ['head.hcm.syt', 'HCM.SYT', 'approve'],
      ]);
    });
  });
});
