/**
 * Personal data out of Temporal: a case started with a recognisable citizen ID number, through the
 * real runtime (embedded Temporal dev server, PGlite, worker and API in one process, as
 * `motcua start`). The number appears nowhere in the workflow history fetched from the server, nor
 * in any log line; PostgreSQL holds it; and histories still replay, old plaintext ones included.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Connection } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiToken } from '../../src/auth/api-tokens.js';
import { loadConfig } from '../../src/config.js';
import { EncryptionCodec, parsePayloadKey } from '../../src/engine/payload-codec.js';
import { startRuntime, type Runtime } from '../../src/engine/runtime.js';
import { createLogger } from '../../src/logger.js';
import { quietTemporalRuntime, workflowBundle } from '../support/engine.js';
import { freePort } from '../support/motcua-process.js';
import { testDataConverter, testPayloadKeyBase64 } from '../support/payload-key.js';

const citizenId = '079304001234';
const applicant = { name: 'Nguyễn Thị Bảo Mật', idNumber: citizenId, address: '12 Đường Số 7, Tân Thuận Tây' };

describe('personal data stays out of Temporal and the logs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-pii-'));
  let logText = '';
  let runtime: Runtime;
  let address: string;

  beforeAll(async () => {
    quietTemporalRuntime();
    const temporalPort = await freePort();
    address = `127.0.0.1:${temporalPort}`;
    const config = loadConfig({
      MOTCUA_DATA_DIR: dir,
      PORT: '0',
      MOTCUA_TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(await freePort()),
      MOTCUA_TASK_QUEUE: 'pii-test',
      MOTCUA_PAYLOAD_KEY: testPayloadKeyBase64,
      MOTCUA_TEMPORAL_CLI: process.env.MOTCUA_TEMPORAL_CLI,
      LOG_LEVEL: 'trace',
    });
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logText += chunk.toString();
        done();
      },
    });
    runtime = await startRuntime(config, createLogger('trace', 'motcua', sink), { worker: true, api: true }, { workflowBundle: await workflowBundle() });
  }, 240_000);
  afterAll(async () => {
    await runtime?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the citizen ID number out of the workflow history and the logs, and in PostgreSQL', async () => {
    const app = runtime.app!;
    const desk = { authorization: `Bearer ${(await issueApiToken(runtime.db, 'desk_officer.q7.mc', 'pii test')).token}` };
    const submitted = await app.inject({ method: 'POST', url: '/api/cases', headers: desk, payload: { procedureCode: 'D7-HKD-01', applicant, channel: 'desk' } });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const { caseCode } = submitted.json();
    const accepted = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseCode}/actions`,
      headers: desk,
      payload: { action: 'accept', idempotencyKey: `${caseCode}-accept`, note: `Đã đối chiếu CCCD ${citizenId}` },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/cases/${caseCode}`, headers: desk })).statusCode).toBe(200);

    // The history as the server stores and serves it, read without the key (as the Temporal UI or an operator would).
    const connection = await Connection.connect({ address });
    const response = await connection.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: caseCode } });
    await connection.close();
    const raw = Buffer.from(temporal.api.history.v1.History.encode(response.history!).finish());
    const EventType = temporal.api.enums.v1.EventType;
    const types = response.history!.events!.map((e) => e.eventType);
    expect(types).toContain(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    for (const secret of [citizenId, 'Bảo Mật', 'Tân Thuận Tây', 'Đã đối chiếu']) {
      expect(raw.includes(Buffer.from(secret)), `"${secret}" in the history`).toBe(false);
    }

    // It is there, sealed: the key opens the workflow input and shows the applicant.
    const started = response.history!.events![0]!.workflowExecutionStartedEventAttributes!;
    const [input] = await new EncryptionCodec(parsePayloadKey(testPayloadKeyBase64)).decode(started.input!.payloads! as never);
    expect(JSON.parse(Buffer.from(input!.data!).toString()).applicant).toEqual(applicant);
    // A key that is not the one it was sealed with does not open it.
    const otherCodec = new EncryptionCodec(Buffer.alloc(32, 9));
    await expect(otherCodec.decode(started.input!.payloads! as never)).rejects.toThrow(/key/);

    // The codec endpoint (Temporal UI, CLI --codec-endpoint) decodes for administrators only.
    const asJson = (payloads: Array<{ metadata?: Record<string, Uint8Array | null> | null; data?: Uint8Array | null }> | null | undefined) => ({
      payloads: payloads!.map((p) => ({
        metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
        data: Buffer.from(p.data!).toString('base64'),
      })),
    });
    const decodeRequest = { method: 'POST' as const, url: '/codec/decode', payload: asJson(started!.input!.payloads) };
    expect((await app.inject(decodeRequest)).statusCode).toBe(401);
    const refused = await app.inject({ ...decodeRequest, headers: desk });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain(Buffer.from(citizenId).toString('base64').slice(0, 12));
    const admin = { authorization: `Bearer ${(await issueApiToken(runtime.db, 'admin.q7.vp', 'codec test')).token}` };
    const decoded = await app.inject({ ...decodeRequest, headers: { ...admin, 'x-namespace': 'default' } });
    expect(decoded.statusCode, decoded.body).toBe(200);
    const [plain] = decoded.json().payloads as Array<{ metadata: Record<string, string>; data: string }>;
    expect(Buffer.from(plain!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(plain!.data, 'base64').toString()).applicant).toEqual(applicant);
    // Encode is the inverse: what it seals, decode opens; a damaged payload is a 400 with a code.
    const sealed = await app.inject({ method: 'POST', url: '/codec/encode', headers: admin, payload: { payloads: [plain] } });
    expect(sealed.statusCode).toBe(200);
    expect(Buffer.from(sealed.json().payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const reopened = await app.inject({ method: 'POST', url: '/codec/decode', headers: admin, payload: sealed.json() });
    expect(reopened.json().payloads[0].data).toBe(plain!.data);
    const damaged = sealed.json();
    damaged.payloads[0].data = Buffer.from('not what was sealed, long enough to hold an iv and tag').toString('base64');
    const bad = await app.inject({ method: 'POST', url: '/codec/decode', headers: admin, payload: damaged });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('CODEC_PAYLOAD_INVALID');

    // PostgreSQL holds the readable copy.
    const row = await runtime.db.selectFrom('cases').select('applicant').where('case_code', '=', caseCode).executeTakeFirstOrThrow();
    expect(row.applicant).toEqual(applicant);

    expect(logText.length).toBeGreaterThan(0);
    expect(logText).toContain(caseCode);
    for (const secret of [citizenId, 'Bảo Mật', 'Tân Thuận Tây']) expect(logText, `"${secret}" in the logs`).not.toContain(secret);

    // The encrypted history replays on the workflow code with the key.
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: testDataConverter }, response.history!, caseCode)).resolves.toBeUndefined();
  }, 180_000);

  it('replays the recorded plaintext histories of earlier releases with the encrypting data converter', async () => {
    const histories = new URL('../workflows/histories/', import.meta.url);
    const files = readdirSync(histories, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(39);
    for (const file of files) {
      const history = historyFromJSON(JSON.parse(readFileSync(new URL(file, histories), 'utf8')));
      await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: testDataConverter }, history, file)).resolves.toBeUndefined();
    }
  }, 300_000);
});
