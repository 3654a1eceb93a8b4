import { sql, type Kysely } from 'kysely';

/** The metrics projections (issue #12): one row per case, one per ended step, daily counters. */
export const dailyCounterColumns = [
  'received',
  'refused',
  'received_online',
  'received_post',
  'received_resolved_in_time',
  'resolved_early',
  'resolved_on_time',
  'resolved_late',
  'resolution_minutes',
  'withdrawn',
  'returned_incomplete',
  'apologies_issued',
  'apologies_in_time',
  'apologies_kept',
  'postal_returns',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('metrics_case_facts')
    .addColumn('case_code', 'text', (c) => c.primaryKey())
    .addColumn('procedure_code', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('online_level', 'integer', (c) => c.notNull())
    .addColumn('receiving_unit', 'text', (c) => c.notNull())
    .addColumn('ward', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_day', 'date', (c) => c.notNull())
    .addColumn('refused', 'boolean', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('overdue', 'boolean', (c) => c.notNull())
    .addColumn('was_overdue', 'boolean', (c) => c.notNull())
    .addColumn('statutory_due_at', 'timestamptz')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolved_day', 'date')
    .addColumn('timeliness', 'text')
    .addColumn('outcome', 'text')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('resolution_minutes', 'double precision')
    .addColumn('late_minutes', 'double precision')
    .addColumn('apology_issued_at', 'timestamptz')
    .addColumn('apology_in_time', 'boolean')
    .addColumn('apology_kept', 'boolean')
    .addColumn('first_over_budget_unit', 'text')
    .addColumn('first_over_budget_state', 'text')
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('facts', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('metrics_case_facts_resolved').on('metrics_case_facts').columns(['resolved_day']).execute();
  await sql`create index metrics_case_facts_open on metrics_case_facts (received_day) where resolved_at is null and closed_at is null`.execute(db);
  await sql`create index metrics_case_facts_audit on metrics_case_facts (late_minutes desc) where timeliness = 'late' or overdue`.execute(db);

  await db.schema
    .createTable('metrics_steps')
    .addColumn('case_code', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('left_at', 'timestamptz', (c) => c.notNull())
    .addColumn('left_day', 'date', (c) => c.notNull())
    .addColumn('working_minutes', 'double precision', (c) => c.notNull())
    .addColumn('budget_minutes', 'double precision')
    .addColumn('over_budget', 'boolean')
    .addPrimaryKeyConstraint('metrics_steps_pk', ['case_code', 'ordinal'])
    .execute();
  await db.schema.createIndex('metrics_steps_unit_day').on('metrics_steps').columns(['left_day', 'unit']).execute();

  let daily = db.schema
    .createTable('metrics_daily')
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('procedure_code', 'text', (c) => c.notNull())
    .addColumn('receiving_unit', 'text', (c) => c.notNull())
    .addColumn('ward', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('online_level', 'integer', (c) => c.notNull());
  for (const column of dailyCounterColumns) {
    daily = daily.addColumn(column, column === 'resolution_minutes' ? 'double precision' : 'bigint', (c) => c.notNull().defaultTo(0));
  }
  await daily.addPrimaryKeyConstraint('metrics_daily_pk', ['day', 'procedure_code', 'receiving_unit', 'ward', 'channel']).execute();

  // Satisfaction ratings (NĐ61 Arts. 29, 31; TT01 Art. 12): one per case, after the result is returned.
  await db.schema
    .createTable('metrics_ratings')
    .addColumn('case_code', 'text', (c) => c.primaryKey())
    .addColumn('rated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('scores', 'jsonb', (c) => c.notNull())
    .addColumn('satisfied', 'boolean', (c) => c.notNull())
    .addColumn('comment', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('metrics_ratings').execute();
  await db.schema.dropTable('metrics_daily').execute();
  await db.schema.dropTable('metrics_steps').execute();
  await db.schema.dropTable('metrics_case_facts').execute();
}
