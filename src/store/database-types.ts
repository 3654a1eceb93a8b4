import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;

export interface CaseEventsTable {
  case_code: string;
  seq: number;
  type: string;
  at: Timestamp;
  actor: string;
  unit: string;
  from_state: string | null;
  to_state: string | null;
  due_at: Timestamp | null;
  data: Json;
  recorded_at: Generated<Timestamp>;
}

export interface CasesTable {
  case_code: string;
  procedure_code: string;
  procedure_version: string;
  receiving_unit: string;
  channel: string;
  applicant: Json;
  received_at: Timestamp;
  state: string;
  status: string;
  unit: string;
  due_at: Timestamp | null;
  statutory_due_at: Timestamp | null;
  overdue: boolean;
  resolved_at: Timestamp | null;
  timeliness: string | null;
  outcome: string | null;
  last_seq: number;
  updated_at: Generated<Timestamp>;
}

export interface DossierSequencesTable {
  unit_code: string;
  day: string;
  last_value: number;
}

export interface ProcedurePublicationsTable {
  id: Generated<number>;
  procedure_code: string;
  version: string;
  content_hash: string;
  definition_yaml: string;
  compiled: Json;
  author: string;
  reason: string;
  published_at: Timestamp;
  republishes: number | null;
}

export interface ProcedureDraftsTable {
  procedure_code: string;
  definition_yaml: string;
  author: string;
  updated_at: Timestamp;
}

export interface Database {
  case_events: CaseEventsTable;
  cases: CasesTable;
  dossier_sequences: DossierSequencesTable;
  procedure_publications: ProcedurePublicationsTable;
  procedure_drafts: ProcedureDraftsTable;
}
