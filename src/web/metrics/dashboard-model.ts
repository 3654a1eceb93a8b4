/**
 * The manager dashboard (issue #12 item 6), pure: the targets of plan 1081/KH-UBND beside the
 * actual figures, green or red with words, both on-time definitions labelled, the monthly trend
 * as a chart spec, and the drill-down table of the level (district → unit → procedure → case).
 * The page fetches the rows; this only arranges and formats them.
 */
import type { UnitDirectory } from '../../procedures/unit-directory.js';
import { onTimeRateLabels } from '../../api/metrics-routes.js';
import type { FigureRow } from '../../metrics/figures.js';
import type { MetricProcedures } from '../../metrics/metric-procedures.js';
import type { CaseListRow, SatisfactionGroup } from '../../metrics/page-queries.js';
import type { RateChartSpec } from '../charts.js';
import { pick, translator, type Language, type MessageKey } from '../i18n/messages.js';
import { formatDate, unitName } from '../view-models/format.js';
import { figureCells, figureColumns, type MetricTable, type MetricTableRow } from './metric-tables.js';
import { monthsOf, periodOptions, type PeriodChoice } from './period-choice.js';
import { csvRate, formatNumber, formatRate } from './rate-format.js';

/** The plan's targets (plan-2021.md §2.2–2.4); the numbers are the plan's, not ours. */
export const planTargets = {
  onTime: 0.98,
  lateLandInvestment: 0.04,
  online: 0.23,
  onlineProcedures: 73,
  satisfaction: 0.95,
  satisfactionPerField: 0.91,
} as const;

/** The fields the plan's §2.4b late-rate target names (as the catalogue spells fields). */
export const lateTargetFields = [
  { field: 'Đất đai', key: 'land' },
  { field: 'Đầu tư', key: 'investment' },
] as const;

export type TargetStatus = 'met' | 'missed' | 'no-data';

export interface TargetRow {
  id: string;
  label: string;
  target: string;
  actual: string;
  /** Numerator ÷ denominator as counts, or a note why there is no figure. */
  detail: string;
  source: string;
  status: TargetStatus;
  statusText: string;
}

export interface DashboardScope {
  unit?: string | undefined;
  procedure?: string | undefined;
}

export interface DashboardInput {
  lang: Language;
  /** The deployment's units, for their names. */
  directory: UnitDirectory;
  period: PeriodChoice;
  scope: DashboardScope;
  /** Figures of the whole period in scope (one row, by: null). */
  total: FigureRow | undefined;
  /** Figures by month of the period's year, in scope. */
  trend: FigureRow[];
  /** The drill-down rows: by unit (district level) or by procedure (unit level); empty at procedure level. */
  groups: FigureRow[];
  /** Figures by field, in scope (late rate of land and investment). */
  byField: FigureRow[];
  satisfactionByField: SatisfactionGroup[];
  satisfactionByMonth: SatisfactionGroup[];
  /** The cases of the procedure level; null above it. */
  cases: CaseListRow[] | null;
  procedures: MetricProcedures;
}

export interface DashboardModel {
  title: string;
  lang: Language;
  period: PeriodChoice;
  periodChoices: Array<{ value: string; label: string; selected: boolean }>;
  scope: DashboardScope;
  breadcrumbs: Array<{ label: string; href: string | null }>;
  definitions: Array<{ id: string; label: string }>;
  targets: MetricTable & { targetRows: TargetRow[] };
  chart: RateChartSpec;
  tables: MetricTable[];
}

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);

export function dashboardHref(period: string, scope: DashboardScope, extra: Record<string, string> = {}, base = '/dashboard'): string {
  const params = new URLSearchParams({ period });
  if (scope.unit) params.set('unit', scope.unit);
  if (scope.procedure) params.set('procedure', scope.procedure);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return `${base}?${params.toString()}`;
}

function periodLabel(key: string, t: ReturnType<typeof translator>): string {
  const quarter = /^(\d{4})-Q(\d)$/.exec(key);
  if (quarter) return t('metrics.period.quarter', { quarter: quarter[2]!, year: quarter[1]! });
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) return t('metrics.period.month', { month: month[2]!, year: month[1]! });
  return t('metrics.period.year', { year: key });
}

export { periodLabel };

function judge(actual: number | null, target: number, atLeast: boolean): TargetStatus {
  if (actual === null) return 'no-data';
  return (atLeast ? actual >= target : actual < target) ? 'met' : 'missed';
}

function statusText(status: TargetStatus, t: ReturnType<typeof translator>): string {
  return t(`metrics.status.${status}` as MessageKey);
}

/** Each target of the plan beside its actual figure in scope. */
export function targetRows(input: Pick<DashboardInput, 'lang' | 'total' | 'byField' | 'satisfactionByField' | 'procedures'>): TargetRow[] {
  const { lang } = input;
  const t = translator(lang);
  const counts = input.total?.counts;
  const rates = input.total?.rates;
  const resolved = counts ? counts.resolvedEarly + counts.resolvedOnTime + counts.resolvedLate : 0;
  const rows: TargetRow[] = [];
  const add = (row: Omit<TargetRow, 'statusText'>) => rows.push({ ...row, statusText: statusText(row.status, t) });
  const pct = (rate: number | null) => formatRate(rate, lang);
  const n = (value: number) => formatNumber(value, lang);

  add({
    id: 'on-time-plan',
    label: pick(lang, onTimeRateLabels.onTimeRatePlan),
    target: `≥ ${pct(planTargets.onTime)}`,
    actual: pct(rates?.onTimeRatePlan ?? null),
    detail: t('metrics.detail.ratio', { numerator: n((counts?.resolvedEarly ?? 0) + (counts?.resolvedOnTime ?? 0)), denominator: n(resolved) }),
    source: t('metrics.source.plan', { section: '2.4a' }),
    status: judge(rates?.onTimeRatePlan ?? null, planTargets.onTime, true),
  });
  add({
    id: 'on-time-nd61',
    label: pick(lang, onTimeRateLabels.onTimeRateNd61),
    target: `≥ ${pct(planTargets.onTime)}`,
    actual: pct(rates?.onTimeRateNd61 ?? null),
    detail: t('metrics.detail.ratio', { numerator: n(counts?.receivedResolvedInTime ?? 0), denominator: n(counts?.received ?? 0) }),
    source: t('metrics.source.nd61'),
    status: judge(rates?.onTimeRateNd61 ?? null, planTargets.onTime, true),
  });
  for (const { field, key } of lateTargetFields) {
    const row = input.byField.find((r) => r.group === field);
    const fieldResolved = row ? row.counts.resolvedEarly + row.counts.resolvedOnTime + row.counts.resolvedLate : 0;
    const known = input.procedures.all().some((p) => p.field === field);
    add({
      id: `late-${key}`,
      label: t(`metrics.target.late.${key}` as MessageKey),
      target: `< ${pct(planTargets.lateLandInvestment)}`,
      actual: pct(row?.rates.lateRate ?? null),
      detail: known
        ? t('metrics.detail.ratio', { numerator: n(row?.counts.resolvedLate ?? 0), denominator: n(fieldResolved) })
        : t('metrics.detail.noField', { field }),
      source: t('metrics.source.plan', { section: '2.4b' }),
      status: judge(row?.rates.lateRate ?? null, planTargets.lateLandInvestment, false),
    });
  }
  add({
    id: 'online-share',
    label: t('metrics.target.online'),
    target: `≥ ${pct(planTargets.online)}`,
    actual: pct(rates?.onlineShare ?? null),
    detail: t('metrics.detail.ratio', { numerator: n(counts?.receivedOnline ?? 0), denominator: n(counts?.received ?? 0) }),
    source: t('metrics.source.online'),
    status: judge(rates?.onlineShare ?? null, planTargets.online, true),
  });
  const offered = input.procedures.all().filter((p) => p.onlineLevel >= 3).length;
  add({
    id: 'online-procedures',
    label: t('metrics.target.onlineProcedures'),
    target: `≥ ${n(planTargets.onlineProcedures)}`,
    actual: n(offered),
    detail: t('metrics.detail.catalogue', { total: n(input.procedures.all().length) }),
    source: t('metrics.source.plan', { section: '2.2b' }),
    status: offered >= planTargets.onlineProcedures ? 'met' : 'missed',
  });
  const ratings = input.satisfactionByField.reduce((sum, g) => sum + g.ratings, 0);
  const satisfied = input.satisfactionByField.reduce((sum, g) => sum + g.satisfied, 0);
  const overall = ratio(satisfied, ratings);
  add({
    id: 'satisfaction',
    label: t('metrics.target.satisfaction'),
    target: `≥ ${pct(planTargets.satisfaction)}`,
    actual: pct(overall),
    detail: t('metrics.detail.ratio', { numerator: n(satisfied), denominator: n(ratings) }),
    source: t('metrics.source.plan', { section: '2.3a' }),
    status: judge(overall, planTargets.satisfaction, true),
  });
  const rated = input.satisfactionByField.filter((g) => g.rate !== null);
  const lowest = rated.reduce<SatisfactionGroup | null>((low, g) => (low === null || g.rate! < low.rate! ? g : low), null);
  add({
    id: 'satisfaction-field',
    label: t('metrics.target.satisfactionField'),
    target: `≥ ${pct(planTargets.satisfactionPerField)}`,
    actual: pct(lowest?.rate ?? null),
    detail: lowest ? t('metrics.detail.lowestField', { field: fieldName(lowest.group, input.procedures, lang), fields: n(rated.length) }) : t('metrics.detail.noRatings'),
    source: t('metrics.source.plan', { section: '2.3b' }),
    status: judge(lowest?.rate ?? null, planTargets.satisfactionPerField, true),
  });
  return rows;
}

export function fieldName(field: string, procedures: MetricProcedures, lang: Language): string {
  if (lang === 'vi') return field;
  return procedures.all().find((p) => p.field === field)?.fieldEn ?? field;
}

export function procedureName(code: string, procedures: MetricProcedures, lang: Language): string {
  const procedure = procedures.get(code);
  return procedure ? pick(lang, { vi: procedure.nameVi, en: procedure.nameEn }) : code;
}

/** The monthly trend of the period's year: both on-time rates, the online share, satisfaction; the plan's 98 % line. */
export function trendChart(input: Pick<DashboardInput, 'lang' | 'period' | 'trend' | 'satisfactionByMonth'>): RateChartSpec {
  const t = translator(input.lang);
  const months = monthsOf(input.period.year);
  const byMonth = new Map(input.trend.map((row) => [row.period, row]));
  const satisfaction = new Map(input.satisfactionByMonth.map((g) => [g.group, g.rate]));
  return {
    title: t('metrics.chart.trend', { year: input.period.year }),
    categories: months.map((m) => m.slice(5)),
    series: [
      { name: t('metrics.series.ratePlan'), values: months.map((m) => byMonth.get(m)?.rates.onTimeRatePlan ?? null) },
      { name: t('metrics.series.rateNd61'), values: months.map((m) => byMonth.get(m)?.rates.onTimeRateNd61 ?? null) },
      { name: t('metrics.series.online'), values: months.map((m) => byMonth.get(m)?.rates.onlineShare ?? null) },
      { name: t('metrics.series.satisfaction'), values: months.map((m) => satisfaction.get(m) ?? null) },
    ],
    target: { value: planTargets.onTime, label: `${t('metrics.series.target')} ${formatRate(planTargets.onTime, input.lang)}` },
  };
}

function tableOf(id: string, heading: string, labelColumns: string[], rows: MetricTableRow[], input: Pick<DashboardInput, 'period' | 'scope'>, t: ReturnType<typeof translator>): MetricTable {
  const columns = [...labelColumns, ...figureColumns(t)];
  return {
    id,
    heading,
    columns,
    numeric: columns.map((_, i) => i >= labelColumns.length),
    rows,
    csvHref: dashboardHref(input.period.key, input.scope, { table: id }, '/dashboard.csv'),
  };
}

export function dashboardModel(input: DashboardInput): DashboardModel {
  const { lang, period, scope, procedures } = input;
  const t = translator(lang);
  const level = scope.procedure ? 'procedure' : scope.unit ? 'unit' : 'district';
  const { organisation } = input.directory;
  const breadcrumbs: DashboardModel['breadcrumbs'] = [{ label: t('metrics.level.district', { area: pick(lang, { vi: organisation.areaVi, en: organisation.areaEn }) }), href: level === 'district' ? null : dashboardHref(period.key, {}) }];
  if (scope.unit) breadcrumbs.push({ label: unitName(input.directory, scope.unit, lang), href: level === 'unit' ? null : dashboardHref(period.key, { unit: scope.unit }) });
  if (scope.procedure) breadcrumbs.push({ label: `${scope.procedure} · ${procedureName(scope.procedure, procedures, lang)}`, href: null });

  const tables: MetricTable[] = [];
  if (level === 'district') {
    tables.push(
      tableOf(
        'units',
        t('metrics.table.units'),
        [t('metrics.col.unitCode'), t('metrics.col.unit')],
        input.groups.map((row) => {
          const figures = figureCells(row, lang);
          return { href: dashboardHref(period.key, { unit: row.group }), cells: [row.group, unitName(input.directory, row.group, lang), ...figures.cells], values: [row.group, unitName(input.directory, row.group, lang), ...figures.values] };
        }),
        input,
        t,
      ),
    );
  } else if (level === 'unit') {
    tables.push(
      tableOf(
        'procedures',
        t('metrics.table.procedures'),
        [t('metrics.col.procedureCode'), t('metrics.col.procedure')],
        input.groups.map((row) => {
          const figures = figureCells(row, lang);
          const name = procedureName(row.group, procedures, lang);
          return { href: dashboardHref(period.key, { unit: scope.unit, procedure: row.group }), cells: [row.group, name, ...figures.cells], values: [row.group, name, ...figures.values] };
        }),
        input,
        t,
      ),
    );
  } else {
    const columns = [t('metrics.col.caseCode'), t('metrics.col.channel'), t('metrics.col.receivedAt'), t('metrics.col.status'), t('metrics.col.resolvedAt'), t('metrics.col.timeliness')];
    tables.push({
      id: 'cases',
      heading: t('metrics.table.cases'),
      columns,
      numeric: columns.map(() => false),
      csvHref: dashboardHref(period.key, scope, { table: 'cases' }, '/dashboard.csv'),
      rows: (input.cases ?? []).map((c) => {
        const status = c.overdue ? t('metrics.overdue') : t(`status.${c.status}` as MessageKey);
        const timeliness = c.timeliness ? t(`timeliness.${c.timeliness}` as MessageKey) : '—';
        const channel = t(`channel.${c.channel}` as MessageKey);
        return {
          href: `/cases/${encodeURIComponent(c.caseCode)}`,
          cells: [c.caseCode, channel, formatDate(c.receivedAt), status, formatDate(c.resolvedAt), timeliness],
          values: [c.caseCode, c.channel, c.receivedAt, c.overdue ? 'overdue' : c.status, c.resolvedAt, c.timeliness],
        };
      }),
    });
  }
  tables.push(
    tableOf(
      'fields',
      t('metrics.table.fields'),
      [t('metrics.col.field')],
      input.byField.map((row) => {
        const figures = figureCells(row, lang);
        const name = fieldName(row.group, procedures, lang);
        return { href: null, cells: [name, ...figures.cells], values: [name, ...figures.values] };
      }),
      input,
      t,
    ),
  );
  const monthRows = monthsOf(period.year).map((month) => {
    const row = input.trend.find((r) => r.period === month);
    const figures = figureCells(row, lang);
    return { href: null, cells: [month, ...figures.cells], values: [month, ...figures.values] };
  });
  tables.push(tableOf('months', t('metrics.table.months', { year: period.year }), [t('metrics.col.month')], monthRows, input, t));
  const satisfactionColumns = [t('metrics.col.field'), t('metrics.col.ratings'), t('metrics.col.satisfied'), t('metrics.col.satisfactionRate')];
  tables.push({
    id: 'satisfaction',
    heading: t('metrics.table.satisfaction'),
    columns: satisfactionColumns,
    numeric: [false, true, true, true],
    csvHref: dashboardHref(period.key, scope, { table: 'satisfaction' }, '/dashboard.csv'),
    rows: input.satisfactionByField.map((g) => {
      const name = fieldName(g.group, procedures, lang);
      return {
        href: null,
        cells: [name, formatNumber(g.ratings, lang), formatNumber(g.satisfied, lang), formatRate(g.rate, lang)],
        values: [name, g.ratings, g.satisfied, csvRate(g.rate)],
      };
    }),
  });

  const targetList = targetRows(input);
  const targetColumns = [t('metrics.col.target'), t('metrics.col.targetValue'), t('metrics.col.actual'), t('metrics.col.detail'), t('metrics.col.result'), t('metrics.col.source')];
  return {
    title: t('metrics.dashboard.title'),
    lang,
    period,
    periodChoices: periodOptions(period.year).map((value) => ({ value, label: periodLabel(value, t), selected: value === period.key })),
    scope,
    breadcrumbs,
    definitions: [
      { id: 'nd61', label: pick(lang, onTimeRateLabels.onTimeRateNd61) },
      { id: 'plan', label: pick(lang, onTimeRateLabels.onTimeRatePlan) },
    ],
    targets: {
      id: 'targets',
      heading: t('metrics.table.targets'),
      columns: targetColumns,
      numeric: [false, true, true, false, false, false],
      csvHref: dashboardHref(period.key, scope, { table: 'targets' }, '/dashboard.csv'),
      rows: targetList.map((r) => ({ href: null, cells: [r.label, r.target, r.actual, r.detail, r.statusText, r.source], values: [r.label, r.target, r.actual, r.detail, r.status, r.source] })),
      targetRows: targetList,
    },
    chart: trendChart(input),
    tables,
  };
}
