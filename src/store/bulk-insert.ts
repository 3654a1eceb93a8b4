/**
 * Many rows in one statement: the rows travel as one JSON parameter and PostgreSQL spreads them
 * over the table's own row type (`json_populate_recordset`), so a batch of thousands costs one
 * parse and one round trip, close to COPY (pg-copy-streams is not a dependency).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database-types.js';

export async function bulkInsert(db: Kysely<Database>, table: keyof Database & string, rows: Array<Record<string, unknown>>, chunkRows = 5000): Promise<void> {
  if (rows.length === 0) return;
  const columns = sql.join(Object.keys(rows[0]!).map((name) => sql.ref(name)));
  for (let i = 0; i < rows.length; i += chunkRows) {
    const chunk = rows.slice(i, i + chunkRows);
    await sql`insert into ${sql.table(table)} (${columns}) select ${columns} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(chunk)}::json)`.execute(db);
  }
}

/** Several tables' rows in ONE statement (data-modifying CTEs): one round trip, all or nothing. */
export async function bulkInsertTables(db: Kysely<Database>, parts: Array<{ table: keyof Database & string; rows: Array<Record<string, unknown>> }>): Promise<void> {
  const inserts = parts
    .filter((part) => part.rows.length > 0)
    .map((part, index) => {
      const columns = sql.join(Object.keys(part.rows[0]!).map((name) => sql.ref(name)));
      const table = sql.table(part.table);
      return sql`${sql.raw(`w${index}`)} as (insert into ${table} (${columns}) select ${columns} from json_populate_recordset(null::${table}, ${JSON.stringify(part.rows)}::json))`;
    });
  if (inserts.length === 0) return;
  await sql`with ${sql.join(inserts)} select 1`.execute(db);
}
