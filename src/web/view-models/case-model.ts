/** What the case page shows, from the case's details and events. Pure. */
import type { CalendarData } from '../../calendar/index.js';
import { calendarOf } from '../../cases/case-calendar.js';
import type { CaseDetails } from '../../engine/case-service.js';
import type { CaseUnits } from '../../cases/case-units.js';
import type { CompiledProcedure } from '../../procedures/compiled-procedure.js';
import type { UnitDirectory } from '../../procedures/unit-directory.js';
import { pick, translator, type Language, type MessageKey } from '../i18n/messages.js';
import { formatDateTime, unitName } from './format.js';
import { formAvailable } from './form-model.js';
import { stepRecords } from './step-records.js';
import { workingTimeLeft } from './working-time.js';

export const formNumbers = ['01', '02', '03', '04', '05'] as const;
export type FormNumber = (typeof formNumbers)[number];

export interface CaseModelInput {
  lang: Language;
  details: CaseDetails;
  applicant: Record<string, unknown>;
  ward: string | null;
  /** The units the case carries from its submission (undefined for cases started before they did). */
  caseUnits: CaseUnits | undefined;
  /** The deployment's units, for their names. */
  directory: UnitDirectory;
  procedure: CompiledProcedure;
  calendar: CalendarData;
  now: Date;
  /** The actions this user may take now (already decided by the rules for this identity). */
  userActions: string[];
  /** A refused action or invalid input to show above the actions. */
  error?: { field?: string; messageVi: string; message: string } | null;
  /** What the user typed, when the page comes back with an error. */
  values?: Record<string, string>;
}

export function caseModel(input: CaseModelInput) {
  const { details, procedure, lang } = input;
  const t = translator(lang);
  const label = (labels: { labelVi: string; labelEn: string }) => pick(lang, { vi: labels.labelVi, en: labels.labelEn });
  const calendar = calendarOf(input.calendar);
  const left = details.dueAt ? workingTimeLeft(calendar, input.now, new Date(details.dueAt)) : null;
  const running = details.status === 'in_progress' && left !== null;
  const steps = stepRecords(procedure, input.calendar, details.events, { ward: input.ward, units: input.caseUnits }, input.now);
  const stepEndingAt = new Map(steps.filter((s) => s.leftSeq !== null).map((s) => [s.leftSeq!, s]));
  const actionLabel = (name: string) => {
    const info = procedure.actions[name];
    return info ? label(info) : name;
  };
  return {
    title: t('case.title', { code: details.caseCode }),
    caseCode: details.caseCode,
    procedure: { code: procedure.code, name: pick(lang, { vi: procedure.nameVi, en: procedure.nameEn }) },
    applicantName: typeof input.applicant.name === 'string' ? input.applicant.name : '—',
    status: { value: details.status, label: t(`status.${details.status}` as MessageKey) },
    states: details.states.map((s) => ({ label: label(s), unit: unitName(input.directory, s.unit, lang) })),
    receivedAt: formatDateTime(details.receivedAt),
    dueAt: formatDateTime(details.dueAt),
    statutoryDueAt: formatDateTime(details.statutoryDueAt),
    apology: details.apology ? { newDueAt: formatDateTime(details.apology.newDueAt), issuedAt: formatDateTime(details.apology.issuedAt) } : null,
    timeLeft: !running
      ? details.status === 'awaiting_supplement'
        ? { text: t('left.stopped'), urgency: 'stopped' }
        : null
      : left!.overdue
        ? { text: t('left.overdue', { days: left!.days, hours: left!.hours }), urgency: 'overdue' }
        : { text: t('left.remaining', { days: left!.days, hours: left!.hours }), urgency: left!.days < 2 ? 'soon' : 'ok' },
    timeliness: details.timeliness ? { value: details.timeliness, label: t(`timeliness.${details.timeliness}`) } : null,
    timeline: details.events.map((event) => {
      const step = stepEndingAt.get(event.seq);
      const action = typeof event.data.action === 'string' ? event.data.action : null;
      return {
        when: formatDateTime(event.at),
        event: action ? actionLabel(action) : t(`event.${event.type}` as MessageKey),
        who: event.actor,
        unit: unitName(input.directory, event.unit, lang),
        note: typeof event.data.note === 'string' ? event.data.note : '',
        step: step ? label(step) : '',
        budget: step?.timeliness ? { value: step.timeliness, label: t(`timeliness.${step.timeliness}`) } : null,
      };
    }),
    timeByUnit: details.timeByUnit.map((u) => {
      const perDay = calendar.hours.perDayMs / 60_000;
      const minutes = Math.round(u.workingMinutes);
      return {
        unit: unitName(input.directory, u.unit, lang),
        text: t('left.remaining', { days: Math.floor(minutes / perDay), hours: Math.floor((minutes % perDay) / 60) }),
        minutes,
      };
    }),
    actions: input.userActions
      .filter((name) => name !== 'issue_apology')
      .map((name) => ({ name, label: actionLabel(name), confirm: t('case.confirm', { action: actionLabel(name) }) })),
    apologyAllowed: input.userActions.includes('issue_apology'),
    forms: formNumbers
      .filter((n) => formAvailable(n, details.events))
      .map((n) => ({ number: n, label: t(`forms.${n}` as MessageKey), href: `/forms/${encodeURIComponent(details.caseCode)}/${n}` })),
    error: input.error ?? null,
    values: input.values ?? {},
  };
}

export type CaseModel = ReturnType<typeof caseModel>;
