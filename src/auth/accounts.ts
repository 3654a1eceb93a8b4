/**
 * Accounts (tài khoản): one unit and one role each, argon2id password hashes, enable/disable.
 * Used by the login route, the `motcua users` command and the administrator's page.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { isStaffRole, staffRoles, type Identity, type StaffRole } from '../cases/actor.js';
import { roleFitsUnit, overseeingRoles, unitRoles } from '../cases/authorization.js';
import { MotcuaError } from '../errors.js';
import type { UnitKind } from '../procedures/units.js';
import { unitDirectory, type UnitDirectory } from '../procedures/unit-directory.js';
import type { MotcuaDb } from '../store/database.js';
import { unitsFileError, type UnitRecord } from './units-file.js';
import { decoyPasswordHash, hashPassword, minimumPasswordLength, verifyPassword } from './passwords.js';

export const accountNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '3–64 lower-case letters, digits, . _ -');

export interface AccountSummary extends Identity {
  active: boolean;
  demo: boolean;
  createdAt: string;
}

export interface NewAccount {
  account: string;
  name: string;
  unit: string;
  role: StaffRole;
  password: string;
  demo?: boolean;
}

/** Units as the organisation loaded them (table `units`). */
export async function listUnits(db: MotcuaDb) {
  const rows = await db.selectFrom('units').selectAll().orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, nameVi: r.name_vi, nameEn: r.name_en, level: r.level, kind: r.kind as UnitKind, ward: r.ward }));
}

/** The deployment's unit directory, read once at start: what definitions and new cases are checked against. */
export async function loadUnitDirectory(db: MotcuaDb): Promise<UnitDirectory> {
  return unitDirectory(await listUnitsWithParents(db));
}

/** Every unit with its parent, for `motcua units list`. */
export async function listUnitsWithParents(db: MotcuaDb) {
  const rows = await db.selectFrom('units').selectAll().orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, nameVi: r.name_vi, nameEn: r.name_en, level: r.level, kind: r.kind as UnitKind, ward: r.ward, parent: r.parent }));
}

/**
 * Adds or updates the units of a checked file in one transaction (units are never deleted: accounts
 * and events name them). A unit whose kind would no longer fit the role of one of its accounts is
 * refused, and then nothing is written.
 */
export async function saveUnits(db: MotcuaDb, file: string, units: readonly UnitRecord[]): Promise<{ added: number; updated: number }> {
  return db.transaction().execute(async (trx) => {
    const existing = new Set((await trx.selectFrom('units').select('code').execute()).map((r) => r.code));
    for (const [index, unit] of units.entries()) {
      if (!existing.has(unit.code)) continue;
      const accounts = await trx.selectFrom('accounts').select(['account', 'role']).where('unit', '=', unit.code).execute();
      const unfit = accounts.find((a) => isStaffRole(a.role) && !roleFitsUnit(a.role, unit.kind));
      if (unfit) {
        throw unitsFileError(file, {
          path: `units[${index}].kind`,
          vi: `tài khoản ${unfit.account} (${unfit.role}) của ${unit.code} không hợp với loại đơn vị ${unit.kind}`,
          en: `account ${unfit.account} (${unfit.role}) of ${unit.code} does not fit a ${unit.kind} unit`,
        });
      }
    }
    for (const unit of units) {
      const row = { name_vi: unit.nameVi, name_en: unit.nameEn, level: unit.level, kind: unit.kind, ward: unit.ward, parent: unit.parent };
      await trx
        .insertInto('units')
        .values({ code: unit.code, ...row })
        .onConflict((oc) => oc.column('code').doUpdateSet(row))
        .execute();
    }
    const added = units.filter((u) => !existing.has(u.code)).length;
    return { added, updated: units.length - added };
  });
}

async function unitKindOf(db: MotcuaDb, unit: string): Promise<UnitKind> {
  const row = await db.selectFrom('units').select('kind').where('code', '=', unit).executeTakeFirst();
  if (!row) throw new MotcuaError('CASE_UNKNOWN_UNIT', { unit });
  return row.kind as UnitKind;
}

function checkPassword(password: string): void {
  if (password.length < minimumPasswordLength) throw new MotcuaError('ACCOUNT_PASSWORD_TOO_SHORT', { minimum: minimumPasswordLength });
}

async function checkRoleFits(db: MotcuaDb, role: StaffRole, unit: string): Promise<void> {
  const kind = await unitKindOf(db, unit);
  if (!roleFitsUnit(role, kind)) {
    throw new MotcuaError('ACCOUNT_ROLE_UNFIT', { role, unit, kind, roles: [...unitRoles[kind].work, ...overseeingRoles].join(', ') });
  }
}

export async function createAccount(db: MotcuaDb, input: NewAccount, passwordHash?: string): Promise<AccountSummary> {
  const account = accountNameSchema.parse(input.account);
  if (!isStaffRole(input.role)) throw new MotcuaError('REQUEST_INVALID', { detail: `role must be one of ${staffRoles.join(', ')}` });
  await checkRoleFits(db, input.role, input.unit);
  if (passwordHash === undefined) checkPassword(input.password);
  const hash = passwordHash ?? (await hashPassword(input.password));
  const inserted = await db
    .insertInto('accounts')
    .values({ account, name: input.name, unit: input.unit, role: input.role, password_hash: hash, demo: input.demo ?? false })
    .onConflict((oc) => oc.column('account').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) throw new MotcuaError('ACCOUNT_EXISTS', { account });
  return summary(inserted);
}

export async function listAccounts(db: MotcuaDb, filter: { unit?: string | undefined } = {}): Promise<AccountSummary[]> {
  let query = db.selectFrom('accounts').selectAll().orderBy('unit').orderBy('role').orderBy('account');
  if (filter.unit) query = query.where('unit', '=', filter.unit);
  return (await query.execute()).map(summary);
}

export async function getAccount(db: MotcuaDb, account: string): Promise<AccountSummary> {
  const row = await db.selectFrom('accounts').selectAll().where('account', '=', account.toLowerCase()).executeTakeFirst();
  if (!row) throw new MotcuaError('ACCOUNT_NOT_FOUND', { account });
  return summary(row);
}

/** Disabling (or enabling) ends the account's sessions and tokens at their next request. */
export async function setAccountActive(db: MotcuaDb, account: string, active: boolean): Promise<AccountSummary> {
  const row = await db
    .updateTable('accounts')
    .set({ active, credentials_changed_at: sql`now()` })
    .where('account', '=', account.toLowerCase())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new MotcuaError('ACCOUNT_NOT_FOUND', { account });
  return summary(row);
}

/** A new password; sessions signed in with the old one end. */
export async function resetPassword(db: MotcuaDb, account: string, password: string): Promise<AccountSummary> {
  checkPassword(password);
  const row = await db
    .updateTable('accounts')
    .set({ password_hash: await hashPassword(password), credentials_changed_at: sql`now()` })
    .where('account', '=', account.toLowerCase())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new MotcuaError('ACCOUNT_NOT_FOUND', { account });
  return summary(row);
}

/** The identity for a password, or null (unknown account, wrong password, disabled: indistinguishable). */
export async function authenticate(db: MotcuaDb, account: string, password: string): Promise<Identity | null> {
  const row = await db.selectFrom('accounts').selectAll().where('account', '=', account.trim().toLowerCase()).executeTakeFirst();
  const valid = await verifyPassword(row?.password_hash ?? (await decoyPasswordHash()), password);
  if (!row || !valid || !row.active) return null;
  return identityOf(row);
}

/** What a session remembers of the credentials it was signed in with: their last change. */
export async function authenticateForSession(
  db: MotcuaDb,
  account: string,
  password: string,
): Promise<{ identity: Identity; credentialsAt: string } | null> {
  const identity = await authenticate(db, account, password);
  if (!identity) return null;
  const row = await db.selectFrom('accounts').select('credentials_changed_at').where('account', '=', identity.account).executeTakeFirstOrThrow();
  return { identity, credentialsAt: new Date(row.credentials_changed_at).toISOString() };
}

/**
 * The identity behind a session, if the account is still active and its credentials have not
 * changed since the session was signed in (a password reset or disabling ends every session).
 */
export async function sessionIdentity(db: MotcuaDb, account: string, credentialsAt: string): Promise<Identity | null> {
  const row = await db.selectFrom('accounts').selectAll().where('account', '=', account).executeTakeFirst();
  if (!row || !row.active) return null;
  if (new Date(row.credentials_changed_at).toISOString() !== credentialsAt) return null;
  return identityOf(row);
}

type AccountRow = { account: string; name: string; unit: string; role: string; active: boolean; demo: boolean; created_at: Date | string };

export function identityOf(row: Pick<AccountRow, 'account' | 'name' | 'unit' | 'role'>): Identity {
  if (!isStaffRole(row.role)) throw new Error(`account ${row.account} has an unknown role ${row.role}`);
  return { account: row.account, name: row.name, unit: row.unit, role: row.role };
}

function summary(row: AccountRow): AccountSummary {
  return { ...identityOf(row), active: row.active, demo: row.demo, createdAt: new Date(row.created_at).toISOString() };
}
