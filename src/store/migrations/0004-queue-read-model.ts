import { sql, type Kysely } from 'kysely';
import { caseSearchText } from '../search-text.js';

/**
 * The queue's read model (console, issue #11): who holds each case now (several units during a
 * consultation), its ward, the applicant's name and a folded search text, kept by appendCaseEvents
 * from each batch's projection. Open cases are found by unit through a GIN index on holding_units.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('cases')
    .addColumn('holding_units', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('ward', 'text')
    .addColumn('applicant_name', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // Rows written before this migration: the principal unit holds them; ward units name their ward.
  await sql`update cases set holding_units = array[unit], ward = substring(unit from '^P\\.([A-Z]+)'),
            applicant_name = applicant->>'name'`.execute(db);
  const rows = await db.selectFrom('cases').select(['case_code', 'applicant_name']).execute();
  for (const row of rows as Array<{ case_code: string; applicant_name: string | null }>) {
    await db
      .updateTable('cases')
      .set({ search_text: caseSearchText(row.case_code, row.applicant_name) })
      .where('case_code', '=', row.case_code)
      .execute();
  }
  await sql`create index cases_open_holding_units on cases using gin (holding_units) where status <> 'closed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_open_holding_units').execute();
  await db.schema
    .alterTable('cases')
    .dropColumn('holding_units')
    .dropColumn('ward')
    .dropColumn('applicant_name')
    .dropColumn('search_text')
    .execute();
}
