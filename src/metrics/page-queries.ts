/**
 * Questions of the pages (issue #12 items 6–8) the dashboard and audit queries do not answer:
 * the cases behind a drill-down row, satisfaction of one unit by field or month, and the public
 * status look-up. Read-only, from the projections (metrics_case_facts, metrics_ratings) and the
 * case row; no figure is computed here that figures.ts defines.
 */
import { sql } from 'kysely';
import type { MotcuaDb } from '../store/database.js';

export interface CaseListQuery {
  unit?: string | undefined;
  procedure?: string | undefined;
  field?: string | undefined;
  /** Local days of receipt, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
}

export interface CaseListRow {
  caseCode: string;
  procedureCode: string;
  receivingUnit: string;
  channel: string;
  receivedAt: string;
  status: string;
  overdue: boolean;
  resolvedAt: string | null;
  timeliness: string | null;
  outcome: string | null;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The cases received in the range (refusals apart), latest receipt first: the last level of the drill-down. */
export async function queryCaseList(db: MotcuaDb, query: CaseListQuery): Promise<CaseListRow[]> {
  let select = db
    .selectFrom('metrics_case_facts')
    .select(['case_code', 'procedure_code', 'receiving_unit', 'channel', 'received_at', 'status', 'overdue', 'resolved_at', 'timeliness', 'outcome'])
    .where('refused', '=', false);
  if (query.unit) select = select.where('receiving_unit', '=', query.unit);
  if (query.procedure) select = select.where('procedure_code', '=', query.procedure);
  if (query.field) select = select.where('field', '=', query.field);
  if (query.from) select = select.where('received_day', '>=', query.from);
  if (query.to) select = select.where('received_day', '<=', query.to);
  const rows = await select.orderBy('received_at', 'desc').orderBy('case_code').limit(query.limit).execute();
  return rows.map((r) => ({
    caseCode: r.case_code,
    procedureCode: r.procedure_code,
    receivingUnit: r.receiving_unit,
    channel: r.channel,
    receivedAt: iso(r.received_at)!,
    status: r.status,
    overdue: r.overdue,
    resolvedAt: iso(r.resolved_at),
    timeliness: r.timeliness,
    outcome: r.outcome,
  }));
}

export interface SatisfactionQuery {
  by: 'unit' | 'field' | 'month';
  unit?: string | undefined;
  procedure?: string | undefined;
  /** Local days of the rating, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface SatisfactionGroup {
  group: string;
  ratings: number;
  satisfied: number;
  /** satisfied ÷ ratings (NĐ61 Art. 31; plan §2.3). */
  rate: number | null;
}

/** Satisfaction grouped by receiving unit, field or local month of the rating, optionally of one unit or procedure. */
export async function querySatisfactionGroups(db: MotcuaDb, query: SatisfactionQuery): Promise<SatisfactionGroup[]> {
  const ratedDay = sql`(r.rated_at at time zone 'Asia/Ho_Chi_Minh')::date`;
  const group =
    query.by === 'unit' ? sql`f.receiving_unit` : query.by === 'field' ? sql`f.field` : sql`to_char(${ratedDay}, 'YYYY-MM')`;
  const conditions = [
    query.unit ? sql`and f.receiving_unit = ${query.unit}` : sql``,
    query.procedure ? sql`and f.procedure_code = ${query.procedure}` : sql``,
    query.from ? sql`and ${ratedDay} >= ${query.from}::date` : sql``,
    query.to ? sql`and ${ratedDay} <= ${query.to}::date` : sql``,
  ];
  const result = await sql<{ grp: string; ratings: number; satisfied: number }>`
    select ${group} as grp, count(*)::int as ratings, count(*) filter (where r.satisfied)::int as satisfied
    from metrics_ratings r join metrics_case_facts f using (case_code)
    where true ${sql.join(conditions, sql` `)}
    group by 1 order by 1`.execute(db);
  return result.rows.map((r) => ({ group: r.grp, ratings: r.ratings, satisfied: r.satisfied, rate: r.ratings === 0 ? null : r.satisfied / r.ratings }));
}

/** What the public look-up may show of a dossier: the procedure, the status, the appointment. Nothing personal. */
export interface PublicCaseStatus {
  caseCode: string;
  procedureCode: string;
  status: string;
  /** The date of the appointment in force (an apology's new date once one is issued). */
  dueAt: string | null;
  resolvedAt: string | null;
}

export async function queryPublicStatus(db: MotcuaDb, caseCode: string): Promise<PublicCaseStatus | null> {
  const row = await db
    .selectFrom('cases')
    .select(['case_code', 'procedure_code', 'status', 'due_at', 'resolved_at'])
    .where('case_code', '=', caseCode)
    .executeTakeFirst();
  return row ? { caseCode: row.case_code, procedureCode: row.procedure_code, status: row.status, dueAt: iso(row.due_at), resolvedAt: iso(row.resolved_at) } : null;
}
