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

export interface MetricsCaseFactsTable {
  case_code: string;
  procedure_code: string;
  field: string;
  online_level: number;
  receiving_unit: string;
  ward: string;
  channel: string;
  received_at: Timestamp;
  received_day: string;
  refused: boolean;
  status: string;
  overdue: boolean;
  was_overdue: boolean;
  statutory_due_at: Timestamp | null;
  resolved_at: Timestamp | null;
  resolved_day: string | null;
  timeliness: string | null;
  outcome: string | null;
  closed_at: Timestamp | null;
  resolution_minutes: number | null;
  late_minutes: number | null;
  apology_issued_at: Timestamp | null;
  apology_in_time: boolean | null;
  apology_kept: boolean | null;
  first_over_budget_unit: string | null;
  first_over_budget_state: string | null;
  last_seq: number;
  facts: Json;
}

export interface MetricsStepsTable {
  case_code: string;
  ordinal: number;
  state: string;
  unit: string;
  entered_at: Timestamp;
  left_at: Timestamp;
  left_day: string;
  working_minutes: number;
  budget_minutes: number | null;
  over_budget: boolean | null;
}

type Counter = ColumnType<string, number | string, number | string>;

export interface MetricsDailyTable {
  day: string;
  procedure_code: string;
  receiving_unit: string;
  ward: string;
  channel: string;
  field: string;
  online_level: number;
  received: Counter;
  refused: Counter;
  received_online: Counter;
  received_post: Counter;
  received_resolved_in_time: Counter;
  resolved_early: Counter;
  resolved_on_time: Counter;
  resolved_late: Counter;
  resolution_minutes: ColumnType<number, number, number>;
  withdrawn: Counter;
  returned_incomplete: Counter;
  apologies_issued: Counter;
  apologies_in_time: Counter;
  apologies_kept: Counter;
  postal_returns: Counter;
  /** Open cases received that day, by state (migration 0013). */
  open_in_time: Counter;
  open_overdue: Counter;
  open_awaiting: Counter;
}

/** Daily counters summed per month (migration 0011): `month` is the month's first day. */
export interface MetricsMonthlyTable extends Omit<MetricsDailyTable, 'day'> {
  month: string;
}

export interface MetricsRatingsTable {
  case_code: string;
  rated_at: Timestamp;
  scores: Json;
  satisfied: boolean;
  comment: string | null;
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
  metrics_case_facts: MetricsCaseFactsTable;
  metrics_steps: MetricsStepsTable;
  metrics_daily: MetricsDailyTable;
  metrics_monthly: MetricsMonthlyTable;
  metrics_ratings: MetricsRatingsTable;
  calendar_versions: CalendarVersionsTable;
  procedure_publications: ProcedurePublicationsTable;
  procedure_drafts: ProcedureDraftsTable;
}
