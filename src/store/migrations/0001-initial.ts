import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_events')
    .addColumn('case_code', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('due_at', 'timestamptz')
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('case_events_pk', ['case_code', 'seq'])
    .execute();
  await db.schema.createIndex('case_events_type_at').on('case_events').columns(['type', 'at']).execute();

  await db.schema
    .createTable('cases')
    .addColumn('case_code', 'text', (c) => c.primaryKey())
    .addColumn('procedure_code', 'text', (c) => c.notNull())
    .addColumn('procedure_version', 'text', (c) => c.notNull())
    .addColumn('receiving_unit', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('applicant', 'jsonb', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz')
    .addColumn('statutory_due_at', 'timestamptz')
    .addColumn('overdue', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('timeliness', 'text')
    .addColumn('outcome', 'text')
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('cases_status_due').on('cases').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('cases_procedure').on('cases').columns(['procedure_code']).execute();

  await db.schema
    .createTable('dossier_sequences')
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('dossier_sequences_pk', ['unit_code', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dossier_sequences').execute();
  await db.schema.dropTable('cases').execute();
  await db.schema.dropTable('case_events').execute();
}
