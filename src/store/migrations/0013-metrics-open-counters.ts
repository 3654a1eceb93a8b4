import { sql, type Kysely } from 'kysely';

const openColumns = ['open_in_time', 'open_overdue', 'open_awaiting'] as const;

/**
 * The snapshot of open cases as counters (issue #12 benchmark): per day of receipt and the case's
 * dimensions, in the daily and monthly rollups, so the dashboard no longer counts open cases in
 * `metrics_case_facts`. Filled here from the facts; kept by the same writes as the other counters.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['metrics_daily', 'metrics_monthly']) {
    let alter = db.schema.alterTable(table).addColumn(openColumns[0], 'bigint', (c) => c.notNull().defaultTo(0));
    for (const column of openColumns.slice(1)) alter = alter.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0));
    await alter.execute();
  }
  await fillOpenCounters(db);
}

/** Sets the open counters of both rollups from `metrics_case_facts` (the states of `openStateOf`, src/metrics/figures.ts). */
export async function fillOpenCounters(db: Kysely<unknown>): Promise<void> {
  for (const [table, key, day] of [
    ['metrics_daily', 'day', sql`received_day`],
    ['metrics_monthly', 'month', sql`date_trunc('month', received_day)::date`],
  ] as const) {
    await sql`insert into ${sql.table(table)} (${sql.ref(key)}, procedure_code, receiving_unit, ward, channel, field, online_level, open_in_time, open_overdue, open_awaiting)
      select ${day}, procedure_code, receiving_unit, ward, channel, min(field), min(online_level),
        count(*) filter (where status <> 'awaiting_supplement' and not overdue),
        count(*) filter (where status <> 'awaiting_supplement' and overdue),
        count(*) filter (where status = 'awaiting_supplement')
      from metrics_case_facts where resolved_at is null and closed_at is null group by 1, 2, 3, 4, 5
      on conflict (${sql.ref(key)}, procedure_code, receiving_unit, ward, channel) do update
        set open_in_time = excluded.open_in_time, open_overdue = excluded.open_overdue, open_awaiting = excluded.open_awaiting`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['metrics_daily', 'metrics_monthly']) {
    let alter = db.schema.alterTable(table).dropColumn(openColumns[0]);
    for (const column of openColumns.slice(1)) alter = alter.dropColumn(column);
    await alter.execute();
  }
}
