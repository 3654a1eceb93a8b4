/**
 * Demo accounts for the embedded default: one per role at every unit where that role works, plus
 * the overseeing roles at the People's Committee office, all with the password `motcua-demo`.
 * Named `<role>.<unit>` in lower case: desk_officer.q7.mc, specialist.q7.tckh, head.q7.tckh,
 * ward_officer.p.ttd, ward_chair.p.ttd, desk_officer.p.ttd.mc, manager.q7.vp, designer.q7.vp, admin.q7.vp.
 */
import { staffRoleLabels, type StaffRole } from '../cases/actor.js';
import { overseeingRoles, unitRoles } from '../cases/authorization.js';
import type { UnitKind } from '../procedures/units.js';
import type { MotcuaDb } from '../store/database.js';
import { listUnits } from './accounts.js';
import { hashPassword } from './passwords.js';

export const demoPassword = 'motcua-demo';
/** Where the overseeing roles (manager, designer, administrator) sit. */
export const demoOverseeingUnit = 'Q7.VP';

export function demoAccountName(role: StaffRole, unit: string): string {
  return `${role}.${unit}`.toLowerCase();
}

export interface DemoAccount {
  account: string;
  name: string;
  unit: string;
  role: StaffRole;
}

/** The demo accounts for a list of units (pure). */
export function demoAccountsFor(units: ReadonlyArray<{ code: string; nameVi: string; kind: UnitKind }>): DemoAccount[] {
  const accounts = units.flatMap((unit) =>
    unitRoles[unit.kind].work.map((role) => ({ account: demoAccountName(role, unit.code), name: `${staffRoleLabels[role].vi} — ${unit.nameVi}`, unit: unit.code, role })),
  );
  const overseeing = units.find((u) => u.code === demoOverseeingUnit) ?? units[0];
  if (overseeing) {
    for (const role of overseeingRoles) {
      accounts.push({ account: demoAccountName(role, overseeing.code), name: `${staffRoleLabels[role].vi} (demo)`, unit: overseeing.code, role });
    }
  }
  return accounts;
}

/**
 * Creates the demo accounts if the database has no account at all (first run), and returns them;
 * returns [] otherwise, so they are announced once. One hash serves them all: they share a password
 * that is printed anyway.
 */
export async function seedDemoAccounts(db: MotcuaDb): Promise<DemoAccount[]> {
  const existing = await db.selectFrom('accounts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return [];
  const accounts = demoAccountsFor(await listUnits(db));
  if (accounts.length === 0) return [];
  const hash = await hashPassword(demoPassword);
  // One statement: each role is placed by the role table itself, so there is nothing to check per row.
  await db
    .insertInto('accounts')
    .values(accounts.map((a) => ({ account: a.account, name: a.name, unit: a.unit, role: a.role, password_hash: hash, demo: true })))
    .onConflict((oc) => oc.column('account').doNothing())
    .execute();
  return accounts;
}

/** The start-up notice: the password once, then the accounts by unit. */
export function describeDemoAccounts(accounts: readonly DemoAccount[]): string {
  const byUnit = new Map<string, string[]>();
  for (const a of accounts) byUnit.set(a.unit, [...(byUnit.get(a.unit) ?? []), a.account]);
  const lines = [...byUnit.entries()].map(([unit, names]) => `    ${unit.padEnd(10)} ${names.join('  ')}`);
  return [
    `  Demo accounts  created on this first run, password "${demoPassword}" for all (tài khoản thử, mật khẩu chung):`,
    ...lines,
    '  Disable them before real use: motcua users disable <account>',
  ].join('\n');
}
