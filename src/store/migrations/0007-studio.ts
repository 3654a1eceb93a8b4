import { sql, type Kysely } from 'kysely';

/**
 * The studio: published procedure versions (append-only: every publication is a row, so the table
 * is also the publications' audit trail; a rollback is a new row republishing an older text) and
 * the designers' drafts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('procedure_publications')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('procedure_code', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('definition_yaml', 'text', (c) => c.notNull())
    .addColumn('compiled', 'jsonb', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('republishes', 'integer')
    .execute();
  await db.schema.createIndex('procedure_publications_code_id').on('procedure_publications').columns(['procedure_code', 'id']).execute();

  await db.schema
    .createTable('procedure_drafts')
    .addColumn('procedure_code', 'text', (c) => c.primaryKey())
    .addColumn('definition_yaml', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('procedure_drafts').execute();
  await db.schema.dropTable('procedure_publications').execute();
}
