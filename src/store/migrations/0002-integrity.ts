import { sql, type Kysely } from 'kysely';

/**
 * Issue #9: submissions kept by idempotency key (a retried submission is the same dossier, and the
 * workflow input survives a crash between the key and the workflow start); the run that wrote each
 * event (a retry of the same event is told from a different one); overdue kept as history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('submissions')
    .addColumn('idempotency_key', 'text', (c) => c.primaryKey())
    .addColumn('case_code', 'text', (c) => c.notNull().unique())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('input', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.alterTable('case_events').addColumn('run_id', 'text').execute();
  await db.schema.alterTable('cases').addColumn('was_overdue', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').dropColumn('was_overdue').execute();
  await db.schema.alterTable('case_events').dropColumn('run_id').execute();
  await db.schema.dropTable('submissions').execute();
}
