/**
 * The dashboard's and the audit's questions, answered from the projections (metrics-store.ts).
 * `queryFigures` returns the same rows as the pure `figuresOf` over the same cases (tested).
 */
import { sql, type RawBuilder } from 'kysely';
import type { MotcuaDb } from '../store/database.js';
import type { StepRecord } from './case-facts.js';
import { countNames, openNames, ratesOf, zeroCounts, type Counts, type Dimension, type FigureQuery, type FigureRow, type OpenCounts } from './figures.js';
import { counterColumns, openCounterColumns } from './metrics-store.js';
import type { Granularity } from './periods.js';

const dimensionColumns: Record<Dimension, string> = {
  unit: 'receiving_unit',
  field: 'field',
  procedure: 'procedure_code',
  ward: 'ward',
  channel: 'channel',
  onlineLevel: 'online_level',
};

const periodFormats: Record<Granularity, string> = { day: 'YYYY-MM-DD', month: 'YYYY-MM', quarter: 'YYYY-"Q"Q', year: 'YYYY' };

function groupExpr(by: Dimension | null): RawBuilder<string> {
  return by ? sql<string>`${sql.ref(dimensionColumns[by])}::text` : sql<string>`'all'`;
}

function periodExpr(column: string, granularity: Granularity): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)}, ${sql.lit(periodFormats[granularity])})`;
}

function dayRange(column: string, query: Pick<FigureQuery, 'from' | 'to'>): RawBuilder<unknown> {
  const from = query.from ? sql`and ${sql.ref(column)} >= ${query.from}::date` : sql``;
  const to = query.to ? sql`and ${sql.ref(column)} <= ${query.to}::date` : sql``;
  return sql`${from} ${to}`;
}

export interface FigureFilter {
  unit?: string | undefined;
  field?: string | undefined;
  procedure?: string | undefined;
}

function filterExpr(filter: FigureFilter): RawBuilder<unknown> {
  const parts = [
    filter.unit ? sql`and receiving_unit = ${filter.unit}` : sql``,
    filter.field ? sql`and field = ${filter.field}` : sql``,
    filter.procedure ? sql`and procedure_code = ${filter.procedure}` : sql``,
  ];
  return sql.join(parts, sql` `);
}

const isFirstOfMonth = (day: string) => day.endsWith('-01');
const isLastOfMonth = (day: string) => {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.getUTCDate() === 1;
};

/** The range is whole months and each period is a month or more: the monthly rollup answers alike. */
function monthAligned(query: FigureQuery): boolean {
  return query.granularity !== 'day' && (!query.from || isFirstOfMonth(query.from)) && (!query.to || isLastOfMonth(query.to));
}

export interface FigureQueryOptions extends FigureQuery {
  filter?: FigureFilter;
  /**
   * The median and p90 of the resolution time: exact `percentile_cont` over every resolved case
   * of the range in `metrics_case_facts`, the one part that grows with the number of cases. The
   * pages show only the mean (from the counters), so they pass false; then both are null.
   */
  resolutionPercentiles?: boolean;
}

/** Figures per (group, period) from the daily (or monthly) counters, and the case facts for the median and p90. */
export async function queryFigures(db: MotcuaDb, query: FigureQueryOptions, minutesPerDay = 480): Promise<FigureRow[]> {
  const group = groupExpr(query.by);
  const filter = filterExpr(query.filter ?? {});
  const sums = sql.join(
    [...countNames.map((name) => [name, counterColumns[name]] as const), ...openNames.map((name) => [name, openCounterColumns[name]] as const)].map(
      ([name, column]) => sql`sum(${sql.ref(column)})::float8 as ${sql.ref(name)}`,
    ),
    sql`, `,
  );
  // Whole months at month granularity or coarser: the monthly sums (a twelfth of a year's daily rows).
  const counters = monthAligned(query)
    ? await sql<Record<string, number> & { grp: string; period: string }>`
    select ${group} as grp, ${periodExpr('month', query.granularity)} as period, ${sums}
    from metrics_monthly where true ${dayRange('month', query)} ${filter}
    group by 1, 2`.execute(db)
    : await sql<Record<string, number> & { grp: string; period: string }>`
    select ${group} as grp, ${periodExpr('day', query.granularity)} as period, ${sums}
    from metrics_daily where true ${dayRange('day', query)} ${filter}
    group by 1, 2`.execute(db);
  const percentiles =
    query.resolutionPercentiles === false
      ? { rows: [] }
      : await sql<{ grp: string; period: string; median: number; p90: number }>`
    select ${group} as grp, ${periodExpr('resolved_day', query.granularity)} as period,
      percentile_cont(0.5) within group (order by resolution_minutes) / ${minutesPerDay}::float8 as median,
      percentile_cont(0.9) within group (order by resolution_minutes) / ${minutesPerDay}::float8 as p90
    from metrics_case_facts where resolved_day is not null ${dayRange('resolved_day', query)} ${filter}
    group by 1, 2`.execute(db);

  const rows = new Map<string, { group: string; period: string; counts: Counts; time: FigureRow['resolutionTime']; open: OpenCounts }>();
  const rowOf = (group: string, period: string) => {
    const key = `${group}\u0000${period}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        group,
        period,
        counts: zeroCounts(),
        time: { count: 0, meanDays: null, medianDays: null, p90Days: null },
        open: { inProgressInTime: 0, inProgressOverdue: 0, awaitingSupplement: 0 },
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const r of counters.rows) {
    const row = rowOf(r.grp, r.period);
    for (const name of countNames) row.counts[name] = Number(r[name]);
    for (const name of openNames) row.open[name] = Number(r[name]);
    // The mean from the counters: the sum of the resolved cases' office minutes ÷ their number.
    const resolved = row.counts.resolvedEarly + row.counts.resolvedOnTime + row.counts.resolvedLate;
    if (resolved > 0) row.time = { count: resolved, meanDays: row.counts.resolutionMinutes / resolved / minutesPerDay, medianDays: null, p90Days: null };
  }
  for (const r of percentiles.rows) {
    const row = rowOf(r.grp, r.period);
    row.time = { ...row.time, medianDays: r.median, p90Days: r.p90 };
  }
  return [...rows.values()]
    .map(({ group, period, counts, time, open: o }) => ({ group, period, counts, rates: ratesOf(counts), resolutionTime: time, open: o }))
    .sort((a, b) => a.group.localeCompare(b.group) || a.period.localeCompare(b.period));
}

export interface UnitStepFigures {
  unit: string;
  steps: number;
  overBudget: number;
  workingDays: number;
  /** TT01 Art. 13.2 (index 2): mean of 2 (shorter than the budget), 1 (equal), 0 (longer), one decimal. */
  index2: number | null;
}

/** Time held per unit (applicant's supplement time apart), steps ended in the range. */
export async function queryUnitSteps(db: MotcuaDb, range: Pick<FigureQuery, 'from' | 'to'>, minutesPerDay = 480): Promise<UnitStepFigures[]> {
  const result = await sql<{ unit: string; steps: number; over: number; minutes: number; index2: number | null }>`
    select unit, count(*)::int as steps, count(*) filter (where over_budget)::int as over, sum(working_minutes)::float8 as minutes,
      avg(case when budget_minutes is null then null when working_minutes < budget_minutes then 2 when working_minutes = budget_minutes then 1 else 0 end)::float8 as index2
    from metrics_steps where true ${dayRange('left_day', range)}
    group by unit order by unit`.execute(db);
  return result.rows.map((r) => ({
    unit: r.unit,
    steps: r.steps,
    overBudget: r.over,
    workingDays: r.minutes / minutesPerDay,
    index2: r.index2 === null ? null : Math.round(r.index2 * 10) / 10,
  }));
}

/** An audit row's step is the step record the events gave (case-facts.ts), read back from metrics_steps. */
export type AuditStep = StepRecord;

export interface AuditRow {
  caseCode: string;
  procedureCode: string;
  field: string;
  receivingUnit: string;
  receivedAt: string;
  statutoryDueAt: string | null;
  status: string;
  overdue: boolean;
  timeliness: string | null;
  lateMinutes: number | null;
  firstOverBudgetUnit: string | null;
  firstOverBudgetState: string | null;
  apologyIssuedAt: string | null;
  apologyInTime: boolean | null;
  apologyKept: boolean | null;
  steps: AuditStep[];
}

export interface AuditQuery extends FigureFilter {
  /** Local days of receipt, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  limit?: number;
  offset?: number;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * Every overdue (still open) or late case: open overdue ones first, longest past the deadline
 * first; then late results, latest first by office minutes past the deadline.
 */
export async function queryAudit(db: MotcuaDb, query: AuditQuery = {}): Promise<AuditRow[]> {
  const filter = filterExpr(query);
  // Each part in its own index order (migration 0011), cut at what the page can reach; then merged.
  const limit = query.limit ?? 100;
  const offset = query.offset ?? 0;
  const window = limit + offset;
  const cases = await sql<{
    case_code: string;
    procedure_code: string;
    field: string;
    receiving_unit: string;
    received_at: Date;
    statutory_due_at: Date | null;
    status: string;
    overdue: boolean;
    timeliness: string | null;
    late_minutes: number | null;
    first_over_budget_unit: string | null;
    first_over_budget_state: string | null;
    apology_issued_at: Date | null;
    apology_in_time: boolean | null;
    apology_kept: boolean | null;
  }>`
    with overdue as (
      select * from metrics_case_facts where overdue ${dayRange('received_day', query)} ${filter}
      order by statutory_due_at, late_minutes desc nulls last, case_code limit ${window}),
    late as (
      select * from metrics_case_facts where timeliness = 'late' and not overdue ${dayRange('received_day', query)} ${filter}
      order by late_minutes desc nulls last, case_code limit ${window})
    select case_code, procedure_code, field, receiving_unit, received_at, statutory_due_at, status, overdue, timeliness, late_minutes,
      first_over_budget_unit, first_over_budget_state, apology_issued_at, apology_in_time, apology_kept
    from (select * from overdue union all select * from late) audit
    order by overdue desc, case when overdue then statutory_due_at end asc, late_minutes desc nulls last, case_code
    limit ${limit} offset ${offset}`.execute(db);
  const codes = cases.rows.map((r) => r.case_code);
  const steps = codes.length
    ? await db.selectFrom('metrics_steps').selectAll().where('case_code', 'in', codes).orderBy('case_code').orderBy('ordinal').execute()
    : [];
  const stepsByCase = new Map<string, AuditStep[]>();
  for (const s of steps) {
    let list = stepsByCase.get(s.case_code);
    if (!list) stepsByCase.set(s.case_code, (list = []));
    list.push({
      state: s.state,
      unit: s.unit,
      enteredAt: iso(s.entered_at)!,
      leftAt: iso(s.left_at)!,
      workingMinutes: s.working_minutes,
      budgetMinutes: s.budget_minutes,
      overBudget: s.over_budget,
    });
  }
  return cases.rows.map((r) => ({
    caseCode: r.case_code,
    procedureCode: r.procedure_code,
    field: r.field,
    receivingUnit: r.receiving_unit,
    receivedAt: iso(r.received_at)!,
    statutoryDueAt: iso(r.statutory_due_at),
    status: r.status,
    overdue: r.overdue,
    timeliness: r.timeliness,
    lateMinutes: r.late_minutes,
    firstOverBudgetUnit: r.first_over_budget_unit,
    firstOverBudgetState: r.first_over_budget_state,
    apologyIssuedAt: iso(r.apology_issued_at),
    apologyInTime: r.apology_in_time,
    apologyKept: r.apology_kept,
    steps: stepsByCase.get(r.case_code) ?? [],
  }));
}
