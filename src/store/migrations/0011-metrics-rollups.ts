import { sql, type Kysely } from 'kysely';
import { dailyCounterColumns } from './0005-metrics.js';

/**
 * Rollups for the dashboard and audit at volume (issue #12 benchmark): the daily counters summed
 * per month (kept by the same writes as the daily rows), a covering index for the resolution
 * times of a range, and the audit's two orders as indexes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  let monthly = db.schema
    .createTable('metrics_monthly')
    .addColumn('month', 'date', (c) => c.notNull())
    .addColumn('procedure_code', 'text', (c) => c.notNull())
    .addColumn('receiving_unit', 'text', (c) => c.notNull())
    .addColumn('ward', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('online_level', 'integer', (c) => c.notNull());
  for (const column of dailyCounterColumns) {
    monthly = monthly.addColumn(column, column === 'resolution_minutes' ? 'double precision' : 'bigint', (c) => c.notNull().defaultTo(0));
  }
  await monthly.addPrimaryKeyConstraint('metrics_monthly_pk', ['month', 'procedure_code', 'receiving_unit', 'ward', 'channel']).execute();
  const counters = sql.join(dailyCounterColumns.map((c) => sql.ref(c)));
  const sums = sql.join(dailyCounterColumns.map((c) => sql`sum(${sql.ref(c)})`));
  await sql`insert into metrics_monthly (month, procedure_code, receiving_unit, ward, channel, field, online_level, ${counters})
    select date_trunc('month', day)::date, procedure_code, receiving_unit, ward, channel, min(field), min(online_level), ${sums}
    from metrics_daily group by 1, 2, 3, 4, 5`.execute(db);

  await sql`create index metrics_case_facts_resolutions on metrics_case_facts (resolved_day)
    include (receiving_unit, field, procedure_code, ward, channel, online_level, resolution_minutes) where resolved_day is not null`.execute(db);
  await sql`create index metrics_case_facts_overdue on metrics_case_facts (statutory_due_at, late_minutes desc nulls last, case_code) where overdue`.execute(db);
  await sql`create index metrics_case_facts_late on metrics_case_facts (late_minutes desc nulls last, case_code) where timeliness = 'late' and not overdue`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index metrics_case_facts_late`.execute(db);
  await sql`drop index metrics_case_facts_overdue`.execute(db);
  await sql`drop index metrics_case_facts_resolutions`.execute(db);
  await db.schema.dropTable('metrics_monthly').execute();
}
