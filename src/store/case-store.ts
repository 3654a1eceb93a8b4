import { sql, type OnConflictBuilder, type Selectable } from 'kysely';
import type { CaseEvent, CaseProjection } from '../cases/case-event.js';
import type { MotcuaDb } from './database.js';
import type { CaseEventsTable, Database } from './database-types.js';
import { caseSearchText } from './search-text.js';

/** A ward unit's ward (`P.TTD`, `P.TTD.MC` → `TTD`); null for district units. */
function wardOfUnit(unit: string): string | null {
  return /^P\.([A-Z]+)/.exec(unit)?.[1] ?? null;
}

function applicantNameOf(applicant: Record<string, unknown>): string | null {
  return typeof applicant.name === 'string' ? applicant.name : null;
}

/** A different event is already stored at a (case, seq) of the batch: nothing may overwrite it. */
export class CaseEventConflictError extends Error {
  override name = 'CaseEventConflictError';
  constructor(
    readonly caseCode: string,
    readonly seq: number,
  ) {
    super(`case ${caseCode}: event ${seq} differs from the one already recorded`);
  }
}

/** The `cases` row a projection leads to (also written in bulk by the synthetic seeder). */
export function caseRowOf(projection: CaseProjection) {
  return {
    case_code: projection.caseCode,
    procedure_code: projection.procedureCode,
    procedure_version: projection.procedureVersion,
    receiving_unit: projection.receivingUnit,
    channel: projection.channel,
    applicant: JSON.stringify(projection.applicant),
    received_at: projection.receivedAt,
    state: projection.state,
    status: projection.status,
    unit: projection.unit,
    due_at: projection.dueAt,
    statutory_due_at: projection.statutoryDueAt,
    overdue: projection.overdue,
    was_overdue: projection.wasOverdue,
    resolved_at: projection.resolvedAt,
    timeliness: projection.timeliness,
    outcome: projection.outcome,
    last_seq: projection.lastSeq,
    holding_units: projection.holdingUnits ?? [projection.unit],
    ward: projection.ward ?? wardOfUnit(projection.receivingUnit) ?? wardOfUnit(projection.unit),
    applicant_name: applicantNameOf(projection.applicant),
    search_text: caseSearchText(projection.caseCode, applicantNameOf(projection.applicant)),
  };
}

/** A `case_events` row of an event. */
export function caseEventRowOf(e: CaseEvent, runId?: string) {
  return {
    case_code: e.caseCode,
    seq: e.seq,
    type: e.type,
    at: e.at,
    actor: e.actor,
    actor_unit: e.actorUnit ?? null,
    unit: e.unit,
    from_state: e.fromState,
    to_state: e.toState,
    due_at: e.dueAt,
    data: e.data,
    run_id: runId ?? null,
  };
}

/**
 * Appends events and keeps the case row, in one statement (atomic, one round trip).
 * Idempotent: an event already stored (same case and seq) is not written again, and the
 * case row only moves forward (a late retry carrying an older projection changes nothing).
 * A retry is told from a different event by the run that wrote it and its type: the same run
 * re-executing a workflow task rebuilds the same event (its instant may differ), anything else at
 * that seq is a conflict and throws CaseEventConflictError. Returns how many events were new.
 */
export async function appendCaseEvents(db: MotcuaDb, events: CaseEvent[], projection: CaseProjection, runId?: string): Promise<number> {
  const row = caseRowOf(projection);
  const { case_code: _key, ...changes } = row;
  // Events in a data-modifying CTE, then the row: one statement instead of BEGIN, two writes, COMMIT.
  const moveRowForward = (oc: OnConflictBuilder<Database, 'cases'>) =>
    oc
      .column('case_code')
      .doUpdateSet({ ...changes, updated_at: sql`now()` })
      .where('cases.last_seq', '<', projection.lastSeq);
  if (events.length === 0) {
    await db.insertInto('cases').values(row).onConflict(moveRowForward).execute();
    return 0;
  }
  // The batch goes in whole or not at all: when any of its seqs is stored already, nothing is
  // inserted and the row does not move, and the stored events are compared below.
  const batch = events.map((e) => caseEventRowOf(e, runId));
  const result = await db
    .with('inserted', (qc) =>
      qc
        .insertInto('case_events')
        .columns(['case_code', 'seq', 'type', 'at', 'actor', 'actor_unit', 'unit', 'from_state', 'to_state', 'due_at', 'data', 'run_id'])
        .expression(
          sql`select * from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as v(case_code text, seq integer, type text, at timestamptz, actor text, actor_unit text, unit text, from_state text, to_state text, due_at timestamptz, data jsonb, run_id text)
              where not exists (select 1 from case_events e where e.case_code = ${projection.caseCode} and e.seq = any(${events.map((e) => e.seq)}::integer[]))`,
        )
        .onConflict((oc) => oc.columns(['case_code', 'seq']).doNothing())
        .returning('seq'),
    )
    .insertInto('cases')
    .values(row)
    .onConflict((oc) => moveRowForward(oc).where(sql<boolean>`(select count(*) from inserted) = ${events.length}`))
    // The count comes back only when the row moved forward, and the row moves only with a whole batch.
    .returning((eb) => eb.selectFrom('inserted').select(eb.fn.countAll<string>().as('n')).as('inserted'))
    .executeTakeFirst();
  const inserted = Number(result?.inserted ?? 0);
  if (inserted === events.length) return inserted;
  const missing = await eventsNotStored(db, events, runId);
  // A re-run of a workflow task may rebuild a stored batch with events after it: those are new.
  return missing.length > 0 ? appendCaseEvents(db, missing, projection, runId) : 0;
}

/**
 * The events of a batch that are not stored yet, after checking that those stored are the same
 * events (a retry), not others.
 */
async function eventsNotStored(db: MotcuaDb, events: CaseEvent[], runId: string | undefined): Promise<CaseEvent[]> {
  const caseCode = events[0]!.caseCode;
  const stored = await db
    .selectFrom('case_events')
    .select(['seq', 'type', 'run_id', 'from_state', 'to_state'])
    .where('case_code', '=', caseCode)
    .where('seq', 'in', events.map((e) => e.seq))
    .execute();
  const bySeq = new Map(stored.map((row) => [row.seq, row]));
  for (const event of events) {
    const row = bySeq.get(event.seq);
    if (!row) continue;
    const otherRun = row.run_id !== null && runId !== undefined && row.run_id !== runId;
    if (otherRun || row.type !== event.type || row.from_state !== event.fromState) {
      throw new CaseEventConflictError(caseCode, event.seq);
    }
  }
  return events.filter((event) => !bySeq.has(event.seq));
}

export async function listCaseEvents(db: MotcuaDb, caseCode: string): Promise<CaseEvent[]> {
  const rows = await db.selectFrom('case_events').selectAll().where('case_code', '=', caseCode).orderBy('seq').execute();
  return rows.map(caseEventFromRow);
}

/** A stored event row as the one event schema. */
export function caseEventFromRow(r: Selectable<CaseEventsTable>): CaseEvent {
  return {
    caseCode: r.case_code,
    seq: r.seq,
    type: r.type as CaseEvent['type'],
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    actorUnit: r.actor_unit,
    unit: r.unit,
    fromState: r.from_state,
    toState: r.to_state,
    dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
    data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
  };
}

export async function getCaseRow(db: MotcuaDb, caseCode: string) {
  return db.selectFrom('cases').selectAll().where('case_code', '=', caseCode).executeTakeFirst();
}

/** Next value of the receiving unit's daily sequence (the XXXX of the dossier code). */
export async function nextDossierSequence(db: MotcuaDb, unitCode: string, day: string): Promise<number> {
  const row = await db
    .insertInto('dossier_sequences')
    .values({ unit_code: unitCode, day, last_value: 1 })
    .onConflict((oc) => oc.columns(['unit_code', 'day']).doUpdateSet({ last_value: sql`dossier_sequences.last_value + 1` }))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value;
}

export async function pingDatabase(db: MotcuaDb): Promise<void> {
  await sql`select 1`.execute(db);
}
