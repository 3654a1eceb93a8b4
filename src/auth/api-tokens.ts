/**
 * Bearer tokens for API clients (e.g. the province's public-service portal entering online filings).
 * A token is 32 random bytes shown once; only its SHA-256 is stored. A fast hash is enough: unlike a
 * password, the token has 256 bits of entropy, so its hash cannot be guessed backwards.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Identity } from '../cases/actor.js';
import type { MotcuaDb } from '../store/database.js';
import { identityOf } from './accounts.js';
import { MotcuaError } from '../errors.js';

const tokenPrefix = 'mct_';

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface IssuedToken {
  token: string;
  account: string;
  label: string;
  expiresAt: string | null;
}

export async function issueApiToken(
  db: MotcuaDb,
  account: string,
  label: string,
  expiresAt: Date | null = null,
): Promise<IssuedToken> {
  const exists = await db.selectFrom('accounts').select('account').where('account', '=', account.toLowerCase()).executeTakeFirst();
  if (!exists) throw new MotcuaError('ACCOUNT_NOT_FOUND', { account });
  const token = `${tokenPrefix}${randomBytes(32).toString('base64url')}`;
  await db
    .insertInto('api_tokens')
    .values({ token_hash: tokenHash(token), account: exists.account, label, expires_at: expiresAt })
    .execute();
  return { token, account: exists.account, label, expiresAt: expiresAt?.toISOString() ?? null };
}

/** The identity a bearer token stands for, or null (unknown, revoked, expired, or its account disabled). */
export async function tokenIdentity(db: MotcuaDb, token: string, now: Date): Promise<Identity | null> {
  if (!token.startsWith(tokenPrefix)) return null;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('accounts', 'accounts.account', 'api_tokens.account')
    .select(['accounts.account', 'accounts.name', 'accounts.unit', 'accounts.role', 'accounts.active', 'api_tokens.expires_at', 'api_tokens.revoked_at'])
    .where('api_tokens.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || !row.active || row.revoked_at !== null) return null;
  if (row.expires_at !== null && new Date(row.expires_at).getTime() <= now.getTime()) return null;
  return identityOf(row);
}

/** Revokes every token of an account (its tokens stop working at once). */
export async function revokeApiTokens(db: MotcuaDb, account: string): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()` })
    .where('account', '=', account.toLowerCase())
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
