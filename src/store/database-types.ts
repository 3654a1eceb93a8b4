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
  /** The workflow run that wrote it: a retry of the same event comes from the same run. */
  run_id: string | null;
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
}

export interface MetricsRatingsTable {
  case_code: string;
  rated_at: Timestamp;
  scores: Json;
  satisfied: boolean;
  comment: string | null;
}

export interface SubmissionsTable {
  idempotency_key: string;
  case_code: string;
  request_hash: string;
  input: Json;
  created_at: Generated<Timestamp>;
}

export interface Database {
  submissions: SubmissionsTable;
  case_events: CaseEventsTable;
  cases: CasesTable;
  dossier_sequences: DossierSequencesTable;
  metrics_case_facts: MetricsCaseFactsTable;
  metrics_steps: MetricsStepsTable;
  metrics_daily: MetricsDailyTable;
  metrics_ratings: MetricsRatingsTable;
}
