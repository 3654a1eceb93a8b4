import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendarData, mergeCalendarUpdate, type CalendarUpdate } from '../../src/calendar/index.js';
import { currentCalendarData } from '../../src/engine/calendar-announcements.js';
import {
  countCalendarVersions,
  findCalendarVersion,
  latestCalendarVersion,
  saveCalendarVersion,
  type NewCalendarVersion,
} from '../../src/store/calendar-store.js';
import { createTestDatabase, storageKinds, type TestDatabase } from '../support/services.js';

const update = (version: string): CalendarUpdate => ({
  version,
  schedules: [{ year: 2026, source: 'test notice', daysOff: [{ date: '2026-01-08', reason: 'extra day off (test)' }], workedDays: [] }],
});

const record = (version: string, basedOn = defaultCalendarData.version): NewCalendarVersion => ({
  version,
  basedOn,
  contentHash: `hash-of-${version}`,
  updateHash: `update-hash-of-${version}`,
  data: mergeCalendarUpdate(defaultCalendarData, update(version)),
  update: update(version),
  announcedBy: 'admin.q7',
  reason: 'test',
  sourceFile: 'notice.yaml',
});

describe.each(storageKinds)('calendar versions on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database?.close());

  it('falls back to the built-in calendar while none is announced', async () => {
    expect(await latestCalendarVersion(database.db)).toBeUndefined();
    expect(await currentCalendarData(database.db)).toBe(defaultCalendarData);
  });

  it('stores a version once, keeps who and why, and serves the latest to new cases', async () => {
    expect(await saveCalendarVersion(database.db, record('test.1'))).toBe(true);
    expect(await saveCalendarVersion(database.db, { ...record('test.1'), reason: 'again' })).toBe(false);
    expect(await saveCalendarVersion(database.db, record('test.0-later', 'test.1'))).toBe(true);
    expect(await countCalendarVersions(database.db)).toBe(2);

    const first = await findCalendarVersion(database.db, 'test.1');
    expect(first).toMatchObject({ announcedBy: 'admin.q7', reason: 'test', sourceFile: 'notice.yaml', updateHash: 'update-hash-of-test.1' });
    expect(first!.announcedAt).toBeInstanceOf(Date);
    // Announcement order decides, not the version's name.
    expect((await latestCalendarVersion(database.db))?.version).toBe('test.0-later');
    expect((await currentCalendarData(database.db)).version).toBe('test.0-later');
    expect((await currentCalendarData(database.db)).schedules.find((s) => s.year === 2026)?.daysOff.map((d) => d.date)).toContain('2026-01-08');
  });
});
