/**
 * What the studio's pages show, built from the studio service's answers (procedures, mining,
 * simulation, comparison, draft checks). Pure: numbers are formatted here, once, for both languages.
 */
import type { Period } from '../../calendar/period.js';
import type { CompiledProcedure } from '../../procedures/compiled-procedure.js';
import type { ProcedureIssue } from '../../procedures/procedure-issues.js';
import { foldForSearch } from '../../store/search-text.js';
import type { VersionComparison } from '../../studio/compare.js';
import type { VersionMining } from '../../studio/mining.js';
import type { SimulationResult } from '../../studio/simulation.js';
import { pick, translator, type Language } from '../i18n/messages.js';
import { formatDateTime } from './format.js';

/** Who may open the studio's pages; everyone else gets 404 (the pages do not say they exist). */
export const studioRoles: ReadonlySet<string> = new Set(['designer', 'admin']);
export const mayUseStudio = (identity: { role: string } | null): boolean => identity !== null && studioRoles.has(identity.role);

const locale = (lang: Language) => (lang === 'vi' ? 'vi-VN' : 'en-GB');

export function formatNumber(lang: Language, value: number, digits = 1): string {
  return new Intl.NumberFormat(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A share as a percentage: 0.6452 → "64,5 %" (vi) / "64.5%" (en). */
export function formatPercent(lang: Language, share: number, digits = 1): string {
  return lang === 'vi' ? `${formatNumber(lang, share * 100, digits)} %` : `${formatNumber(lang, share * 100, digits)}%`;
}

/** A signed difference in points: +3,7 / −2,0. */
function signed(lang: Language, value: number, digits = 1): string {
  const text = formatNumber(lang, Math.abs(value), digits);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

export function formatPeriod(lang: Language, period: Period | null | undefined): string {
  if (!period) return '—';
  const t = translator(lang);
  const unit = {
    'working-days': t('studio.unit.workingDays'),
    'working-hours': t('studio.unit.workingHours'),
    'same-day': t('studio.unit.sameDay'),
    'calendar-days': t('studio.unit.calendarDays'),
  }[period.unit];
  return period.unit === 'same-day' ? unit : `${period.amount} ${unit}`;
}

const stateLabel = (procedure: CompiledProcedure | undefined, lang: Language, state: string): string => {
  const info = procedure?.states[state];
  return info ? pick(lang, { vi: info.labelVi, en: info.labelEn }) : state;
};

const actionLabel = (procedure: CompiledProcedure | undefined, lang: Language, action: string): string => {
  if (action === 'received') return translator(lang)('studio.mining.received');
  const info = procedure?.actions[action];
  return info ? pick(lang, { vi: info.labelVi, en: info.labelEn }) : action;
};

export const procedureHref = (code: string, version?: string): string =>
  `/studio/procedures/${encodeURIComponent(code)}${version ? `?version=${encodeURIComponent(version)}` : ''}`;

/** /studio: the procedures, searched by code or name without diacritics. */
export function procedureListModel(input: { lang: Language; procedures: readonly CompiledProcedure[]; q?: string | undefined }) {
  const t = translator(input.lang);
  const query = foldForSearch(input.q ?? '');
  const rows = input.procedures
    .filter((p) => !query || foldForSearch(`${p.code} ${p.nameVi} ${p.nameEn} ${p.field}`).includes(query))
    .map((p) => ({
      code: p.code,
      name: pick(input.lang, { vi: p.nameVi, en: p.nameEn }),
      field: p.field,
      period: formatPeriod(input.lang, p.period),
      steps: Object.values(p.states).filter((s) => s.kind === 'step' && s.path !== 'receipt' && !s.path.includes('.')).length,
      href: procedureHref(p.code),
    }));
  return { title: t('studio.title'), q: input.q ?? '', rows, shown: t('studio.list.shown', { shown: rows.length, total: input.procedures.length }) };
}

export interface VersionEntry {
  version: string;
  /** Where it comes from: the file in procedures/ or a publication. */
  source: 'file' | 'publication';
  effectiveFrom?: string | undefined;
  effectiveTo?: string | undefined;
  publicationId?: number;
  author?: string;
  reason?: string;
  publishedAt?: string;
  contentHash?: string;
  republishes?: number | null;
}

/** The versions list of a procedure: the current one (new cases use it) first marked, then the others. */
export function versionsModel(lang: Language, code: string, entries: readonly VersionEntry[], current: string, shown: string) {
  const t = translator(lang);
  return entries.map((e) => ({
    version: e.version,
    href: procedureHref(code, e.version),
    current: e.version === current,
    shown: e.version === shown,
    source: e.source === 'file' ? t('studio.versions.file') : t('studio.versions.publication', { id: e.publicationId ?? 0 }),
    effective: e.effectiveFrom || e.effectiveTo ? `${e.effectiveFrom ?? '…'} → ${e.effectiveTo ?? '…'}` : '',
    author: e.author ?? '',
    reason: e.reason ?? '',
    publishedAt: e.publishedAt ? formatDateTime(e.publishedAt) : '',
    contentHash: e.contentHash ? e.contentHash.slice(0, 12) : '',
    republishes: e.republishes ? t('studio.versions.republishes', { id: e.republishes }) : '',
    publicationId: e.publicationId ?? null,
  }));
}

/** How the version shown really ran: variants, rework loops, steps where time is lost. */
export function miningModel(lang: Language, mined: VersionMining | undefined, procedure: CompiledProcedure | undefined, limit = 10) {
  const t = translator(lang);
  if (!mined) return { empty: true as const, summary: t('studio.mining.none') };
  const days = (value: number) => formatNumber(lang, value);
  return {
    empty: false as const,
    summary: t('studio.mining.summary', {
      cases: mined.cases,
      resolved: mined.resolved,
      onTime: mined.resolved > 0 ? formatPercent(lang, mined.onTime / mined.resolved) : '—',
    }),
    variants: mined.variants.slice(0, limit).map((v, i) => ({
      rank: i + 1,
      steps: v.activities.map((a) => actionLabel(procedure, lang, a)),
      cases: v.cases,
      share: formatPercent(lang, v.share),
      mean: days(v.meanWorkingDays),
      median: days(v.medianWorkingDays),
    })),
    moreVariants: Math.max(0, mined.variants.length - limit),
    loops: mined.loops.map((l) => ({ state: stateLabel(procedure, lang, l.state), cases: l.cases, extra: l.extraEntries })),
    steps: mined.steps.map((s) => ({
      state: stateLabel(procedure, lang, s.state),
      unit: s.unit ?? '—',
      visits: s.visits,
      mean: days(s.meanWorkingDays),
      p90: days(s.p90WorkingDays),
      budget: s.budgetWorkingDays === null ? '—' : days(s.budgetWorkingDays),
      over: s.budgetWorkingDays === null ? '—' : `${s.overBudget} (${formatPercent(lang, s.visits ? s.overBudget / s.visits : 0, 0)})`,
      lost: days(s.lostWorkingDays),
      losing: s.lostWorkingDays > 0,
    })),
  };
}

/** A simulation's prediction as the page prints it. */
export function simulationModel(lang: Language, result: SimulationResult, procedure: CompiledProcedure | undefined) {
  const t = translator(lang);
  const days = (value: number) => formatNumber(lang, value);
  const r = result.resolutionWorkingDays;
  return {
    version: result.procedureVersion,
    runs: new Intl.NumberFormat(locale(lang)).format(result.runs),
    seed: result.seed,
    onTime: formatPercent(lang, result.onTimeRate),
    interval: t('studio.sim.interval', { low: formatPercent(lang, result.onTimeInterval.low), high: formatPercent(lang, result.onTimeInterval.high) }),
    monteCarlo: t('studio.sim.monteCarlo', { low: formatPercent(lang, result.monteCarloInterval.low), high: formatPercent(lang, result.monteCarloInterval.high) }),
    percentiles: [
      { label: 'p50', value: days(r.p50) },
      { label: 'p80', value: days(r.p80) },
      { label: 'p90', value: days(r.p90) },
      { label: 'p95', value: days(r.p95) },
      { label: t('studio.sim.mean'), value: `${days(r.mean)} ± ${formatNumber(lang, r.meanStandardError, 2)}` },
    ],
    units: result.units.map((u) => ({
      unit: u.unit,
      perCase: days(u.workingDaysPerCase),
      open: u.meanOpenCases === null ? '—' : days(u.meanOpenCases),
    })),
    steps: result.steps
      .filter((s) => s.visitsPerCase > 0)
      .map((s) => ({
        state: stateLabel(procedure, lang, s.state),
        unit: s.unit,
        perCase: days(s.workingDaysPerCase),
        visits: formatNumber(lang, s.visitsPerCase, 2),
        over: s.overBudgetShare === null ? '—' : formatPercent(lang, s.overBudgetShare),
      })),
    sources: result.sources.map((s) => ({
      state: stateLabel(procedure, lang, s.state),
      duration: s.duration === 'history' ? t('studio.sim.source.history', { n: s.observations }) : s.duration === 'budget' ? t('studio.sim.source.budget') : s.duration === 'regions' ? t('studio.sim.source.regions') : t('studio.sim.source.none'),
      exits: s.exits === 'history' ? t('studio.sim.exits.history') : t('studio.sim.exits.design'),
    })),
    assumptions: result.assumptions,
  };
}

/** A running simulation's progress bar. */
export function progressModel(lang: Language, done: number, total: number) {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  return {
    done,
    total,
    percent: Math.round(share * 100),
    label: translator(lang)('studio.sim.progress', { done: new Intl.NumberFormat(locale(lang)).format(done), total: new Intl.NumberFormat(locale(lang)).format(total) }),
  };
}

/** Two versions side by side: the differences and the predicted gain with its interval. */
export function comparisonModel(lang: Language, comparison: VersionComparison, procedure: CompiledProcedure | undefined) {
  const t = translator(lang);
  const label = (state: string, fallback: string) => (procedure?.states[state] ? stateLabel(procedure, lang, state) : fallback);
  const fieldNames = { unit: t('studio.compare.field.unit'), budget: t('studio.compare.field.budget'), label: t('studio.compare.field.label'), exits: t('studio.compare.field.exits') };
  const predicted = comparison.predicted;
  return {
    before: comparison.before,
    after: comparison.after,
    period: {
      before: formatPeriod(lang, comparison.period.before),
      after: formatPeriod(lang, comparison.period.after),
      changed: comparison.period.changed,
    },
    added: comparison.added.map((s) => ({ state: s.state, label: s.labelVi, unit: s.unit, budget: formatPeriod(lang, s.budget) })),
    removed: comparison.removed.map((s) => ({ state: s.state, label: label(s.state, s.labelVi), unit: s.unit, budget: formatPeriod(lang, s.budget) })),
    changed: comparison.changed.map((c) => ({
      state: c.state,
      label: label(c.state, c.after.labelVi),
      fields: c.fields.map((f) => fieldNames[f]).join(', '),
      before: `${c.before.unit} · ${formatPeriod(lang, c.before.budget)}`,
      after: `${c.after.unit} · ${formatPeriod(lang, c.after.budget)}`,
      exitsBefore: c.fields.includes('exits') ? c.before.exits.join('; ') : '',
      exitsAfter: c.fields.includes('exits') ? c.after.exits.join('; ') : '',
    })),
    unchanged: comparison.unchanged.length,
    units: comparison.units,
    predicted: predicted && {
      onTime: {
        before: formatPercent(lang, predicted.onTimeRate.before),
        after: formatPercent(lang, predicted.onTimeRate.after),
        difference: `${signed(lang, predicted.onTimeRate.difference * 100)} ${t('studio.compare.points')}`,
        interval: `${signed(lang, predicted.onTimeRate.interval.low * 100)} … ${signed(lang, predicted.onTimeRate.interval.high * 100)}`,
        includesZero: predicted.onTimeRate.interval.low <= 0 && predicted.onTimeRate.interval.high >= 0,
      },
      meanDays: {
        before: formatNumber(lang, predicted.meanResolutionWorkingDays.before, 2),
        after: formatNumber(lang, predicted.meanResolutionWorkingDays.after, 2),
        difference: signed(lang, predicted.meanResolutionWorkingDays.difference, 2),
        interval: `${signed(lang, predicted.meanResolutionWorkingDays.interval.low, 2)} … ${signed(lang, predicted.meanResolutionWorkingDays.interval.high, 2)}`,
        includesZero: predicted.meanResolutionWorkingDays.interval.low <= 0 && predicted.meanResolutionWorkingDays.interval.high >= 0,
      },
      p90Days: {
        before: formatNumber(lang, predicted.p90ResolutionWorkingDays.before),
        after: formatNumber(lang, predicted.p90ResolutionWorkingDays.after),
        difference: signed(lang, predicted.p90ResolutionWorkingDays.difference),
      },
    },
  };
}

/** The validator's answer on a draft: errors first, each with its file and path. */
export function draftCheckModel(lang: Language, check: { ok: boolean; issues: readonly ProcedureIssue[]; version?: string | undefined }) {
  const t = translator(lang);
  const issues = [...check.issues]
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
    .map((issue) => ({
      severity: issue.severity,
      where: issue.path ? `${issue.file}: ${issue.path}` : issue.file,
      path: issue.path,
      code: issue.code,
      message: lang === 'vi' ? issue.messageVi : issue.messageEn,
      other: lang === 'vi' ? issue.messageEn : issue.messageVi,
    }));
  const errors = issues.filter((i) => i.severity === 'error').length;
  return {
    ok: check.ok,
    version: check.version ?? null,
    summary: check.ok ? t('studio.draft.valid', { version: check.version ?? '' }) : t('studio.draft.invalid', { errors }),
    issues,
  };
}
