import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, listAccounts } from '../../src/auth/accounts.js';
import { tokenIdentity } from '../../src/auth/api-tokens.js';
import { demoAccountsFor, demoPassword, seedDemoAccounts } from '../../src/auth/demo-accounts.js';
import { runUsersCommand } from '../../src/cli/users-command.js';
import { demoAccountsWanted } from '../../src/engine/runtime.js';
import { UNITS, unitKind } from '../../src/procedures/units.js';
import { openDatabase } from '../../src/store/database.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';
import { runCliCommand } from '../support/run-cli-command.js';

describe('motcua users, on a PostgreSQL server', () => {
  let database: TestDatabase;
  const users = (...args: string[]) => runCliCommand((a, io) => runUsersCommand(a, io, async () => openDatabase({ kind: 'postgres', url: database.url! })), args);

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => database?.close());

  it('adds an account with a generated password shown once, which then signs in', async () => {
    const added = await users('add', 'Nguyen.Van.A', '--name', 'Nguyễn Văn A', '--unit', 'Q7.TCKH', '--role', 'specialist');
    expect(added.exitCode, added.err).toBe(0);
    const password = /password \(shown once\): (\S+)/.exec(added.out)?.[1];
    expect(password).toHaveLength(24);
    expect(await authenticate(database.db, 'nguyen.van.a', password!)).toEqual({ account: 'nguyen.van.a', name: 'Nguyễn Văn A', unit: 'Q7.TCKH', role: 'specialist' });
    expect(await authenticate(database.db, 'nguyen.van.a', 'wrong password')).toBeNull();
  });

  it('refuses a role that does not belong in the unit, an unknown unit, a duplicate and a short password, writing nothing', async () => {
    const before = (await listAccounts(database.db)).length;
    const unfit = await users('add', 'desk.in.office', '--name', 'X', '--unit', 'Q7.TCKH', '--role', 'desk_officer', '--password', 'long enough 1');
    expect(unfit.exitCode).toBe(1);
    expect(unfit.err).toContain('ACCOUNT_ROLE_UNFIT');
    expect(unfit.err).toContain('không thuộc');
    const unknownUnit = await users('add', 'someone', '--name', 'X', '--unit', 'Q9.NOPE', '--role', 'specialist', '--password', 'long enough 1');
    expect(unknownUnit.err).toContain('CASE_UNKNOWN_UNIT');
    const duplicate = await users('add', 'nguyen.van.a', '--name', 'X', '--unit', 'Q7.TCKH', '--role', 'specialist', '--password', 'long enough 1');
    expect(duplicate.err).toContain('ACCOUNT_EXISTS');
    const short = await users('add', 'shorty', '--name', 'X', '--unit', 'Q7.TCKH', '--role', 'specialist', '--password', 'short');
    expect(short.err).toContain('ACCOUNT_PASSWORD_TOO_SHORT');
    const badRole = await users('add', 'someone', '--name', 'X', '--unit', 'Q7.TCKH', '--role', 'mayor');
    expect(badRole.exitCode).toBe(2);
    expect((await listAccounts(database.db)).length).toBe(before);
  });

  it('disables and enables, resets the password, and lists', async () => {
    expect((await users('reset-password', 'nguyen.van.a', '--password', 'a new password')).exitCode).toBe(0);
    expect(await authenticate(database.db, 'nguyen.van.a', 'a new password')).not.toBeNull();
    expect((await users('disable', 'nguyen.van.a')).out).toContain('disabled');
    expect(await authenticate(database.db, 'nguyen.van.a', 'a new password')).toBeNull();
    expect((await users('enable', 'nguyen.van.a')).exitCode).toBe(0);
    expect(await authenticate(database.db, 'nguyen.van.a', 'a new password')).not.toBeNull();
    const listed = await users('list', '--unit', 'Q7.TCKH');
    expect(listed.out).toMatch(/nguyen\.van\.a\s+Q7\.TCKH\s+specialist\s+active/);
    expect((await users('disable', 'nobody.here')).err).toContain('ACCOUNT_NOT_FOUND');
  });

  it('issues a bearer token shown once that stands for the account', async () => {
    const issued = await users('token', 'nguyen.van.a', '--label', 'cổng dịch vụ công');
    const token = issued.out.split('\n').at(-1)!;
    expect(token).toMatch(/^mct_/);
    expect(await tokenIdentity(database.db, token, new Date())).toMatchObject({ account: 'nguyen.van.a', unit: 'Q7.TCKH' });
    expect(await tokenIdentity(database.db, `${token}x`, new Date())).toBeNull();
  });
});

describe('demo accounts', () => {
  it('cover every role at every unit where it works, named <role>.<unit>', () => {
    const accounts = demoAccountsFor(UNITS.map((u) => ({ code: u.code, nameVi: u.nameVi, kind: unitKind(u) })));
    const names = accounts.map((a) => a.account);
    expect(names).toEqual(expect.arrayContaining(['desk_officer.q7.mc', 'specialist.q7.tckh', 'head.q7.tckh', 'ward_officer.p.ttd', 'ward_chair.p.ttd', 'desk_officer.p.ttd.mc', 'manager.q7.vp', 'designer.q7.vp', 'admin.q7.vp']));
    expect(new Set(names).size).toBe(names.length);
    // 11 desks × 1 + 14 divisions and agencies × 2 + 10 ward committees × 2 + 3 overseeing roles.
    expect(accounts).toHaveLength(11 + 14 * 2 + 10 * 2 + 3);
    expect(names).not.toContain('desk_officer.q7.tckh');
  });

  it('are seeded once, into an empty database only', async () => {
    const database = await createTestDatabase('postgres');
    try {
      const first = await seedDemoAccounts(database.db);
      expect(first.length).toBeGreaterThan(50);
      expect(await authenticate(database.db, 'head.q7.tckh', demoPassword)).toMatchObject({ role: 'head', unit: 'Q7.TCKH' });
      expect(await seedDemoAccounts(database.db)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('exist on the embedded database only, unless asked for explicitly', () => {
    expect(demoAccountsWanted({ DATABASE_URL: undefined, MOTCUA_DEMO_ACCOUNTS: 'auto' })).toBe(true);
    expect(demoAccountsWanted({ DATABASE_URL: 'postgres://db.example/motcua', MOTCUA_DEMO_ACCOUNTS: 'auto' })).toBe(false);
    expect(demoAccountsWanted({ DATABASE_URL: 'postgres://db.example/motcua', MOTCUA_DEMO_ACCOUNTS: 'on' })).toBe(true);
    expect(demoAccountsWanted({ DATABASE_URL: undefined, MOTCUA_DEMO_ACCOUNTS: 'off' })).toBe(false);
  });
});
