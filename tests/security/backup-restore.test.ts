/**
 * Backup and restore of the embedded default: a backup taken from a running `motcua start` with
 * cases in flight, restored into another data folder, and those cases finish there with exactly
 * the events they should have.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { actorOf, issueTokens } from '../../bench/chaos/fault-matrix.js';
import { freePort, runMotcua, startMotcuaProcess, type MotcuaProcess } from '../support/motcua-process.js';

const happyPath = ['accept', 'submit_for_signature', 'approve', 'return_at_desk'];
const expectedTypes = ['received', 'action', 'action', 'action', 'resolved', 'action', 'closed'];

/** A call as one demo account (bearer token; tokens live in the database, so they survive the restore). */
async function call(api: string, auth: Record<string, string>, method: 'GET' | 'POST', url: string, body?: unknown) {
  const response = await fetch(`${api}${url}`, {
    method,
    headers: body ? { 'content-type': 'application/json', ...auth } : auth,
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('motcua backup / restore (embedded default)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'motcua-backup-'));
  const processes: MotcuaProcess[] = [];
  afterAll(async () => {
    for (const p of processes) await p.stop('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('restores a backup taken while cases were in flight, and those cases finish', async () => {
    expect(process.env.DATABASE_URL, 'the embedded default is under test').toBeUndefined();
    expect(process.env.TEMPORAL_ADDRESS, 'the embedded default is under test').toBeUndefined();
    const ports = { PORT: String(await freePort()), MOTCUA_TEMPORAL_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()) };
    const envOf = (dir: string) => ({ MOTCUA_DATA_DIR: path.join(root, dir), MOTCUA_TASK_QUEUE: 'backup-test', HOST: '127.0.0.1', ...ports });
    const backupFile = path.join(root, 'backups', 'motcua.tar.gz');

    const original = startMotcuaProcess('start', envOf('original'), { payloadKey: 'data-dir' });
    processes.push(original);
    const api = await original.ready;
    const tokens = await issueTokens(api);
    const as = (action: string) => tokens[actorOf[action]!]!;
    const desk = as('accept');
    const codes: string[] = [];
    for (const name of ['Trần Thị Một', 'Lê Văn Hai', 'Phạm Ba']) {
      const submitted = await call(api, desk, 'POST', '/api/cases', { procedureCode: 'D7-HKD-01', applicant: { name }, channel: 'desk' });
      expect(submitted.status).toBe(201);
      const code = submitted.body.caseCode as string;
      expect((await call(api, as('accept'), 'POST', `/api/cases/${code}/actions`, { action: 'accept', idempotencyKey: `${code}-accept` })).status).toBe(200);
      codes.push(code);
    }

    const backup = await runMotcua(['backup', backupFile], envOf('original'));
    expect(backup.exitCode, backup.err).toBe(0);
    expect(backup.out).toMatch(/backup written: .*motcua paused \d+ ms/);
    // Running again after the pause: this action comes after the backup's instant.
    const later = await call(api, as('submit_for_signature'), 'POST', `/api/cases/${codes[0]}/actions`, { action: 'submit_for_signature', idempotencyKey: `${codes[0]}-submit_for_signature` });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    expect(later.body.state).toBe('signing');
    await original.stop();

    const restore = await runMotcua(['restore', backupFile], envOf('restored'));
    expect(restore.exitCode, restore.err).toBe(0);
    // Temporal's payloads are sealed with the data folder's key: the archive carries it.
    expect(readFileSync(path.join(root, 'restored', 'payload.key'), 'utf8')).toBe(readFileSync(path.join(root, 'original', 'payload.key'), 'utf8'));
    const restored = startMotcuaProcess('start', envOf('restored'), { payloadKey: 'data-dir' });
    processes.push(restored);
    const restoredApi = await restored.ready;
    const whileRunning = await runMotcua(['restore', backupFile], envOf('restored'));
    expect(whileRunning.exitCode).toBe(1);
    expect(whileRunning.err).toContain('stop it before restoring');

    for (const code of codes) {
      const before = await call(restoredApi, desk, 'GET', `/api/cases/${code}`);
      expect(before.body.state, 'the case as it was at the backup').toBe('appraisal');
      for (const action of happyPath.slice(1)) {
        const acted = await call(restoredApi, as(action), 'POST', `/api/cases/${code}/actions`, { action, idempotencyKey: `${code}-${action}` });
        expect(acted.status, JSON.stringify(acted.body)).toBe(200);
      }
      const details = await call(restoredApi, desk, 'GET', `/api/cases/${code}`);
      expect(details.body.status).toBe('closed');
      const events = details.body.events as Array<{ seq: number; type: string; data: { action?: string } }>;
      expect(events.map((e) => e.type)).toEqual(expectedTypes);
      expect(events.map((e) => e.seq)).toEqual(expectedTypes.map((_, i) => i + 1));
      expect(events.filter((e) => e.type === 'action').map((e) => e.data.action)).toEqual(happyPath);
    }
    // The dossier numbering continues from the restored state.
    const next = await call(restoredApi, desk, 'POST', '/api/cases', { procedureCode: 'D7-HKD-01', applicant: { name: 'Sau' }, channel: 'desk' });
    expect(next.status).toBe(201);
    expect(Number((next.body.caseCode as string).slice(-4))).toBe(Number(codes[2]!.slice(-4)) + 1);
    await restored.stop();
  }, 900_000); // three `motcua start`s, each bundling the workflow code: minutes on a busy 2-core machine
});
