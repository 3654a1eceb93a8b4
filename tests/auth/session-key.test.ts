import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSessionKey, parseSessionKey } from '../../src/auth/session-key.js';

describe('the session key', () => {
  it('is generated once in the data folder, readable by its owner only, and reused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'motcua-key-'));
    const first = loadSessionKey({ MOTCUA_DATA_DIR: dir });
    expect(first).toHaveLength(32);
    expect(statSync(path.join(dir, 'session.key')).mode & 0o777).toBe(0o600);
    expect(loadSessionKey({ MOTCUA_DATA_DIR: dir }).equals(first)).toBe(true);
    expect(readFileSync(path.join(dir, 'session.key'), 'utf8').trim()).toBe(first.toString('hex'));
  });

  it('comes from MOTCUA_SESSION_KEY when set, as hex or base64 of 32 bytes, and refuses any other length', () => {
    const hex = 'ab'.repeat(32);
    expect(loadSessionKey({ MOTCUA_SESSION_KEY: hex, MOTCUA_DATA_DIR: '/nonexistent' }).toString('hex')).toBe(hex);
    expect(parseSessionKey(Buffer.alloc(32, 7).toString('base64'))).toEqual(Buffer.alloc(32, 7));
    expect(() => parseSessionKey(Buffer.alloc(31).toString('base64'))).toThrow(/32 bytes/);
  });
});
