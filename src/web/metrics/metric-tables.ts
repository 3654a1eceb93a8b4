/**
 * A table of a metrics page, shown as HTML and exported as CSV from the same rows: `cells` are what
 * the page prints (formatted for the language), `values` what the CSV carries (plain numbers,
 * rates as fractions). Pure.
 */
import type { CsvValue } from '../csv.js';
import type { FigureRow } from '../../metrics/figures.js';
import type { Translate } from '../i18n/messages.js';
import type { Language } from '../i18n/messages.js';
import { csvRate, formatNumber, formatRate } from './rate-format.js';

export interface MetricTableRow {
  /** Link of the row's first cell (drill-down, case page); null when none. */
  href: string | null;
  cells: string[];
  values: CsvValue[];
}

export interface MetricTable {
  /** Name used in `?table=` of the CSV export. */
  id: string;
  heading: string;
  columns: string[];
  /** Which columns are numbers (right-aligned). */
  numeric: boolean[];
  rows: MetricTableRow[];
  csvHref: string;
}

/** The figure columns every figures table shares after its label columns. */
export function figureColumns(t: Translate): string[] {
  return [
    t('metrics.col.received'),
    t('metrics.col.onlineShare'),
    t('metrics.col.early'),
    t('metrics.col.onTime'),
    t('metrics.col.late'),
    t('metrics.col.ratePlan'),
    t('metrics.col.rateNd61'),
    t('metrics.col.overdue'),
    t('metrics.col.meanDays'),
    t('metrics.col.apologies'),
  ];
}

export const figureColumnCount = 10;

export function figureCells(row: FigureRow | undefined, lang: Language): { cells: string[]; values: CsvValue[] } {
  const c = row?.counts;
  const r = row?.rates;
  const values: CsvValue[] = [
    c?.received ?? 0,
    csvRate(r?.onlineShare ?? null),
    c?.resolvedEarly ?? 0,
    c?.resolvedOnTime ?? 0,
    c?.resolvedLate ?? 0,
    csvRate(r?.onTimeRatePlan ?? null),
    csvRate(r?.onTimeRateNd61 ?? null),
    row?.open.inProgressOverdue ?? 0,
    row?.resolutionTime.meanDays === null || row === undefined ? null : Math.round(row.resolutionTime.meanDays * 100) / 100,
    c?.apologiesIssued ?? 0,
  ];
  const cells = [
    formatNumber(c?.received ?? 0, lang),
    formatRate(r?.onlineShare ?? null, lang),
    formatNumber(c?.resolvedEarly ?? 0, lang),
    formatNumber(c?.resolvedOnTime ?? 0, lang),
    formatNumber(c?.resolvedLate ?? 0, lang),
    formatRate(r?.onTimeRatePlan ?? null, lang),
    formatRate(r?.onTimeRateNd61 ?? null, lang),
    formatNumber(row?.open.inProgressOverdue ?? 0, lang),
    formatNumber(row?.resolutionTime.meanDays ?? null, lang),
    formatNumber(c?.apologiesIssued ?? 0, lang),
  ];
  return { cells, values };
}

/** The CSV of a table: its columns and its rows' plain values. */
export function tableCsvRows(table: Pick<MetricTable, 'columns' | 'rows'>): { header: string[]; rows: CsvValue[][] } {
  return { header: table.columns, rows: table.rows.map((row) => row.values) };
}
