/**
 * The queue of one unit, read from the `cases` read model (migration 0004): the cases it holds now,
 * counted by filter and listed by deadline. Never asks Temporal; instants come in from the caller
 * (the calendar decides where "today" and "2 working days" end).
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { MotcuaDb } from './database.js';
import type { Database } from './database-types.js';
import { foldForSearch } from './search-text.js';

export const queueViews = ['all', 'dueToday', 'dueSoon', 'overdue', 'awaitingSupplement'] as const;
export type QueueView = (typeof queueViews)[number];

export interface QueueScope {
  unit: string;
  procedure?: string | undefined;
  ward?: string | undefined;
  /** Part of a dossier code or of the applicant's name (any case, with or without diacritics). */
  search?: string | undefined;
}

/** The instants the filters compare deadlines with. */
export interface QueueClock {
  now: Date;
  /** End of today (local): due today = due from now until then. */
  endOfToday: Date;
  /** Close of the 2nd working day after today: due soon = due from now until then. */
  endOfSoon: Date;
}

export interface QueueRow {
  caseCode: string;
  procedureCode: string;
  applicantName: string | null;
  state: string;
  status: string;
  unit: string;
  holdingUnits: string[];
  ward: string | null;
  receivedAt: Date;
  dueAt: Date | null;
  overdue: boolean;
}

type CasesExpr = ExpressionBuilder<Database, 'cases'>;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The unit's open cases within the scope (procedure, ward, search). */
function inScope(eb: CasesExpr, scope: QueueScope) {
  const conditions = [
    eb('status', '<>', 'closed'),
    eb('holding_units', '@>', sql<string[]>`array[${scope.unit}]::text[]`),
  ];
  if (scope.procedure) conditions.push(eb('procedure_code', '=', scope.procedure));
  if (scope.ward) conditions.push(eb('ward', '=', scope.ward));
  const folded = scope.search ? foldForSearch(scope.search) : '';
  if (folded) conditions.push(eb('search_text', 'like', `%${escapeLike(folded)}%`));
  return eb.and(conditions);
}

/** Each view's condition beyond the scope. */
function inView(eb: CasesExpr, view: QueueView, clock: QueueClock) {
  switch (view) {
    case 'all':
      return eb.lit(true);
    case 'dueToday':
      return eb.and([eb('status', '=', 'in_progress'), eb('due_at', '>=', clock.now), eb('due_at', '<=', clock.endOfToday)]);
    case 'dueSoon':
      return eb.and([eb('status', '=', 'in_progress'), eb('due_at', '>=', clock.now), eb('due_at', '<=', clock.endOfSoon)]);
    case 'overdue':
      return eb.and([eb('status', '=', 'in_progress'), eb.or([eb('overdue', '=', true), eb('due_at', '<', clock.now)])]);
    case 'awaitingSupplement':
      return eb('status', '=', 'awaiting_supplement');
  }
}

/** How many cases each view holds, in one pass over the unit's open cases. */
export async function queueCounts(db: MotcuaDb, scope: QueueScope, clock: QueueClock): Promise<Record<QueueView, number>> {
  const row = await db
    .selectFrom('cases')
    .where((eb) => inScope(eb, scope))
    .select((eb) =>
      queueViews.map((view) => eb.fn.countAll<string>().filterWhere(inView(eb, view, clock)).as(view)),
    )
    .executeTakeFirstOrThrow();
  return Object.fromEntries(queueViews.map((view) => [view, Number(row[view])])) as Record<QueueView, number>;
}

/** One page of a view, the nearest deadline first (cases without a running deadline last). */
export async function queuePage(
  db: MotcuaDb,
  scope: QueueScope,
  view: QueueView,
  clock: QueueClock,
  page: { limit: number; offset: number },
): Promise<QueueRow[]> {
  const rows = await db
    .selectFrom('cases')
    .where((eb) => eb.and([inScope(eb, scope), inView(eb, view, clock)]))
    .select([
      'case_code',
      'procedure_code',
      'applicant_name',
      'state',
      'status',
      'unit',
      'holding_units',
      'ward',
      'received_at',
      'due_at',
      'overdue',
    ])
    .orderBy(sql`due_at asc nulls last`)
    .orderBy('case_code')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => ({
    caseCode: r.case_code,
    procedureCode: r.procedure_code,
    applicantName: r.applicant_name,
    state: r.state,
    status: r.status,
    unit: r.unit,
    holdingUnits: r.holding_units,
    ward: r.ward,
    receivedAt: new Date(r.received_at),
    dueAt: r.due_at ? new Date(r.due_at) : null,
    overdue: r.overdue,
  }));
}

/** The procedures and wards among the unit's open cases, with counts: the choices of the filters. */
export async function queueFacets(db: MotcuaDb, unit: string) {
  const scope = { unit };
  const [procedures, wards] = await Promise.all([
    db
      .selectFrom('cases')
      .where((eb) => inScope(eb, scope))
      .select(['procedure_code', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('procedure_code')
      .orderBy('procedure_code')
      .execute(),
    db
      .selectFrom('cases')
      .where((eb) => eb.and([inScope(eb, scope), eb('ward', 'is not', null)]))
      .select(['ward', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('ward')
      .orderBy('ward')
      .execute(),
  ]);
  return {
    procedures: procedures.map((p) => ({ code: p.procedure_code, count: Number(p.n) })),
    wards: wards.map((w) => ({ code: w.ward!, count: Number(w.n) })),
  };
}
