/**
 * Submissions by idempotency key: the dossier code, the request's hash and the workflow input, taken
 * with the dossier's sequence number in one transaction. A retry with the key finds its dossier; a
 * crash between this write and the workflow start loses nothing (the input is here to start it).
 */
import { sql } from 'kysely';
import type { CaseUnits } from '../cases/case-units.js';
import type { CaseInput } from '../cases/case-state.js';
import { nextDossierSequence } from './case-store.js';
import type { MotcuaDb } from './database.js';

export interface StoredSubmission {
  idempotencyKey: string;
  caseCode: string;
  requestHash: string;
  input: CaseInput;
}

export async function findSubmission(db: MotcuaDb, idempotencyKey: string): Promise<StoredSubmission | undefined> {
  const row = await db.selectFrom('submissions').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
  return row && toSubmission(row);
}

/** What a case carries in its recorded input for naming its units: `CaseInput.units` and its ward. */
export interface CarriedUnits {
  /** Undefined when the input predates the field: the caller falls back to the built-in list. */
  units: CaseUnits | undefined;
  ward: string | undefined;
}

const jsonOf = (value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as unknown) : value);

/**
 * The units and ward each case carries in its recorded submission, for the pages, the read model
 * and the metrics that name its steps' units. Cases without a recorded submission (seeded, or
 * older than the table) are absent from the map.
 */
export async function carriedUnitsOf(db: MotcuaDb, caseCodes: readonly string[]): Promise<Map<string, CarriedUnits>> {
  if (caseCodes.length === 0) return new Map();
  const rows = await db
    .selectFrom('submissions')
    .select(['case_code', sql<unknown>`input->'units'`.as('units'), sql<string | null>`input->>'ward'`.as('ward')])
    .where('case_code', 'in', caseCodes)
    .execute();
  return new Map(
    rows.map((row) => {
      const units = jsonOf(row.units);
      return [row.case_code, { units: units && typeof units === 'object' ? (units as CaseUnits) : undefined, ward: row.ward ?? undefined }];
    }),
  );
}

/** The units one case carries (undefined without them: the built-in list). */
export async function caseUnitsOf(db: MotcuaDb, caseCode: string): Promise<CaseUnits | undefined> {
  return (await carriedUnitsOf(db, [caseCode])).get(caseCode)?.units;
}

/** The submission that created a dossier (every submission is recorded, keyed or not). */
export async function findSubmissionOfCase(db: MotcuaDb, caseCode: string): Promise<StoredSubmission | undefined> {
  const row = await db.selectFrom('submissions').selectAll().where('case_code', '=', caseCode).executeTakeFirst();
  return row && toSubmission(row);
}

class KeyTaken extends Error {}

/**
 * Takes the unit's next daily sequence and records the submission under its key, atomically: when
 * another request recorded the key first, nothing is taken (no second sequence number) and that
 * submission is returned with `created: false`. Without a key, the dossier code is the key.
 */
export async function recordSubmission(
  db: MotcuaDb,
  request: {
    idempotencyKey: string | undefined;
    requestHash: string;
    unitCode: string;
    day: string;
    input: (sequence: number) => CaseInput;
  },
): Promise<{ created: boolean; submission: StoredSubmission }> {
  try {
    const submission = await db.transaction().execute(async (trx) => {
      const input = request.input(await nextDossierSequence(trx, request.unitCode, request.day));
      const idempotencyKey = request.idempotencyKey ?? `case:${input.caseCode}`;
      const row = await trx
        .insertInto('submissions')
        .values({ idempotency_key: idempotencyKey, case_code: input.caseCode, request_hash: request.requestHash, input: JSON.stringify(input) })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning('case_code')
        .executeTakeFirst();
      if (!row) throw new KeyTaken(); // rolls the sequence back
      return { idempotencyKey, caseCode: input.caseCode, requestHash: request.requestHash, input };
    });
    return { created: true, submission };
  } catch (error) {
    if (!(error instanceof KeyTaken)) throw error;
    const earlier = await findSubmission(db, request.idempotencyKey!);
    if (!earlier) throw new Error(`submission key ${request.idempotencyKey} vanished`);
    return { created: false, submission: earlier };
  }
}

function toSubmission(row: { idempotency_key: string; case_code: string; request_hash: string; input: unknown }): StoredSubmission {
  return {
    idempotencyKey: row.idempotency_key,
    caseCode: row.case_code,
    requestHash: row.request_hash,
    input: (typeof row.input === 'string' ? JSON.parse(row.input) : row.input) as CaseInput,
  };
}
