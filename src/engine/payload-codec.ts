/**
 * Personal data out of Temporal: every payload the client and the worker send to Temporal
 * (workflow input with the applicant, Update arguments with notes, results, query answers,
 * local-activity markers) is encrypted with AES-256-GCM before it leaves the process, so the
 * Temporal server, its database, its backups and its UI hold ciphertext only. PostgreSQL keeps
 * the readable copy (the `cases` row). Why a codec and not a reference: docs/architecture.md.
 *
 * Payloads written before this release are plaintext and pass through `decode` unchanged, so
 * recorded histories still replay. Staff allowed to read cases decode in the Temporal UI through
 * the codec endpoint (src/api/codec-routes.ts).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

const { Payload: PayloadMessage } = proto.temporal.api.common.v1;
const encoding = 'binary/encrypted';
const encodingBytes = new TextEncoder().encode(encoding);
const keyIdField = 'encryption-key-id';
const ivLength = 12;
const tagLength = 16;

/** A key's public name: the first bytes of its hash, so a payload says which key sealed it. */
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function parsePayloadKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('MOTCUA_PAYLOAD_KEY must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)');
  return key;
}

export class EncryptionCodec implements PayloadCodec {
  readonly keyId: string;
  /** Older keys still decode what they sealed, after a key change. */
  readonly #keys: Map<string, Buffer>;
  readonly #current: Buffer;

  constructor(current: Buffer, previous: Buffer[] = []) {
    this.#current = current;
    this.keyId = keyIdOf(current);
    this.#keys = new Map([current, ...previous].map((key) => [keyIdOf(key), key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(ivLength);
      const cipher = createCipheriv('aes-256-gcm', this.#current, iv);
      const plain = PayloadMessage.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: encodingBytes, [keyIdField]: new TextEncoder().encode(this.keyId) }, data: sealed };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (new TextDecoder().decode(payload.metadata?.encoding) !== encoding) return payload; // written before encryption
      const keyId = new TextDecoder().decode(payload.metadata?.[keyIdField]);
      const key = this.#keys.get(keyId);
      if (!key) throw new Error(`payload sealed with key ${keyId}, which this process does not have (MOTCUA_PAYLOAD_KEY)`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, ivLength));
      decipher.setAuthTag(data.subarray(data.length - tagLength));
      const plain = Buffer.concat([decipher.update(data.subarray(ivLength, data.length - tagLength)), decipher.final()]);
      return PayloadMessage.decode(plain) as Payload;
    });
  }
}

export const payloadKeyFileName = 'payload.key';

/**
 * The payload key: MOTCUA_PAYLOAD_KEY when set (a cluster: every worker and API the same), else
 * `<data dir>/payload.key`, created owner-only on first start (the embedded default; the backup
 * archive carries it). Whoever loses the key loses the readable Temporal payloads, not the cases:
 * PostgreSQL holds those.
 */
export function loadPayloadKey(config: { MOTCUA_PAYLOAD_KEY?: string | undefined; MOTCUA_DATA_DIR: string }): Buffer {
  if (config.MOTCUA_PAYLOAD_KEY) return parsePayloadKey(config.MOTCUA_PAYLOAD_KEY);
  const file = path.join(config.MOTCUA_DATA_DIR, payloadKeyFileName);
  mkdirSync(config.MOTCUA_DATA_DIR, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parsePayloadKey(readFileSync(file, 'utf8').trim());
}

export function encryptingDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec] };
}
