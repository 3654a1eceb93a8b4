/**
 * The studio's reads and writes: the event log of a procedure (for export, mining, simulation),
 * open cases per state (for the diagram), publications and drafts.
 */
import { sql } from 'kysely';
import type { CaseEvent } from '../cases/case-event.js';
import type { CompiledProcedure } from '../procedures/compiled-procedure.js';
import { caseEventFromRow } from '../store/case-store.js';
import type { MotcuaDb } from '../store/database.js';

export interface LogFilter {
  procedureCode?: string | undefined;
  /** Cases received at or after / before these instants (ISO). */
  from?: string | undefined;
  to?: string | undefined;
}

export async function listLogEvents(db: MotcuaDb, filter: LogFilter = {}): Promise<CaseEvent[]> {
  let cases = db.selectFrom('cases').select('case_code');
  if (filter.procedureCode) cases = cases.where('procedure_code', '=', filter.procedureCode);
  if (filter.from) cases = cases.where('received_at', '>=', new Date(filter.from));
  if (filter.to) cases = cases.where('received_at', '<', new Date(filter.to));
  const rows = await db.selectFrom('case_events').selectAll().where('case_code', 'in', cases).orderBy('case_code').orderBy('seq').execute();
  return rows.map(caseEventFromRow);
}

export interface OpenCount {
  version: string;
  /** The case's state label (` | ` between parallel regions). */
  state: string;
  open: number;
  overdue: number;
}

/** Cases not yet resolved, by version and state. */
export async function openCaseCounts(db: MotcuaDb, procedureCode: string): Promise<OpenCount[]> {
  const rows = await db
    .selectFrom('cases')
    .select((eb) => [
      'procedure_version',
      'state',
      eb.fn.countAll<string>().as('open'),
      sql<string>`count(*) filter (where overdue)`.as('overdue'),
    ])
    .where('procedure_code', '=', procedureCode)
    .where('status', 'in', ['in_progress', 'awaiting_supplement'])
    .groupBy(['procedure_version', 'state'])
    .execute();
  return rows.map((r) => ({ version: r.procedure_version, state: r.state, open: Number(r.open), overdue: Number(r.overdue) }));
}

export interface Publication {
  id: number;
  procedureCode: string;
  version: string;
  contentHash: string;
  definitionYaml: string;
  compiled: CompiledProcedure;
  author: string;
  reason: string;
  publishedAt: string;
  republishes: number | null;
}

type PublicationRow = Awaited<ReturnType<typeof publicationRows>>[number];

function publicationRows(db: MotcuaDb) {
  return db.selectFrom('procedure_publications').selectAll().execute();
}

function toPublication(r: PublicationRow): Publication {
  return {
    id: r.id,
    procedureCode: r.procedure_code,
    version: r.version,
    contentHash: r.content_hash,
    definitionYaml: r.definition_yaml,
    compiled: (typeof r.compiled === 'string' ? JSON.parse(r.compiled) : r.compiled) as CompiledProcedure,
    author: r.author,
    reason: r.reason,
    publishedAt: new Date(r.published_at).toISOString(),
    republishes: r.republishes,
  };
}

export async function insertPublication(db: MotcuaDb, publication: Omit<Publication, 'id'>): Promise<Publication> {
  const row = await db
    .insertInto('procedure_publications')
    .values({
      procedure_code: publication.procedureCode,
      version: publication.version,
      content_hash: publication.contentHash,
      definition_yaml: publication.definitionYaml,
      compiled: JSON.stringify(publication.compiled),
      author: publication.author,
      reason: publication.reason,
      published_at: publication.publishedAt,
      republishes: publication.republishes,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPublication(row);
}

/** Publications of one procedure, newest first. */
export async function listPublications(db: MotcuaDb, procedureCode: string): Promise<Publication[]> {
  const rows = await db.selectFrom('procedure_publications').selectAll().where('procedure_code', '=', procedureCode).orderBy('id', 'desc').execute();
  return rows.map(toPublication);
}

/** The newest publication of every procedure. */
export async function latestPublications(db: MotcuaDb): Promise<Publication[]> {
  const rows = await db
    .selectFrom('procedure_publications')
    .selectAll()
    .where('id', 'in', (eb) => eb.selectFrom('procedure_publications').select((e) => e.fn.max('id').as('id')).groupBy('procedure_code'))
    .execute();
  return rows.map(toPublication);
}

export interface Draft {
  procedureCode: string;
  definitionYaml: string;
  author: string;
  updatedAt: string;
}

export async function saveDraft(db: MotcuaDb, draft: Draft): Promise<void> {
  await db
    .insertInto('procedure_drafts')
    .values({ procedure_code: draft.procedureCode, definition_yaml: draft.definitionYaml, author: draft.author, updated_at: draft.updatedAt })
    .onConflict((oc) => oc.column('procedure_code').doUpdateSet({ definition_yaml: draft.definitionYaml, author: draft.author, updated_at: draft.updatedAt }))
    .execute();
}

export async function getDraft(db: MotcuaDb, procedureCode: string): Promise<Draft | undefined> {
  const row = await db.selectFrom('procedure_drafts').selectAll().where('procedure_code', '=', procedureCode).executeTakeFirst();
  return row && { procedureCode: row.procedure_code, definitionYaml: row.definition_yaml, author: row.author, updatedAt: new Date(row.updated_at).toISOString() };
}
