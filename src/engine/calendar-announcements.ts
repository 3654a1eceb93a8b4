/**
 * Announcing a calendar change (issue #10): a notice published during the year (a swap, an extra
 * day off) is read from a file, checked, stored as a new calendar version that new cases use, and
 * sent to every open case, which recomputes its deadline from the same start. The calendar module
 * stays pure; this module does the reading, the storing and the sending.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import {
  CalendarError,
  defaultCalendarData,
  mergeCalendarUpdate,
  type CalendarData,
  type CalendarUpdate,
} from '../calendar/index.js';
import { caseSearchAttributes } from '../cases/search-attributes.js';
import type { CaseStatus } from '../cases/case-event.js';
import { MotcuaError } from '../errors.js';
import { findCalendarVersion, latestCalendarVersion, saveCalendarVersion } from '../store/calendar-store.js';
import type { MotcuaDb } from '../store/database.js';
import { caseWorkflowType } from '../../workflows/case-messages.js';
import type { CaseService } from './case-service.js';

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const clock = z.string().regex(/^\d{2}:\d{2}$/, 'expected a time HH:MM');
const text = z.string().trim().min(1, 'must not be empty');

const dayOffSchema = z.strictObject({
  date: localDate,
  through: localDate.optional(),
  holiday: text.optional(),
  reason: text,
  notice: text.optional(),
  confirmed: z.boolean().optional(),
});
const workedDaySchema = z.strictObject({ date: localDate, reason: text, notice: text.optional(), confirmed: z.boolean().optional() });
const noticeSchema = z.strictObject({
  year: z.number().int().min(1900).max(2199),
  source: text,
  daysOff: z.array(dayOffSchema).default([]),
  workedDays: z.array(workedDaySchema).default([]),
});

/** A calendar update file (JSON or YAML): the new version, the notices, and optionally why. */
export const calendarUpdateFileSchema = z.strictObject({
  version: text,
  reason: text.optional(),
  schedules: z.array(noticeSchema).min(1, 'an update needs at least one notice').optional(),
  extraReceivingSessions: z
    .array(z.strictObject({ weekday: z.number().int().min(1).max(7), start: clock, end: clock, note: z.string().optional() }))
    .optional(),
});

export type CalendarUpdateFile = z.infer<typeof calendarUpdateFileSchema>;

function refuse(file: string, field: string, detail: string): MotcuaError {
  return new MotcuaError('CALENDAR_UPDATE_INVALID', { file, field, detail });
}

/** `schedules[0].daysOff[1].date` from a zod path. */
function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** Checks the shape of an update already parsed (an API body); refuses naming `file` and the field. */
export function checkCalendarUpdate(value: unknown, file: string): CalendarUpdateFile {
  const parsed = calendarUpdateFileSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const field = fieldOf([...issue.path, ...keys.slice(0, 1)]) || '(root)';
  throw refuse(file, field, keys.length > 0 ? `unknown field "${keys[0]}"` : issue.message);
}

/** Parses a calendar update file's text (JSON is YAML too); refuses naming the file and the field. */
export function readCalendarUpdate(textOfFile: string, file: string): CalendarUpdateFile {
  const document = parseDocument(textOfFile, { uniqueKeys: true, prettyErrors: true });
  const error = document.errors[0];
  if (error) {
    const line = error.linePos?.[0];
    throw refuse(file, line ? `line ${line.line}, column ${line.col}` : '(file)', error.message.split('\n')[0] ?? error.code);
  }
  return checkCalendarUpdate(document.toJS(), file);
}

/** Keys sorted at every level, so the same content always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex');

/** The calendar new cases use: the latest announced version, else the one shipped with motcua. */
export async function currentCalendarData(db: MotcuaDb, builtIn: CalendarData = defaultCalendarData): Promise<CalendarData> {
  return (await latestCalendarVersion(db))?.data ?? builtIn;
}

const openStatuses: CaseStatus[] = ['in_progress', 'awaiting_supplement', 'resolved'];

/** Codes of the running case workflows that are not closed, from Temporal's visibility store. */
export async function listOpenCaseCodes(client: Client): Promise<string[]> {
  const statuses = openStatuses.map((status) => `'${status}'`).join(', ');
  const query = `WorkflowType = '${caseWorkflowType}' AND ExecutionStatus = 'Running' AND ${caseSearchAttributes.status.name} IN (${statuses})`;
  const codes: string[] = [];
  for await (const execution of client.workflow.list({ query })) codes.push(execution.workflowId);
  return codes;
}

export interface AnnouncementMeta {
  /** Who announces (an account, or the operator of the CLI). */
  announcedBy: string;
  /** Why; defaults to the file's `reason`, else the notices' sources. */
  reason?: string | undefined;
  file: string;
}

export interface AnnouncementSummary {
  version: string;
  basedOn: string;
  contentHash: string;
  /** `false` when the same update was announced before: it is only sent again. */
  stored: boolean;
  openCases: number;
  /** Cases that now run on the new version. */
  updated: number;
  /** Of those, cases whose deadline changed. */
  deadlinesMoved: number;
  /** Cases already on the version (an announcement sent again). */
  alreadyCurrent: number;
  failed: Array<{ caseCode: string; error: string }>;
}

export interface CalendarAnnouncerDeps {
  db: MotcuaDb;
  client: Client;
  cases: Pick<CaseService, 'view' | 'announceCalendar'>;
  builtIn?: CalendarData;
  /** Cases handled at once. */
  concurrency?: number;
  /** How long to wait for a case to show the new version. */
}

export function createCalendarAnnouncer(deps: CalendarAnnouncerDeps) {
  const builtIn = deps.builtIn ?? defaultCalendarData;

  /** Validates and stores (or finds) the version; nothing is stored when the update is refused. */
  async function store(update: CalendarUpdateFile, meta: AnnouncementMeta) {
    const { reason: fileReason, ...calendarUpdate } = update;
    const updateHash = sha256(calendarUpdate);
    const existing = await findCalendarVersion(deps.db, update.version);
    if (existing) {
      if (existing.updateHash !== updateHash) throw new MotcuaError('CALENDAR_VERSION_CONFLICT', { version: update.version });
      return { record: existing, stored: false };
    }
    const base = await currentCalendarData(deps.db, builtIn);
    let data: CalendarData;
    try {
      data = mergeCalendarUpdate(base, calendarUpdate as CalendarUpdate);
    } catch (error) {
      if (error instanceof CalendarError) throw refuse(meta.file, error.field ?? '(calendar)', error.message);
      throw error;
    }
    const record = {
      version: data.version,
      basedOn: base.version,
      contentHash: sha256(data),
      updateHash,
      data,
      update: calendarUpdate as CalendarUpdate,
      announcedBy: meta.announcedBy,
      reason: meta.reason ?? fileReason ?? (update.schedules ?? []).map((notice) => notice.source).join('; '),
      sourceFile: meta.file,
    };
    if (await saveCalendarVersion(deps.db, record)) return { record, stored: true };
    return store(update, meta); // announced by someone else meanwhile: compare with theirs
  }

  /** Stores the update as a new version and sends it to every open case. */
  async function announce(update: CalendarUpdateFile, meta: AnnouncementMeta): Promise<AnnouncementSummary> {
    const { record, stored } = await store(update, meta);
    const codes = await listOpenCaseCodes(deps.client);
    const summary: AnnouncementSummary = {
      version: record.version,
      basedOn: record.basedOn,
      contentHash: record.contentHash,
      stored,
      openCases: codes.length,
      updated: 0,
      deadlinesMoved: 0,
      alreadyCurrent: 0,
      failed: [],
    };
    await forEachBounded(codes, deps.concurrency ?? 8, async (caseCode) => {
      try {
        const before = await deps.cases.view(caseCode);
        if (before.calendarVersion === record.version) {
          summary.alreadyCurrent += 1;
          return;
        }
        // An Update: it answers with the case's view once the new calendar is applied.
        const after = await deps.cases.announceCalendar(caseCode, record.data);
        if (after.calendarVersion !== record.version) throw new Error(`still on calendar ${after.calendarVersion}`);
        summary.updated += 1;
        if (after.statutoryDueAt !== before.statutoryDueAt) summary.deadlinesMoved += 1;
      } catch (error) {
        summary.failed.push({ caseCode, error: error instanceof Error ? error.message : String(error) });
      }
    });
    return summary;
  }

  return { announce, current: () => currentCalendarData(deps.db, builtIn) };
}

export type CalendarAnnouncer = ReturnType<typeof createCalendarAnnouncer>;

async function forEachBounded<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[(next += 1) - 1]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
