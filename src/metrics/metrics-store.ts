/**
 * The metrics projections in PostgreSQL: written in the same transaction as the events that
 * change them, and rebuildable from the events alone. Both paths fold events with the same pure
 * `caseFacts`, and the live path applies the difference between the case's old and new
 * contributions, so a retried batch (no new events, same facts) changes nothing.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { calendarOf } from '../cases/case-rules.js';
import type { CalendarData } from '../calendar/index.js';
import type { CaseEvent, CaseProjection } from '../cases/case-event.js';
import { canonicalize, canonicalJson } from '../procedures/canonical-json.js';
import { bulkInsert } from '../store/bulk-insert.js';
import { appendCaseEvents, caseEventFromRow, listCaseEvents } from '../store/case-store.js';
import type { MotcuaDb } from '../store/database.js';
import { carriedUnitsOf, type CarriedUnits } from '../store/submission-store.js';
import type { Database } from '../store/database-types.js';
import { caseFacts, type CaseFacts } from './case-facts.js';
import { contributions, countNames, dimensionsOf, openNames, openStateOf, type Counts, type OpenCounts } from './figures.js';
import type { MetricProcedures } from './metric-procedures.js';
import { localDay } from './periods.js';

export interface MetricsContext {
  procedures: MetricProcedures;
  calendar: CalendarData;
}

type Db = Kysely<Database> | Transaction<Database>;

export const counterColumns: Record<keyof Counts, string> = {
  received: 'received',
  refused: 'refused',
  receivedOnline: 'received_online',
  receivedPost: 'received_post',
  receivedResolvedInTime: 'received_resolved_in_time',
  resolvedEarly: 'resolved_early',
  resolvedOnTime: 'resolved_on_time',
  resolvedLate: 'resolved_late',
  resolutionMinutes: 'resolution_minutes',
  withdrawn: 'withdrawn',
  returnedIncomplete: 'returned_incomplete',
  apologiesIssued: 'apologies_issued',
  apologiesInTime: 'apologies_in_time',
  apologiesKept: 'apologies_kept',
  postalReturns: 'postal_returns',
};

/** The snapshot of open cases as counters on the day of receipt (migration 0013), moved by the same writes. */
export const openCounterColumns: Record<keyof OpenCounts, string> = {
  inProgressInTime: 'open_in_time',
  inProgressOverdue: 'open_overdue',
  awaitingSupplement: 'open_awaiting',
};

type CounterName = keyof Counts | keyof OpenCounts;
const allCounterColumns: Array<[CounterName, string]> = [
  ...countNames.map((name) => [name, counterColumns[name]] as [CounterName, string]),
  ...openNames.map((name) => [name, openCounterColumns[name]] as [CounterName, string]),
];

/** Daily counter rows keyed by day and the case's dimensions. */
type DailyDeltas = Map<string, { day: string; facts: CaseFacts; counts: Partial<Record<CounterName, number>> }>;

export function addContributions(deltas: DailyDeltas, facts: CaseFacts, sign: 1 | -1): void {
  const dims = dimensionsOf(facts);
  const openState = openStateOf(facts);
  const open = openState ? [{ day: localDay(facts.receivedAt), count: openState as CounterName, amount: 1 }] : [];
  for (const { day, count, amount } of [...contributions(facts), ...open]) {
    const key = `${day}|${dims.procedure}|${dims.unit}|${dims.ward}|${dims.channel}`;
    let row = deltas.get(key);
    if (!row) {
      row = { day, facts, counts: {} };
      deltas.set(key, row);
    }
    row.counts[count] = (row.counts[count] ?? 0) + sign * amount;
  }
}

function dailyRows(deltas: DailyDeltas) {
  return [...deltas.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) // one lock order for concurrent writers
    .filter(([, row]) => Object.values(row.counts).some((v) => v !== 0))
    .map(([, { day, facts, counts }]) => {
      const dims = dimensionsOf(facts);
      const row: Record<string, string | number> = {
        day,
        procedure_code: dims.procedure,
        receiving_unit: dims.unit,
        ward: dims.ward,
        channel: dims.channel,
        field: facts.field,
        online_level: facts.onlineLevel,
      };
      for (const [name, column] of allCounterColumns) row[column] = counts[name] ?? 0;
      return row;
    });
}

const monthOf = (day: string) => `${day.slice(0, 7)}-01`;

/** Adds counter rows to the daily table and the same sums to the monthly one (migration 0011). */
async function addToDaily(db: Db, rows: Array<Record<string, string | number>>): Promise<void> {
  const months = new Map<string, Record<string, string | number>>();
  for (const row of rows) {
    const month = monthOf(String(row.day));
    const key = `${month}|${row.procedure_code}|${row.receiving_unit}|${row.ward}|${row.channel}`;
    const sum = months.get(key);
    if (!sum) {
      const { day: _day, ...rest } = row;
      months.set(key, { month, ...rest });
    } else {
      for (const [, column] of allCounterColumns) sum[column] = Number(sum[column]) + Number(row[column]);
    }
  }
  const monthlyRows = [...months.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  for (const [table, key, tableRows] of [
    ['metrics_daily', 'day', rows],
    ['metrics_monthly', 'month', monthlyRows],
  ] as const) {
    const set = Object.fromEntries(allCounterColumns.map(([, column]) => [column, sql`${sql.ref(`${table}.${column}`)} + excluded.${sql.ref(column)}`]));
    for (let i = 0; i < tableRows.length; i += 1000) {
      await db
        .insertInto(table)
        .values(tableRows.slice(i, i + 1000) as never)
        .onConflict((oc) => oc.columns([key, 'procedure_code', 'receiving_unit', 'ward', 'channel'] as never).doUpdateSet(set as never))
        .execute();
    }
  }
}

async function dropEmptyDailyRows(db: Db, facts: CaseFacts): Promise<void> {
  const dims = dimensionsOf(facts);
  const days = [...new Set(contributions(facts).map((c) => c.day))];
  if (days.length === 0) return;
  for (const [table, key, values] of [
    ['metrics_daily', 'day', days],
    ['metrics_monthly', 'month', [...new Set(days.map(monthOf))]],
  ] as const) {
    let query = db
      .deleteFrom(table)
      .where(key as 'day', 'in', values)
      .where('procedure_code', '=', dims.procedure)
      .where('receiving_unit', '=', dims.unit)
      .where('ward', '=', dims.ward)
      .where('channel', '=', dims.channel);
    for (const [, column] of allCounterColumns) query = query.where(column as 'received', '=', '0');
    await query.execute();
  }
}

function factsRow(facts: CaseFacts) {
  return {
    case_code: facts.caseCode,
    procedure_code: facts.procedureCode,
    field: facts.field,
    online_level: facts.onlineLevel,
    receiving_unit: facts.receivingUnit,
    ward: facts.ward ?? '',
    channel: facts.channel,
    received_at: facts.receivedAt,
    received_day: localDay(facts.receivedAt),
    refused: facts.refused,
    status: facts.status,
    overdue: facts.overdue,
    was_overdue: facts.wasOverdue,
    statutory_due_at: facts.statutoryDueAt,
    resolved_at: facts.timeliness ? facts.resolvedAt : null,
    resolved_day: facts.resolvedAt && facts.timeliness ? localDay(facts.resolvedAt) : null,
    timeliness: facts.timeliness,
    outcome: facts.outcome,
    closed_at: facts.closedAt,
    resolution_minutes: facts.resolutionMinutes,
    late_minutes: facts.lateMinutes,
    apology_issued_at: facts.apology?.issuedAt ?? null,
    apology_in_time: facts.apology?.inTime ?? null,
    apology_kept: facts.apology?.kept ?? null,
    first_over_budget_unit: facts.firstOverBudget?.unit ?? null,
    first_over_budget_state: facts.firstOverBudget?.state ?? null,
    last_seq: facts.lastSeq,
    facts: canonicalJson(facts),
  };
}

function stepRows(facts: CaseFacts) {
  return facts.steps.map((step, index) => ({
    case_code: facts.caseCode,
    ordinal: index + 1,
    state: step.state,
    unit: step.unit,
    entered_at: step.enteredAt,
    left_at: step.leftAt,
    left_day: localDay(step.leftAt),
    working_minutes: step.workingMinutes,
    budget_minutes: step.budgetMinutes,
    over_budget: step.overBudget,
  }));
}

/** The facts row with its JSON as a value (a bulk insert carries rows as JSON; jsonb orders keys itself). */
export function factsRowForBulk(facts: CaseFacts) {
  return { ...factsRow(facts), facts: canonicalize(facts) };
}

export { stepRows };

/** Facts of one case from its events, or null when the procedure is unknown or nothing was received. */
export function factsFromEvents(events: CaseEvent[], context: MetricsContext, carried?: CarriedUnits): CaseFacts | null {
  const received = events.find((e) => e.type === 'received');
  const procedure = received && context.procedures.get(String(received.data.procedureCode));
  if (!procedure) return null;
  return caseFacts(events, procedure, calendarOf(context.calendar), carried);
}

/** Brings one case's projections up to date with its stored events (inside the caller's transaction). */
export async function refreshCaseMetrics(db: Db, caseCode: string, context: MetricsContext): Promise<void> {
  const events = await listCaseEvents(db as MotcuaDb, caseCode);
  const carried = await carriedUnitsOf(db as MotcuaDb, [caseCode]);
  const facts = factsFromEvents(events, context, carried.get(caseCode));
  if (!facts) return;
  const old = await db.selectFrom('metrics_case_facts').select('facts').where('case_code', '=', caseCode).forUpdate().executeTakeFirst();
  const oldFacts = old ? ((typeof old.facts === 'string' ? JSON.parse(old.facts) : old.facts) as CaseFacts) : null;
  const row = factsRow(facts);
  if (oldFacts && canonicalJson(oldFacts) === row.facts) return; // a retry: nothing changed
  const deltas: DailyDeltas = new Map();
  if (oldFacts) addContributions(deltas, oldFacts, -1);
  addContributions(deltas, facts, 1);
  await addToDaily(db, dailyRows(deltas));
  // A dimension that changed (the ward becomes known at a handoff) leaves an all-zero row: drop it, as a rebuild would never write it.
  if (oldFacts) await dropEmptyDailyRows(db, oldFacts);
  const { case_code: _key, ...changes } = row;
  await db.insertInto('metrics_case_facts').values(row).onConflict((oc) => oc.column('case_code').doUpdateSet(changes)).execute();
  await db.deleteFrom('metrics_steps').where('case_code', '=', caseCode).execute();
  const steps = stepRows(facts);
  if (steps.length > 0) await db.insertInto('metrics_steps').values(steps).execute();
}

/**
 * The activity's write with the metrics: events, case row and projections in one transaction,
 * so a crash leaves either all or none, and a retry recomputes the same facts (no double count).
 */
export async function appendCaseEventsWithMetrics(
  db: MotcuaDb,
  events: CaseEvent[],
  projection: CaseProjection,
  context: MetricsContext,
  runId?: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const inserted = await appendCaseEvents(trx, events, projection, runId);
    await refreshCaseMetrics(trx, projection.caseCode, context);
    return inserted;
  });
}

/** Writes the projections of many cases at once (rebuild and synthetic seeding): facts, steps, daily sums. */
export async function writeCaseFactsBatch(db: Db, batch: CaseFacts[], daily: DailyDeltas): Promise<void> {
  await bulkInsert(db, 'metrics_case_facts', batch.map(factsRowForBulk));
  await bulkInsert(db, 'metrics_steps', batch.flatMap(stepRows));
  for (const facts of batch) addContributions(daily, facts, 1);
}

/**
 * `motcua metrics rebuild`: empties the projections and folds every case's events again, under
 * an exclusive lock so live writes wait for it and then apply on top of the rebuilt rows.
 */
export async function rebuildMetrics(db: MotcuaDb, context: MetricsContext, options: { batchSize?: number; onProgress?: (cases: number) => void } = {}): Promise<{ cases: number; events: number }> {
  const batchSize = options.batchSize ?? 2000;
  return db.transaction().execute(async (trx) => {
    await sql`lock table metrics_case_facts, metrics_steps, metrics_daily, metrics_monthly in exclusive mode`.execute(trx);
    await trx.deleteFrom('metrics_steps').execute();
    await trx.deleteFrom('metrics_case_facts').execute();
    await trx.deleteFrom('metrics_daily').execute();
    await trx.deleteFrom('metrics_monthly').execute();
    const daily: DailyDeltas = new Map();
    let last = '';
    let cases = 0;
    let eventCount = 0;
    for (;;) {
      const codes = (await trx.selectFrom('cases').select('case_code').where('case_code', '>', last).orderBy('case_code').limit(batchSize).execute()).map((r) => r.case_code);
      if (codes.length === 0) break;
      last = codes.at(-1)!;
      const rows = await trx.selectFrom('case_events').selectAll().where('case_code', 'in', codes).orderBy('case_code').orderBy('seq').execute();
      eventCount += rows.length;
      const byCase = new Map<string, CaseEvent[]>();
      for (const r of rows) {
        const event = caseEventFromRow(r);
        let list = byCase.get(r.case_code);
        if (!list) byCase.set(r.case_code, (list = []));
        list.push(event);
      }
      const carried = await carriedUnitsOf(trx as MotcuaDb, codes);
      const batch = [...byCase.entries()].flatMap(([code, events]) => factsFromEvents(events, context, carried.get(code)) ?? []);
      await writeCaseFactsBatch(trx, batch, daily);
      cases += codes.length;
      options.onProgress?.(cases);
    }
    await addToDaily(trx, dailyRows(daily));
    return { cases, events: eventCount };
  });
}

/** Adds accumulated daily sums (from writeCaseFactsBatch) to the counters. */
export async function flushDaily(db: Db, daily: DailyDeltas): Promise<void> {
  await addToDaily(db, dailyRows(daily));
}

export type { DailyDeltas };
