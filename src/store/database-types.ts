import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;
/** A timestamp the database fills in when the insert gives none. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

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
  /** The workflow run that wrote it: a retry of the same event comes from the same run. */
  run_id: string | null;
  /** The acting account's unit (null for the post, the system, and events before accounts existed). */
  actor_unit: ColumnType<string | null, string | null | undefined, string | null>;
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
  was_overdue: Generated<boolean>;
  resolved_at: Timestamp | null;
  timeliness: string | null;
  outcome: string | null;
  last_seq: number;
  updated_at: Generated<Timestamp>;
  /** The queue's read model (migration 0004): units holding the case now, its ward, the applicant. */
  holding_units: ColumnType<string[], string[] | undefined, string[]>;
  ward: string | null;
  applicant_name: string | null;
  /** Dossier code and applicant name, lower case without diacritics (src/store/search-text.ts). */
  search_text: Generated<string>;
}

export interface DossierSequencesTable {
  unit_code: string;
  day: string;
  last_value: number;
}

export interface UnitsTable {
  code: string;
  name_vi: string;
  name_en: string;
  level: string;
  kind: string;
  ward: string | null;
  /** The unit above it (migration 0009); null for the seeded District 7 units. */
  parent: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AccountsTable {
  account: string;
  name: string;
  unit: string;
  role: string;
  password_hash: string;
  active: Generated<boolean>;
  demo: Generated<boolean>;
  created_at: DefaultedTimestamp;
  credentials_changed_at: DefaultedTimestamp;
}

export interface ApiTokensTable {
  token_hash: string;
  account: string;
  label: string;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface SubmissionsTable {
  idempotency_key: string;
  case_code: string;
  request_hash: string;
  input: Json;
  created_at: Generated<Timestamp>;
}

export interface CalendarVersionsTable {
  version: string;
  /** The version the update was merged into. */
  based_on: string;
  /** sha256 of the calendar data, and of the announced update. */
  content_hash: string;
  update_hash: string;
  data: Json;
  update: Json;
  announced_by: string;
  reason: string;
  source_file: string | null;
  announced_at: ColumnType<Date, Date | string | undefined, never>;
  /** Order of announcement: the highest is the calendar new cases use. */
  position: Generated<number>;
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
  submissions: SubmissionsTable;
  units: UnitsTable;
  accounts: AccountsTable;
  api_tokens: ApiTokensTable;
  case_events: CaseEventsTable;
  cases: CasesTable;
  dossier_sequences: DossierSequencesTable;
  calendar_versions: CalendarVersionsTable;
  procedure_publications: ProcedurePublicationsTable;
  procedure_drafts: ProcedureDraftsTable;
}
