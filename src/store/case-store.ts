import { sql, type OnConflictBuilder, type Selectable } from 'kysely';
import type { CaseEvent, CaseProjection } from '../cases/case-event.js';
import type { MotcuaDb } from './database.js';
import type { CaseEventsTable, Database } from './database-types.js';

/**
 * Appends events and keeps the case row, in one statement (atomic, one round trip).
 * Idempotent: an event already stored (same case and seq) is not written again, and the
 * case row only moves forward (a late retry carrying an older projection changes nothing).
 * Returns how many events were new.
 */
export async function appendCaseEvents(db: MotcuaDb, events: CaseEvent[], projection: CaseProjection): Promise<number> {
  const row = {
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
    resolved_at: projection.resolvedAt,
    timeliness: projection.timeliness,
    outcome: projection.outcome,
    last_seq: projection.lastSeq,
  };
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
  const result = await db
    .with('inserted', (qc) =>
      qc
        .insertInto('case_events')
        .values(
          events.map((e) => ({
            case_code: e.caseCode,
            seq: e.seq,
            type: e.type,
            at: e.at,
            actor: e.actor,
            unit: e.unit,
            from_state: e.fromState,
            to_state: e.toState,
            due_at: e.dueAt,
            data: JSON.stringify(e.data),
          })),
        )
        .onConflict((oc) => oc.columns(['case_code', 'seq']).doNothing())
        .returning('seq'),
    )
    .insertInto('cases')
    .values(row)
    .onConflict(moveRowForward)
    // The count comes back only when the row moved forward; a batch that adds events always moves it.
    .returning((eb) => eb.selectFrom('inserted').select(eb.fn.countAll<string>().as('n')).as('inserted'))
    .executeTakeFirst();
  return Number(result?.inserted ?? 0);
}

export async function listCaseEvents(db: MotcuaDb, caseCode: string): Promise<CaseEvent[]> {
  const rows = await db.selectFrom('case_events').selectAll().where('case_code', '=', caseCode).orderBy('seq').execute();
  return rows.map(caseEventFromRow);
}

/** A stored event row back to the event it was written from. */
export function caseEventFromRow(r: Selectable<CaseEventsTable>): CaseEvent {
  return {
    caseCode: r.case_code,
    seq: r.seq,
    type: r.type as CaseEvent['type'],
    at: new Date(r.at).toISOString(),
    actor: r.actor,
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
