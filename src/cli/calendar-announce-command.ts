/**
 * `motcua calendar announce <file>`: checks a calendar update file, stores it as a new calendar
 * version and sends it to every open case. With DATABASE_URL set it works directly on the
 * database and Temporal; on the embedded default (PGlite lives inside `motcua start`) it asks the
 * running API (POST /api/calendar/announcements).
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config.js';
import {
  createCalendarAnnouncer,
  currentCalendarData,
  readCalendarUpdate,
  type AnnouncementMeta,
  type AnnouncementSummary,
  type CalendarUpdateFile,
} from '../engine/calendar-announcements.js';
import { createCaseService } from '../engine/case-service.js';
import { isErrorCode, MotcuaError } from '../errors.js';
import { migrateToLatest, openDatabase } from '../store/database.js';
import type { CommandIo } from './calendar-command.js';

export interface AnnouncerConnection {
  announce(update: CalendarUpdateFile, meta: AnnouncementMeta): Promise<AnnouncementSummary>;
  close(): Promise<void>;
}

export type ConnectAnnouncer = () => Promise<AnnouncerConnection>;

/** Returns the exit code: 0 done, 1 some cases failed, 2 the file or arguments were refused. */
export async function runCalendarAnnounce(args: string[], io: CommandIo, connect: ConnectAnnouncer = connectFromConfig): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.err(`motcua calendar announce: ${options} (see: motcua calendar help)`);
    return 2;
  }
  try {
    const text = await readFile(options.file, 'utf8').catch((error: Error) => {
      throw new MotcuaError('CALENDAR_UPDATE_INVALID', { file: options.file, field: '(file)', detail: error.message });
    });
    const update = readCalendarUpdate(text, options.file);
    const connection = await connect();
    try {
      const summary = await connection.announce(update, { announcedBy: options.by, reason: options.reason, file: options.file });
      io.out(formatSummary(summary));
      return summary.failed.length > 0 ? 1 : 0;
    } finally {
      await connection.close();
    }
  } catch (error) {
    if (!(error instanceof MotcuaError)) throw error;
    io.err(`motcua calendar announce: ${error.code}\n  ${error.messageVi}\n  ${error.message}`);
    return 2;
  }
}

function parseArgs(args: string[]): { file: string; by: string; reason?: string } | string {
  const files: string[] = [];
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      files.push(arg);
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string?];
    if (name !== '--by' && name !== '--reason') return `unknown argument "${arg}"`;
    const value = inline ?? args[(i += 1)];
    if (!value) return `${name} needs a value`;
    values.set(name, value);
  }
  if (files.length !== 1) return files.length === 0 ? 'announce needs a file' : `one file at a time (got ${files.length})`;
  return { file: files[0]!, by: values.get('--by') ?? `cli:${userInfo().username}`, reason: values.get('--reason') };
}

export function formatSummary(summary: AnnouncementSummary): string {
  return [
    `Lịch ${summary.version} ${summary.stored ? 'đã lưu' : 'đã có, gửi lại'} / calendar ${summary.version} ${summary.stored ? 'stored' : 'already stored, sent again'} (based on ${summary.basedOn}, sha256 ${summary.contentHash.slice(0, 12)})`,
    `Hồ sơ đang mở / open cases: ${summary.openCases}`,
    `  cập nhật / updated: ${summary.updated}, hạn thay đổi / deadlines moved: ${summary.deadlinesMoved}, đã có / already current: ${summary.alreadyCurrent}, lỗi / failed: ${summary.failed.length}`,
    ...summary.failed.map((failure) => `  ${failure.caseCode}: ${failure.error}`),
  ].join('\n');
}

/** Directly on PostgreSQL and Temporal when DATABASE_URL is set; otherwise through the running API. */
const connectFromConfig: ConnectAnnouncer = async () => {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    const url = `http://${config.HOST}:${config.PORT}/api/calendar/announcements`;
    return {
      async announce(update, meta) {
        const response = await fetch(url, {
          method: 'POST',
          // The route is for administrators: an administrator's API token (motcua users token …).
          headers: {
            'content-type': 'application/json',
            ...(process.env.MOTCUA_API_TOKEN ? { authorization: `Bearer ${process.env.MOTCUA_API_TOKEN}` } : {}),
          },
          body: JSON.stringify({ update, announcedBy: meta.announcedBy, reason: meta.reason, file: meta.file }),
        });
        const body = (await response.json()) as { code?: string; details?: Record<string, string> };
        if (response.ok) return body as AnnouncementSummary;
        if (isErrorCode(body.code)) throw new MotcuaError(body.code, body.details ?? {});
        throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
      },
      close: async () => undefined,
    };
  }
  const db = openDatabase({ kind: 'postgres', url: config.DATABASE_URL });
  await migrateToLatest(db);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const cases = createCaseService({
    client,
    db,
    taskQueue: config.MOTCUA_TASK_QUEUE,
    procedures: { get: () => undefined }, // announcing submits nothing
    calendar: () => currentCalendarData(db),
  });
  const announcer = createCalendarAnnouncer({ db, client, cases });
  return {
    announce: announcer.announce,
    async close() {
      await connection.close();
      await db.destroy();
    },
  };
};
