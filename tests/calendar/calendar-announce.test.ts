/**
 * `motcua calendar announce` and POST /api/calendar/announcements on the Temporal dev server and
 * PostgreSQL: a change is checked, stored as a calendar version, used by new cases and sent to
 * every open case. Cases are postal dossiers handed over on fixed days of January 2026 (D7-HKD-01,
 * 3 working days); the due dates below are worked out by hand on the notices (2 January off,
 * Saturday 10 January worked) plus the announced extra days off.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { buildApp } from '../../src/api/app.js';
import { issueApiToken } from '../../src/auth/api-tokens.js';
import { seedDemoAccounts } from '../../src/auth/demo-accounts.js';
import { signIn } from '../support/api-app.js';
import { defaultCalendar, defaultCalendarData } from '../../src/calendar/index.js';
import { runCalendarCommand } from '../../src/cli/calendar-command.js';
import {
  createCalendarAnnouncer,
  currentCalendarData,
  listOpenCaseCodes,
  type CalendarAnnouncer,
} from '../../src/engine/calendar-announcements.js';
import { countCalendarVersions, findCalendarVersion } from '../../src/store/calendar-store.js';
import { listCaseEvents } from '../../src/store/case-store.js';
import { createTestEngine, devServerEnvironment, type TestEngine } from '../support/engine.js';
import { runCliCommand } from '../support/run-cli-command.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';

const applicant = { name: 'Lê Văn C' };
const utc = (vietnamWallTime: string): string => new Date(`${vietnamWallTime}:00+07:00`).toISOString();
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The extra day off of the first announcement: Thursday 8 January 2026, inside every period below. */
const extraDayOff = (version: string, date: string) => ({
  version,
  reason: `extra day off ${date} (test)`,
  schedules: [
    {
      year: 2026,
      source: `hypothetical notice of an extra day off on ${date} (test)`,
      daysOff: [{ date, reason: `extra day off (test)`, notice: 'test notice 1/TEST, 01/01/2026' }],
      workedDays: [],
    },
  ],
});

describe('announcing a calendar change (dev server, PostgreSQL)', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let engine: TestEngine;
  let announcer: CalendarAnnouncer;
  let dir: string;
  const open: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  let closedCase = '';

  beforeAll(async () => {
    env = await devServerEnvironment();
    database = await createTestDatabase('postgres');
    engine = await createTestEngine(env, database.db, { calendar: () => currentCalendarData(database.db) });
    announcer = createCalendarAnnouncer({ db: database.db, client: env.client, cases: engine.cases });
    dir = await mkdtemp(path.join(tmpdir(), 'motcua-announce-'));
    await engine.withWorker(async () => undefined); // bundling the workflows takes a while on a busy machine
  }, 180_000);
  afterAll(async () => {
    await engine?.close();
    await env?.teardown();
    await database?.close();
  });

  const events = (caseCode: string) => listCaseEvents(database.db, caseCode);
  const typesOf = async (caseCode: string) => (await events(caseCode)).map((event) => event.type);
  const submitPost = (receivedAt: string) =>
    engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant, channel: 'post', receivedAt: utc(receivedAt) });
  const announceFile = async (name: string, content: string, extra: string[] = []) => {
    const file = path.join(dir, name);
    await writeFile(file, content);
    const connect = async () => ({ announce: announcer.announce, close: async () => undefined });
    return { file, ...(await runCliCommand((args, io) => runCalendarCommand(args, io, defaultCalendar, connect), ['announce', file, ...extra])) };
  };

  it('has three open cases and a closed one', async () => {
    await engine.withWorker(async () => {
      open.a = (await submitPost('2026-01-05T09:00')).caseCode;
      open.b = (await submitPost('2026-01-06T10:00')).caseCode;
      open.c = (await submitPost('2026-01-07T08:00')).caseCode;
      // Under vn-2026.2: A 6, 7, 8 Jan; B 7, 8, 9 Jan; C 8, 9 Jan and the worked Saturday 10 Jan.
      expect((await engine.cases.view(open.a)).statutoryDueAt).toBe(utc('2026-01-08T17:00'));
      expect((await engine.cases.view(open.b)).statutoryDueAt).toBe(utc('2026-01-09T17:00'));
      expect((await engine.cases.view(open.c)).statutoryDueAt).toBe(utc('2026-01-10T17:00'));

      const closed = await engine.cases.submit({ procedureCode: 'D7-HKD-01', applicant, channel: 'desk' });
      closedCase = closed.caseCode;
      for (const action of ['accept', 'submit_for_signature', 'approve', 'return_at_desk']) {
        await engine.cases.act(closedCase, { action, actor: 'officer-1' }, `${closedCase}-${action}`);
      }
      await vi.waitFor(async () => expect(await typesOf(closedCase)).toContain('closed'), { timeout: 15_000 });
      await vi.waitFor(
        async () => {
          const listed = await listOpenCaseCodes(env.client);
          expect(listed.sort()).toEqual(Object.values(open).sort());
        },
        { timeout: 20_000, interval: 250 },
      );
    });
  }, 120_000);

  it.each<[string, string, string, RegExp]>([
    [
      'a date that does not exist',
      'bad-date.json',
      JSON.stringify({ ...extraDayOff('vn-test.1', '2026-13-08') }),
      /schedules\[0\]\.daysOff\[0\]\.date/,
    ],
    [
      'a misspelt field',
      'typo.yaml',
      'version: vn-test.1\nschedules:\n  - year: 2026\n    source: test\n    dayOff:\n      - { date: 2026-01-08, reason: x }\n',
      /schedules\[0\]\.dayOff.*unknown field "dayOff"/,
    ],
    ['a YAML syntax error', 'broken.yaml', 'version: vn-test.1\nschedules: [ { year: 2026\n', /line \d+, column \d+/],
    ['no new version', 'same-version.json', JSON.stringify(extraDayOff(defaultCalendarData.version, '2026-01-08')), /at version: .*new version/],
    ['a range running backwards', 'backwards.yaml', 'version: vn-test.1\nschedules:\n  - year: 2026\n    source: test\n    daysOff:\n      - { date: 2026-01-09, through: 2026-01-08, reason: x }\n', /schedules\[0\]\.daysOff\[0\]\.through/],
  ])('refuses %s, naming the file and the field, and changes nothing', async (_what, name, content, field) => {
    const result = await announceFile(name, content, ['--by', 'test-admin']);
    expect(result.exitCode).toBe(2);
    expect(result.err).toContain('CALENDAR_UPDATE_INVALID');
    expect(result.err).toContain(result.file);
    expect(result.err).toMatch(field);
    expect(result.err).toContain('Tệp cập nhật lịch'); // Vietnamese first
    expect(await countCalendarVersions(database.db)).toBe(0);
    // The cases' own timers may write meanwhile (they were received in the past); no calendar reached them.
    for (const types of await Promise.all(Object.values(open).map(typesOf))) expect(types).not.toContain('calendar_updated');
  });

  it('refuses a file that cannot be read', async () => {
    const result = await runCliCommand((args, io) => runCalendarCommand(args, io, defaultCalendar, async () => {
      throw new Error('must not connect for an unreadable file');
    }), ['announce', path.join(dir, 'missing.yaml')]);
    expect(result.exitCode).toBe(2);
    expect(result.err).toMatch(/missing\.yaml is invalid at \(file\)/);
  });

  it('stores an extra day off and moves every open deadline by exactly one working day', async () => {
    await engine.withWorker(async () => {
      const closedBefore = await events(closedCase);
      const result = await announceFile('extra-day.yaml', toYaml(extraDayOff('vn-test.1', '2026-01-08')), ['--by', 'test-admin']);
      expect(result.err).toBe('');
      expect(result.exitCode).toBe(0);
      expect(result.out).toContain('open cases: 3');
      expect(result.out).toMatch(/updated: 3, .*deadlines moved: 3, .*failed: 0/);

      // With 8 January off: A 6, 7, 9 Jan; B 7, 9, 10 Jan; C 9, 10, 12 Jan.
      const expected = { a: '2026-01-09T17:00', b: '2026-01-10T17:00', c: '2026-01-12T17:00' };
      const previous = { a: '2026-01-08T17:00', b: '2026-01-09T17:00', c: '2026-01-10T17:00' };
      for (const key of ['a', 'b', 'c'] as const) {
        const view = await engine.cases.view(open[key]);
        expect(view.calendarVersion).toBe('vn-test.1');
        expect(view.statutoryDueAt).toBe(utc(expected[key]));
        await vi.waitFor(async () => expect(await typesOf(open[key])).toContain('calendar_updated'), { timeout: 10_000 });
        const updates = (await events(open[key])).filter((event) => event.type === 'calendar_updated');
        expect(updates).toHaveLength(1);
        expect(updates[0]!.data).toEqual({ calendarVersion: 'vn-test.1', previousDueAt: utc(previous[key]), dueAt: utc(expected[key]) });
      }
      expect(await events(closedCase)).toEqual(closedBefore);

      const stored = await findCalendarVersion(database.db, 'vn-test.1');
      expect(stored).toMatchObject({ basedOn: defaultCalendarData.version, announcedBy: 'test-admin', reason: 'extra day off 2026-01-08 (test)' });
      expect(stored!.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored!.sourceFile).toBe(result.file);
      expect(stored!.data.schedules.find((s) => s.year === 2026)!.daysOff.map((d) => d.date)).toContain('2026-01-08');
    });
  });

  it('gives new cases the announced version', async () => {
    await engine.withWorker(async () => {
      const later = await submitPost('2026-01-07T08:00');
      expect(later.calendarVersion).toBe('vn-test.1');
      expect(later.statutoryDueAt).toBe(utc('2026-01-12T17:00'));
      await vi.waitFor(async () => expect(await listOpenCaseCodes(env.client)).toContain(later.caseCode), { timeout: 20_000, interval: 250 });
    });
  });

  it('sends the same announcement again without storing it twice, and refuses other content under the same version', async () => {
    await engine.withWorker(async () => {
      const again = await announcer.announce(extraDayOff('vn-test.1', '2026-01-08'), { announcedBy: 'test-admin', file: 'again.yaml' });
      expect(again).toMatchObject({ stored: false, openCases: 4, updated: 0, alreadyCurrent: 4, failed: [] });
      expect(await countCalendarVersions(database.db)).toBe(1);
      await expect(
        announcer.announce(extraDayOff('vn-test.1', '2026-01-09'), { announcedBy: 'test-admin', file: 'other.yaml' }),
      ).rejects.toMatchObject({ code: 'CALENDAR_VERSION_CONFLICT', status: 409 });
      expect(await countCalendarVersions(database.db)).toBe(1);
    });
  });

  /** The API with the announcer and accounts (the route is for administrators). */
  async function announcementApp() {
    await seedDemoAccounts(database.db);
    return buildApp({
      cases: engine.cases,
      calendar: announcer,
      health: { database: async () => undefined, temporal: async () => undefined },
      auth: { db: database.db, sessionKey: randomBytes(32), sessionHours: 12 },
    });
  }

  it('answers POST /api/calendar/announcements the same way', async () => {
    await engine.withWorker(async () => {
      const app = await announcementApp();
      try {
        // For administrators only: no session is 401, another role 403, and nothing is stored.
        const body = { update: extraDayOff('vn-test.2', '2026-01-09'), announcedBy: 'admin' };
        expect((await app.inject({ method: 'POST', url: '/api/calendar/announcements', payload: body })).statusCode).toBe(401);
        const desk = await signIn(app, 'desk_officer.q7.mc');
        expect((await app.inject({ method: 'POST', url: '/api/calendar/announcements', payload: body, headers: desk })).statusCode).toBe(403);
        const admin = await signIn(app, 'admin.q7.vp');
        const refused = await app.inject({
          method: 'POST',
          url: '/api/calendar/announcements',
          headers: admin,
          payload: { update: { version: 'vn-test.2', schedules: [{ year: 2026, source: 'x', daysOff: [{ date: '9 Jan', reason: 'x' }] }] }, announcedBy: 'admin' },
        });
        expect(refused.statusCode).toBe(400);
        expect(refused.json()).toMatchObject({ code: 'CALENDAR_UPDATE_INVALID', details: { file: 'request body', field: 'schedules[0].daysOff[0].date' } });
        expect(await countCalendarVersions(database.db)).toBe(1);

        // Friday 9 January off as well: every open case loses one more working day.
        const accepted = await app.inject({ method: 'POST', url: '/api/calendar/announcements', payload: body, headers: admin });
        expect(accepted.statusCode).toBe(201);
        expect(accepted.json()).toMatchObject({ version: 'vn-test.2', basedOn: 'vn-test.1', stored: true, openCases: 4, updated: 4, deadlinesMoved: 4 });
        // A 6, 7, 10 Jan; B 7, 10, 12 Jan; C 10, 12, 13 Jan.
        expect((await engine.cases.view(open.a)).statutoryDueAt).toBe(utc('2026-01-10T17:00'));
        expect((await engine.cases.view(open.b)).statutoryDueAt).toBe(utc('2026-01-12T17:00'));
        expect((await engine.cases.view(open.c)).statutoryDueAt).toBe(utc('2026-01-13T17:00'));
      } finally {
        await app.close();
      }
    });
  });

  it('runs as `motcua calendar announce` against PostgreSQL and Temporal given by the environment', async () => {
    await engine.withWorker(async () => {
      const file = path.join(dir, 'year-end.json');
      // A day off outside every open period: all cases take the version, no deadline moves.
      await writeFile(file, JSON.stringify(extraDayOff('vn-test.3', '2026-12-30')));
      const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin/motcua.mjs'), 'calendar', 'announce', file, '--by', 'cli-admin'], {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: database.url, TEMPORAL_ADDRESS: env.address, LOG_LEVEL: 'silent' },
      });
      expect(stdout).toContain('calendar vn-test.3 stored (based on vn-test.2');
      expect(stdout).toMatch(/open cases: 4\n.*updated: 4, .*deadlines moved: 0, .*failed: 0/);
      expect(await findCalendarVersion(database.db, 'vn-test.3')).toMatchObject({ announcedBy: 'cli-admin', basedOn: 'vn-test.2' });
    });
  }, 150_000);

  it('goes through the running API when there is no DATABASE_URL (the embedded default)', async () => {
    await engine.withWorker(async () => {
      const app = await announcementApp();
      try {
        const address = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
        const file = path.join(dir, 'through-api.yaml');
        await writeFile(file, toYaml(extraDayOff('vn-test.4', '2026-12-29')));
        const { DATABASE_URL: _none, ...environment } = process.env;
        const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin/motcua.mjs'), 'calendar', 'announce', file, '--by', 'api-admin'], {
          cwd: repoRoot,
          env: {
            ...environment,
            HOST: address.hostname,
            PORT: address.port,
            LOG_LEVEL: 'silent',
            MOTCUA_API_TOKEN: (await issueApiToken(database.db, 'admin.q7.vp', 'calendar test')).token,
          },
        });
        expect(stdout).toContain('calendar vn-test.4 stored (based on vn-test.3');
        expect(stdout).toMatch(/open cases: 4\n.*updated: 4, .*deadlines moved: 0/);
        expect(await findCalendarVersion(database.db, 'vn-test.4')).toMatchObject({ announcedBy: 'api-admin', sourceFile: file });
      } finally {
        await app.close();
      }
    });
  }, 150_000);
});

/** The update as a YAML file, written by hand as an administrator would. */
function toYaml(update: ReturnType<typeof extraDayOff>): string {
  const [notice] = update.schedules;
  const [day] = notice!.daysOff;
  return [
    `version: ${update.version}`,
    `reason: ${update.reason}`,
    'schedules:',
    `  - year: ${notice!.year}`,
    `    source: ${notice!.source}`,
    '    daysOff:',
    `      - date: ${day!.date}`,
    `        reason: ${day!.reason}`,
    `        notice: ${day!.notice}`,
  ].join('\n');
}
