/**
 * The fuzz run's state check beyond cases: accounts, tokens, units, calendar versions, studio drafts and
 * publications, and ratings are snapshotted before the fuzzer starts and compared afterwards; every
 * row added, changed or removed must be explained by a write the server answered 2xx. A change no
 * 2xx explains is a state change from a refused request (or from a read).
 */
import type { MotcuaDb } from '../../src/store/database.js';

/** Per table: row key → the row as JSON. */
export type StateSnapshot = Record<string, Map<string, { row: Record<string, unknown>; json: string }>>;

/** A request the server answered (method, URL as sent, status). */
export interface AnsweredRequest {
  method: string;
  url: string;
  status: number;
}

const keyed: Record<string, (row: Record<string, unknown>) => string> = {
  accounts: (r) => String(r.account),
  api_tokens: (r) => String(r.token_hash),
  units: (r) => String(r.code),
  calendar_versions: (r) => String(r.version),
  procedure_drafts: (r) => String(r.procedure_code),
  procedure_publications: (r) => String(r.id),
  metrics_ratings: (r) => String(r.case_code),
};

export async function snapshotState(db: MotcuaDb): Promise<StateSnapshot> {
  const snapshot: StateSnapshot = {};
  for (const [table, key] of Object.entries(keyed)) {
    const rows = (await db.selectFrom(table as 'accounts').selectAll().execute()) as unknown as Array<Record<string, unknown>>;
    snapshot[table] = new Map(rows.map((row) => [key(row), { row, json: JSON.stringify(row) }]));
  }
  return snapshot;
}

/** The changes between two snapshots that no 2xx write explains, as readable lines (empty: none). */
export function unexplainedChanges(before: StateSnapshot, after: StateSnapshot, answered: readonly AnsweredRequest[]): string[] {
  const writes = answered
    .filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && r.status >= 200 && r.status < 300)
    .map((r) => ({ method: r.method, path: r.url.split('?')[0]!.split('/').map((s) => decodeURIComponent(s)).join('/') }));
  const count = (method: string, pattern: RegExp) => writes.filter((w) => w.method === method && pattern.test(w.path)).length;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const accountPath = (account: string, tail: string) => new RegExp(`^/api/users/${escape(account)}/${tail}$`, 'i');
  const studioPath = (code: string, tail: string) => new RegExp(`^/api/studio/procedures/${escape(code)}/${tail}$`);

  const problems: string[] = [];
  for (const table of Object.keys(keyed)) {
    const was = before[table]!;
    const is = after[table]!;
    const added = [...is.entries()].filter(([k]) => !was.has(k)).map(([k, v]) => ({ key: k, row: v.row }));
    const changed = [...is.entries()].filter(([k, v]) => was.has(k) && was.get(k)!.json !== v.json).map(([k, v]) => ({ key: k, row: v.row }));
    const removed = [...was.keys()].filter((k) => !is.has(k));
    const flag = (what: string, key: string) => problems.push(`${table}: ${what} ${key} without a 2xx write that explains it`);
    const bounded = (what: string, rows: Array<{ key: string }>, allowed: number) => {
      if (rows.length > allowed) problems.push(`${table}: ${rows.length} ${what}, only ${allowed} writes answered 2xx (${rows.map((r) => r.key).join(', ')})`);
    };
    switch (table) {
      case 'accounts':
        bounded('added', added, count('POST', /^\/api\/users$/));
        for (const { key } of changed) if (count('POST', accountPath(key, '(disable|enable|password)')) === 0) flag('changed', key);
        for (const key of removed) flag('removed', key);
        break;
      case 'api_tokens': {
        const byAccount = new Map<string, Array<{ key: string }>>();
        for (const a of added) byAccount.set(String(a.row.account), [...(byAccount.get(String(a.row.account)) ?? []), a]);
        for (const [account, rows] of byAccount) bounded(`added for ${account}`, rows, count('POST', accountPath(account, 'tokens')));
        for (const { key, row } of changed) if (count('DELETE', accountPath(String(row.account), 'tokens')) === 0) flag('changed (revoked?)', `${String(row.account)}/${key.slice(0, 8)}…`);
        for (const key of removed) flag('removed', key.slice(0, 8));
        break;
      }
      case 'units':
        // No route writes units today; a future one under /api/units explains its own changes.
        if (count('POST', /^\/api\/units/) + count('PUT', /^\/api\/units/) + count('PATCH', /^\/api\/units/) + count('DELETE', /^\/api\/units/) === 0) {
          for (const { key } of [...added, ...changed]) flag('added or changed', key);
          for (const key of removed) flag('removed', key);
        }
        break;
      case 'calendar_versions':
        bounded('added', added, count('POST', /^\/api\/calendar\/announcements$/));
        for (const { key } of changed) flag('changed', key);
        for (const key of removed) flag('removed', key);
        break;
      case 'procedure_drafts':
        for (const { key } of [...added, ...changed]) if (count('PUT', studioPath(key, 'draft')) === 0) flag('saved', key);
        for (const key of removed) if (count('POST', studioPath(key, 'publications(/[^/]+/republish)?')) === 0) flag('removed', key);
        break;
      case 'procedure_publications': {
        const byCode = new Map<string, Array<{ key: string }>>();
        for (const a of added) byCode.set(String(a.row.procedure_code), [...(byCode.get(String(a.row.procedure_code)) ?? []), a]);
        for (const [code, rows] of byCode) bounded(`added for ${code}`, rows, count('POST', studioPath(code, 'publications(/[^/]+/republish)?')));
        for (const { key } of changed) flag('changed', key);
        for (const key of removed) flag('removed', key);
        break;
      }
      case 'metrics_ratings':
        bounded('added', added, count('POST', /^\/api\/ratings$/));
        for (const { key } of changed) flag('changed', key);
        for (const key of removed) flag('removed', key);
        break;
    }
  }
  return problems;
}
