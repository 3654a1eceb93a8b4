import { sql, type Kysely } from 'kysely';
import { UNITS, unitKind } from '../../procedures/units.js';

/**
 * Identity: units as data (seeded with District 7's units of 2021, the same list the compiler uses;
 * an organisation replaces the rows with its own), accounts (one unit, one role), API tokens (stored
 * hashed), and the acting account's unit on every event.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_vi', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ward', 'text')
    .execute();
  await db
    .insertInto('units' as never)
    .values(
      UNITS.map((u) => ({ code: u.code, name_vi: u.nameVi, name_en: u.nameEn, level: u.level, kind: unitKind(u), ward: u.ward ?? null })) as never,
    )
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('account', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull().references('units.code'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Sessions signed in before this instant are no longer valid (password reset, disabling).
    .addColumn('credentials_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('accounts_unit').on('accounts').columns(['unit', 'role']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account', 'text', (c) => c.notNull().references('accounts.account'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema.alterTable('case_events').addColumn('actor_unit', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_events').dropColumn('actor_unit').execute();
  await db.schema.dropTable('api_tokens').execute();
  await db.schema.dropTable('accounts').execute();
  await db.schema.dropTable('units').execute();
}
