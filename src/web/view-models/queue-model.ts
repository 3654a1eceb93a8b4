/** What the queue page shows, built from the read model's answers. Pure. */
import type { WorkingCalendar } from '../../calendar/index.js';
import type { CompiledProcedure } from '../../procedures/compiled-procedure.js';
import type { UnitDirectory } from '../../procedures/unit-directory.js';
import { queueViews, type QueueRow, type QueueView } from '../../store/queue-store.js';
import { pick, translator, type Language, type MessageKey } from '../i18n/messages.js';
import { formatDateTime, wardName } from './format.js';
import { workingTimeLeft } from './working-time.js';

export const queuePageSize = 50;

export const viewLabels: Record<QueueView, MessageKey> = {
  all: 'queue.filter.all',
  dueToday: 'queue.filter.dueToday',
  dueSoon: 'queue.filter.dueSoon',
  overdue: 'queue.filter.overdue',
  awaitingSupplement: 'queue.filter.awaitingSupplement',
};

export interface QueueRequest {
  view: QueueView;
  procedure?: string | undefined;
  ward?: string | undefined;
  q?: string | undefined;
  page: number;
}

export interface QueueModelInput {
  lang: Language;
  unit: string;
  request: QueueRequest;
  counts: Record<QueueView, number>;
  rows: QueueRow[];
  facets: { procedures: Array<{ code: string; count: number }>; wards: Array<{ code: string; count: number }> };
  procedures: { get(code: string): CompiledProcedure | undefined };
  /** The deployment's units, for the wards' names. */
  directory: UnitDirectory;
  calendar: WorkingCalendar;
  now: Date;
}

/** The query string of the queue with some parameters changed (links keep the other filters). */
export function queueHref(request: QueueRequest, change: Partial<QueueRequest>): string {
  const next = { ...request, ...change };
  const params = new URLSearchParams();
  if (next.view !== 'all') params.set('view', next.view);
  if (next.procedure) params.set('procedure', next.procedure);
  if (next.ward) params.set('ward', next.ward);
  if (next.q) params.set('q', next.q);
  if (next.page > 1) params.set('page', String(next.page));
  const query = params.toString();
  return query ? `/queue?${query}` : '/queue';
}

function stepLabel(procedure: CompiledProcedure | undefined, state: string, lang: Language): string {
  if (!procedure) return state;
  return state
    .split(' | ')
    .map((path) => {
      const info = procedure.states[path];
      return info ? pick(lang, { vi: info.labelVi, en: info.labelEn }) : path;
    })
    .join('; ');
}

export function queueModel(input: QueueModelInput) {
  const t = translator(input.lang);
  const { request } = input;
  const total = input.counts[request.view];
  return {
    title: t('queue.title'),
    unit: input.unit,
    request,
    filters: queueViews.map((view) => ({
      view,
      label: t(viewLabels[view]),
      count: input.counts[view],
      href: queueHref(request, { view, page: 1 }),
      current: view === request.view,
    })),
    procedureChoices: input.facets.procedures.map((p) => {
      const procedure = input.procedures.get(p.code);
      const name = procedure ? pick(input.lang, { vi: procedure.nameVi, en: procedure.nameEn }) : p.code;
      return { value: p.code, label: `${p.code} — ${name} (${p.count})`, selected: p.code === request.procedure };
    }),
    wardChoices: input.facets.wards.map((w) => ({ value: w.code, label: `${wardName(input.directory, w.code, input.lang)} (${w.count})`, selected: w.code === request.ward })),
    rows: input.rows.map((row) => {
      const procedure = input.procedures.get(row.procedureCode);
      const left = row.dueAt ? workingTimeLeft(input.calendar, input.now, row.dueAt) : null;
      const leftText = !left
        ? t('left.stopped')
        : left.overdue
          ? t('left.overdue', { days: left.days, hours: left.hours })
          : t('left.remaining', { days: left.days, hours: left.hours });
      const urgency = !left ? 'stopped' : left.overdue ? 'overdue' : left.days < 2 ? 'soon' : 'ok';
      return {
        caseCode: row.caseCode,
        href: `/cases/${encodeURIComponent(row.caseCode)}`,
        applicant: row.applicantName ?? '—',
        procedureCode: row.procedureCode,
        procedureName: procedure ? pick(input.lang, { vi: procedure.nameVi, en: procedure.nameEn }) : row.procedureCode,
        step: stepLabel(procedure, row.state, input.lang),
        ward: row.ward ? wardName(input.directory, row.ward, input.lang) : '—',
        due: formatDateTime(row.dueAt),
        left: leftText,
        urgency,
      };
    }),
    shown: t('queue.shown', { shown: input.rows.length, total }),
    previous: request.page > 1 ? queueHref(request, { page: request.page - 1 }) : null,
    next: request.page * queuePageSize < total ? queueHref(request, { page: request.page + 1 }) : null,
  };
}

export type QueueModel = ReturnType<typeof queueModel>;
