import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** libsodium secretbox keys are 32 bytes. */
export const sessionKeyBytes = 32;

export function parseSessionKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), /^[0-9a-f]{64}$/i.test(text.trim()) ? 'hex' : 'base64');
  if (key.length !== sessionKeyBytes) throw new Error(`the session key must be ${sessionKeyBytes} bytes (64 hex digits or base64)`);
  return key;
}

/**
 * The key that signs and encrypts session cookies: MOTCUA_SESSION_KEY when set (every API process
 * of a deployment needs the same one), else `session.key` in the data folder, generated on first
 * run and readable only by its owner.
 */
export function loadSessionKey(config: { MOTCUA_SESSION_KEY?: string | undefined; MOTCUA_DATA_DIR: string }): Buffer {
  if (config.MOTCUA_SESSION_KEY) return parseSessionKey(config.MOTCUA_SESSION_KEY);
  const file = path.resolve(config.MOTCUA_DATA_DIR, 'session.key');
  if (existsSync(file)) return parseSessionKey(readFileSync(file, 'utf8'));
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(sessionKeyBytes);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
