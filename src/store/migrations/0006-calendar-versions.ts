import { sql, type Kysely } from 'kysely';

/** Calendar versions announced by an administrator (issue #10): the data new cases use, and who/when/why. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendar_versions')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('based_on', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('update_hash', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('update', 'jsonb', (c) => c.notNull())
    .addColumn('announced_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source_file', 'text')
    .addColumn('announced_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('position', 'serial', (c) => c.notNull().unique())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('calendar_versions').execute();
}
