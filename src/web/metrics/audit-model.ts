/**
 * The overdue audit (issue #12 item 7), pure: every overdue or late case in the order the query
 * gives (most late first), its time per step and unit against each budget, the unit that went
 * over its budget first, the apology (issued in time or not, kept or not). Each row links to the
 * case page.
 */
import type { AuditRow } from '../../metrics/metrics-queries.js';
import type { MetricProcedures } from '../../metrics/metric-procedures.js';
import { translator, type Language } from '../i18n/messages.js';
import { formatDate, formatDateTime, unitName } from '../view-models/format.js';
import { fieldName, periodLabel, procedureName } from './dashboard-model.js';
import type { CsvValue } from '../csv.js';
import { formatNumber } from './rate-format.js';
import { periodOptions, type PeriodChoice } from './period-choice.js';

export interface AuditFilters {
  unit?: string | undefined;
  field?: string | undefined;
}

export interface AuditStepView {
  unit: string;
  state: string;
  days: string;
  budget: string;
  over: boolean;
  /** "vượt" / "trong định mức" / "không có định mức": the verdict in words, not colour only. */
  verdict: string;
}

export interface AuditRowView {
  caseCode: string;
  href: string;
  procedure: string;
  field: string;
  receivingUnit: string;
  receivedAt: string;
  dueAt: string;
  lateness: string;
  overdue: boolean;
  firstOverBudget: string;
  apology: string;
  steps: AuditStepView[];
  csv: CsvValue[];
}

export interface AuditModel {
  title: string;
  period: PeriodChoice;
  periodChoices: Array<{ value: string; label: string; selected: boolean }>;
  unitChoices: Array<{ value: string; label: string; selected: boolean }>;
  fieldChoices: Array<{ value: string; label: string; selected: boolean }>;
  rows: AuditRowView[];
  columns: string[];
  csvHref: string;
  limited: boolean;
}

const days = (minutes: number, minutesPerDay: number) => minutes / minutesPerDay;

export function auditHref(period: string, filters: AuditFilters, base = '/audit'): string {
  const params = new URLSearchParams({ period });
  if (filters.unit) params.set('unit', filters.unit);
  if (filters.field) params.set('field', filters.field);
  return `${base}?${params.toString()}`;
}

export function auditColumns(lang: Language): string[] {
  const t = translator(lang);
  return [
    t('metrics.col.caseCode'),
    t('metrics.col.procedureCode'),
    t('metrics.col.field'),
    t('metrics.col.unit'),
    t('metrics.col.receivedAt'),
    t('metrics.col.statutoryDue'),
    t('metrics.col.lateness'),
    t('metrics.col.firstOver'),
    t('metrics.col.apology'),
    t('metrics.col.steps'),
  ];
}

export function auditRowView(row: AuditRow, lang: Language, procedures: MetricProcedures, minutesPerDay = 480): AuditRowView {
  const t = translator(lang);
  const n = (value: number) => formatNumber(value, lang);
  const lateness = row.overdue
    ? t('metrics.audit.overdueSince', { due: formatDateTime(row.statutoryDueAt) })
    : row.lateMinutes !== null
      ? t('metrics.audit.lateBy', { days: n(days(row.lateMinutes, minutesPerDay)) })
      : t('timeliness.late');
  const apology = row.apologyIssuedAt
    ? t('metrics.audit.apology', {
        at: formatDate(row.apologyIssuedAt),
        inTime: row.apologyInTime ? t('metrics.audit.inTime') : t('metrics.audit.notInTime'),
        kept: row.apologyKept === null ? t('metrics.audit.keptUnknown') : row.apologyKept ? t('metrics.audit.kept') : t('metrics.audit.notKept'),
      })
    : t('metrics.audit.noApology');
  // A step by its label, as the case page shows it; the state id only when the version lacks it.
  const states = procedures.get(row.procedureCode)?.states;
  const stepLabel = (state: string | null) => {
    const info = state ? states?.[state] : undefined;
    return info ? (lang === 'en' ? info.labelEn : info.labelVi) : (state ?? '');
  };
  const steps = row.steps.map((s) => {
    const verdict = s.overBudget === null ? t('metrics.audit.noBudget') : s.overBudget ? t('metrics.audit.over') : t('metrics.audit.within');
    return {
      unit: s.unit === 'applicant' ? t('metrics.audit.applicant') : s.unit,
      state: stepLabel(s.state),
      days: n(days(s.workingMinutes, minutesPerDay)),
      budget: s.budgetMinutes === null ? '—' : n(days(s.budgetMinutes, minutesPerDay)),
      over: s.overBudget === true,
      verdict,
    };
  });
  const firstOverBudget = row.firstOverBudgetUnit ? `${unitName(row.firstOverBudgetUnit, lang)} · ${stepLabel(row.firstOverBudgetState)}` : '—';
  const csvSteps = row.steps
    .map((s) => `${s.unit}:${s.state}:${Math.round(days(s.workingMinutes, minutesPerDay) * 100) / 100}/${s.budgetMinutes === null ? '' : Math.round(days(s.budgetMinutes, minutesPerDay) * 100) / 100}`)
    .join('; ');
  return {
    caseCode: row.caseCode,
    href: `/cases/${encodeURIComponent(row.caseCode)}`,
    procedure: `${row.procedureCode} · ${procedureName(row.procedureCode, procedures, lang)}`,
    field: fieldName(row.field, procedures, lang),
    receivingUnit: unitName(row.receivingUnit, lang),
    receivedAt: formatDateTime(row.receivedAt),
    dueAt: formatDateTime(row.statutoryDueAt),
    lateness,
    overdue: row.overdue,
    firstOverBudget,
    apology,
    steps,
    csv: [
      row.caseCode,
      row.procedureCode,
      row.field,
      row.receivingUnit,
      row.receivedAt,
      row.statutoryDueAt,
      row.overdue ? 'overdue' : row.lateMinutes === null ? null : Math.round(days(row.lateMinutes, minutesPerDay) * 100) / 100,
      row.firstOverBudgetUnit,
      row.apologyIssuedAt ? `${row.apologyIssuedAt} in_time=${row.apologyInTime} kept=${row.apologyKept}` : null,
      csvSteps,
    ],
  };
}

export interface AuditInput {
  lang: Language;
  period: PeriodChoice;
  filters: AuditFilters;
  rows: AuditRow[];
  limit: number;
  units: readonly string[];
  procedures: MetricProcedures;
}

export function auditModel(input: AuditInput): AuditModel {
  const { lang, period, filters, procedures } = input;
  const t = translator(lang);
  const fields = [...new Set(procedures.all().map((p) => p.field))].sort((a, b) => a.localeCompare(b, 'vi'));
  return {
    title: t('metrics.audit.title'),
    period,
    periodChoices: periodOptions(period.year).map((value) => ({ value, label: periodLabel(value, t), selected: value === period.key })),
    unitChoices: input.units.map((code) => ({ value: code, label: `${code} · ${unitName(code, lang)}`, selected: code === filters.unit })),
    fieldChoices: fields.map((field) => ({ value: field, label: fieldName(field, procedures, lang), selected: field === filters.field })),
    rows: input.rows.map((row) => auditRowView(row, lang, procedures)),
    columns: auditColumns(lang),
    csvHref: auditHref(period.key, filters, '/audit.csv'),
    limited: input.rows.length >= input.limit,
  };
}

