/** Announced calendar versions (table calendar_versions, migration 0006). */
import type { CalendarData, CalendarUpdate } from '../calendar/index.js';
import type { Selectable } from 'kysely';
import type { MotcuaDb } from './database.js';
import type { CalendarVersionsTable } from './database-types.js';

export interface CalendarVersionRecord {
  version: string;
  basedOn: string;
  contentHash: string;
  updateHash: string;
  data: CalendarData;
  update: CalendarUpdate;
  announcedBy: string;
  reason: string;
  sourceFile: string | null;
  announcedAt: Date;
}

export type NewCalendarVersion = Omit<CalendarVersionRecord, 'announcedAt'>;

/** Stores a version; false when one with that name is already stored (nothing written). */
export async function saveCalendarVersion(db: MotcuaDb, record: NewCalendarVersion): Promise<boolean> {
  const inserted = await db
    .insertInto('calendar_versions')
    .values({
      version: record.version,
      based_on: record.basedOn,
      content_hash: record.contentHash,
      update_hash: record.updateHash,
      data: JSON.stringify(record.data),
      update: JSON.stringify(record.update),
      announced_by: record.announcedBy,
      reason: record.reason,
      source_file: record.sourceFile,
    })
    .onConflict((oc) => oc.column('version').doNothing())
    .returning('version')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findCalendarVersion(db: MotcuaDb, version: string): Promise<CalendarVersionRecord | undefined> {
  const row = await db.selectFrom('calendar_versions').selectAll().where('version', '=', version).executeTakeFirst();
  return row && recordOf(row);
}

/** The most recently announced version, if any. */
export async function latestCalendarVersion(db: MotcuaDb): Promise<CalendarVersionRecord | undefined> {
  const row = await db.selectFrom('calendar_versions').selectAll().orderBy('position', 'desc').limit(1).executeTakeFirst();
  return row && recordOf(row);
}

export async function countCalendarVersions(db: MotcuaDb): Promise<number> {
  const { count } = await db.selectFrom('calendar_versions').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  return Number(count);
}

function recordOf(row: Selectable<CalendarVersionsTable>): CalendarVersionRecord {
  return {
    version: row.version,
    basedOn: row.based_on,
    contentHash: row.content_hash,
    updateHash: row.update_hash,
    data: row.data as CalendarData,
    update: row.update as CalendarUpdate,
    announcedBy: row.announced_by,
    reason: row.reason,
    sourceFile: row.source_file,
    announcedAt: new Date(row.announced_at),
  };
}
