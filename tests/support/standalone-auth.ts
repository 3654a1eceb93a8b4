/**
 * Accounts for HTTP-layer tests that run without an engine: an in-memory PGlite with the migrations
 * and the demo accounts, and bearer tokens for them (what `motcua users token` issues).
 */
import { randomBytes } from 'node:crypto';
import { issueApiToken } from '../../src/auth/api-tokens.js';
import { seedDemoAccounts } from '../../src/auth/demo-accounts.js';
import { migrateToLatest, openDatabase, type MotcuaDb } from '../../src/store/database.js';
import type { AuthOptions } from '../../src/api/auth-plugin.js';

export interface StandaloneAuth {
  db: MotcuaDb;
  auth: AuthOptions;
  /** `{ authorization: 'Bearer …' }` for a demo account. */
  bearer(account: string): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

export async function standaloneAuth(): Promise<StandaloneAuth> {
  const db = openDatabase({ kind: 'pglite' });
  await migrateToLatest(db);
  await seedDemoAccounts(db);
  return {
    db,
    auth: { db, sessionKey: randomBytes(32), sessionHours: 12 },
    bearer: async (account) => ({ authorization: `Bearer ${(await issueApiToken(db, account, 'test')).token}` }),
    close: () => db.destroy(),
  };
}
