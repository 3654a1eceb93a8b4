/**
 * The fuzz run's state check for accounts, tokens and calendar versions (bench/fuzz/state-check.ts):
 * a change is accepted only when a write answered 2xx explains it; the same change after a refusal is reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAccountActive } from '../../src/auth/accounts.js';
import { issueApiToken, revokeApiTokens } from '../../src/auth/api-tokens.js';
import { seedDemoAccounts } from '../../src/auth/demo-accounts.js';
import { snapshotState, unexplainedChanges, type StateSnapshot } from '../../bench/fuzz/state-check.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';

describe('fuzz state check: accounts, tokens, calendar versions', () => {
  let database: TestDatabase;
  let before: StateSnapshot;
  let after: StateSnapshot;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    await seedDemoAccounts(database.db);
    await issueApiToken(database.db, 'head.q7.tckh', 'existing');
    before = await snapshotState(database.db);
    await issueApiToken(database.db, 'desk_officer.q7.mc', 'new');
    await setAccountActive(database.db, 'specialist.q7.tckh', false);
    await revokeApiTokens(database.db, 'head.q7.tckh');
    after = await snapshotState(database.db);
  }, 60_000);
  afterAll(async () => database?.close());

  it('accepts the changes that writes answered 2xx explain', () => {
    const answered = [
      { method: 'POST', url: '/api/users/desk_officer.q7.mc/tokens', status: 201 },
      { method: 'POST', url: '/api/users/Specialist.Q7.TCKH/disable', status: 200 },
      { method: 'DELETE', url: '/api/users/head.q7.tckh/tokens?x=1', status: 200 },
    ];
    expect(unexplainedChanges(before, after, answered)).toEqual([]);
    expect(unexplainedChanges(before, before, [])).toEqual([]);
  });

  it('reports the same changes when those writes were refused or never made', () => {
    const refused = [
      { method: 'POST', url: '/api/users/desk_officer.q7.mc/tokens', status: 403 },
      { method: 'POST', url: '/api/users/specialist.q7.tckh/disable', status: 409 },
      { method: 'GET', url: '/api/users/head.q7.tckh/tokens', status: 200 },
    ];
    const problems = unexplainedChanges(before, after, refused);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/api_tokens: 1 added for desk_officer\.q7\.mc, only 0/);
    expect(problems.join('\n')).toMatch(/accounts: changed specialist\.q7\.tckh/);
    expect(problems.join('\n')).toMatch(/api_tokens: changed \(revoked\?\) head\.q7\.tckh/);
  });

  it('reports a calendar version or account that appeared, and a row that vanished, without a 2xx', () => {
    const withExtra: StateSnapshot = { ...after, calendar_versions: new Map(after.calendar_versions!), accounts: new Map(after.accounts!) };
    withExtra.calendar_versions!.set('2099-fuzz', { row: { version: '2099-fuzz' }, json: '{}' });
    withExtra.accounts!.delete('manager.q7.vp');
    const problems = unexplainedChanges(after, withExtra, [{ method: 'POST', url: '/api/calendar/announcements', status: 400 }]);
    expect(problems).toEqual([
      'accounts: removed manager.q7.vp without a 2xx write that explains it',
      'calendar_versions: 1 added, only 0 writes answered 2xx (2099-fuzz)',
    ]);
    expect(unexplainedChanges(after, { ...withExtra, accounts: after.accounts! }, [{ method: 'POST', url: '/api/calendar/announcements', status: 201 }])).toEqual([]);
  });
});
