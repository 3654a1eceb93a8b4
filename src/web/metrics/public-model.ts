/**
 * The citizens' pages (issue #12 item 8), pure: a unit's on-time and satisfaction rates by field
 * and by month (counts and rates only, no case and no person), and the status look-up that shows
 * a dossier's procedure, status and appointment date, nothing more.
 */
import type { UnitDirectory } from '../../procedures/unit-directory.js';
import type { FigureRow } from '../../metrics/figures.js';
import type { MetricProcedures } from '../../metrics/metric-procedures.js';
import type { PublicCaseStatus, SatisfactionGroup } from '../../metrics/page-queries.js';
import type { RateChartSpec } from '../charts.js';
import { translator, type Language, type MessageKey } from '../i18n/messages.js';
import { formatDate, unitName } from '../view-models/format.js';
import { fieldName, planTargets, procedureName } from './dashboard-model.js';
import type { MetricTable } from './metric-tables.js';
import { monthsOf } from './period-choice.js';
import { csvRate, formatNumber, formatRate } from './rate-format.js';

export interface PublicUnitInput {
  lang: Language;
  unit: string;
  year: number;
  byField: FigureRow[];
  byMonth: FigureRow[];
  satisfactionByField: SatisfactionGroup[];
  satisfactionByMonth: SatisfactionGroup[];
  procedures: MetricProcedures;
  /** The other units with a public page, for links. */
  units: readonly string[];
  /** The deployment's units, for their names. */
  directory: UnitDirectory;
}

export interface PublicUnitModel {
  title: string;
  unit: string;
  unitName: string;
  year: number;
  years: number[];
  tables: MetricTable[];
  chart: RateChartSpec;
  otherUnits: Array<{ code: string; name: string; href: string }>;
}

function publicColumns(first: string, t: ReturnType<typeof translator>): string[] {
  return [first, t('metrics.col.received'), t('metrics.col.resolved'), t('metrics.col.ratePlan'), t('metrics.col.rateNd61'), t('metrics.col.ratings'), t('metrics.col.satisfactionRate')];
}

function publicRow(label: string, row: FigureRow | undefined, satisfaction: SatisfactionGroup | undefined, lang: Language) {
  const resolved = row ? row.counts.resolvedEarly + row.counts.resolvedOnTime + row.counts.resolvedLate : 0;
  return {
    href: null,
    cells: [
      label,
      formatNumber(row?.counts.received ?? 0, lang),
      formatNumber(resolved, lang),
      formatRate(row?.rates.onTimeRatePlan ?? null, lang),
      formatRate(row?.rates.onTimeRateNd61 ?? null, lang),
      formatNumber(satisfaction?.ratings ?? 0, lang),
      formatRate(satisfaction?.rate ?? null, lang),
    ],
    values: [label, row?.counts.received ?? 0, resolved, csvRate(row?.rates.onTimeRatePlan ?? null), csvRate(row?.rates.onTimeRateNd61 ?? null), satisfaction?.ratings ?? 0, csvRate(satisfaction?.rate ?? null)],
  };
}

export function publicUnitHref(unit: string, year: number, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ year: String(year), ...extra });
  return `/public/units/${encodeURIComponent(unit)}?${params.toString()}`;
}

export function publicUnitModel(input: PublicUnitInput): PublicUnitModel {
  const { lang, unit, year, procedures } = input;
  const t = translator(lang);
  const fields = [...new Set([...input.byField.map((r) => r.group), ...input.satisfactionByField.map((g) => g.group)])].sort((a, b) => a.localeCompare(b, 'vi'));
  const months = monthsOf(year);
  const columnsBy = (first: string) => publicColumns(first, t);
  const numeric = [false, true, true, true, true, true, true];
  const tables: MetricTable[] = [
    {
      id: 'fields',
      heading: t('public.table.fields', { year }),
      columns: columnsBy(t('metrics.col.field')),
      numeric,
      csvHref: publicUnitHref(unit, year, { format: 'csv', table: 'fields' }),
      rows: fields.map((field) =>
        publicRow(fieldName(field, procedures, lang), input.byField.find((r) => r.group === field), input.satisfactionByField.find((g) => g.group === field), lang),
      ),
    },
    {
      id: 'months',
      heading: t('public.table.months', { year }),
      columns: columnsBy(t('metrics.col.month')),
      numeric,
      csvHref: publicUnitHref(unit, year, { format: 'csv', table: 'months' }),
      rows: months.map((month) => publicRow(month, input.byMonth.find((r) => r.period === month), input.satisfactionByMonth.find((g) => g.group === month), lang)),
    },
  ];
  return {
    title: t('public.unit.title', { unit: unitName(input.directory, unit, lang) }),
    unit,
    unitName: unitName(input.directory, unit, lang),
    year,
    years: [year - 1, year, year + 1],
    tables,
    chart: {
      title: t('metrics.chart.trend', { year }),
      categories: months.map((m) => m.slice(5)),
      series: [
        { name: t('metrics.series.ratePlan'), values: months.map((m) => input.byMonth.find((r) => r.period === m)?.rates.onTimeRatePlan ?? null) },
        { name: t('metrics.series.satisfaction'), values: months.map((m) => input.satisfactionByMonth.find((g) => g.group === m)?.rate ?? null) },
      ],
      target: { value: planTargets.onTime, label: `${t('metrics.series.target')} ${formatRate(planTargets.onTime, lang)}` },
    },
    otherUnits: input.units.filter((u) => u !== unit).map((code) => ({ code, name: unitName(input.directory, code, lang), href: publicUnitHref(code, year) })),
  };
}

export interface LookupModel {
  title: string;
  code: string;
  /** Null before a search; the public fields of the dossier, or not found. */
  result: null | { found: false } | { found: true; procedure: string; status: string; appointment: string };
}

export function lookupModel(lang: Language, code: string, status: PublicCaseStatus | null | undefined, procedures: MetricProcedures): LookupModel {
  const t = translator(lang);
  const title = t('lookup.title');
  if (status === undefined) return { title, code, result: null };
  if (status === null) return { title, code, result: { found: false } };
  return {
    title,
    code,
    result: {
      found: true,
      procedure: `${status.procedureCode} · ${procedureName(status.procedureCode, procedures, lang)}`,
      status: t(`status.${status.status}` as MessageKey),
      appointment: formatDate(status.dueAt),
    },
  };
}
