import type { Kysely } from 'kysely';

/**
 * Units as an organisation loads them (`motcua units load`): each may name its parent unit (a
 * province's communes and wards under the province, a desk under its committee). The seeded
 * District 7 units keep no parent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('units').addColumn('parent', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('units').dropColumn('parent').execute();
}
