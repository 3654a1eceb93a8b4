/** What a case shows: its view for people and its row for the read model. Pure. */
import type { StateInfo } from '../procedures/compiled-procedure.js';
import type { CaseProjection, CaseStatus, Timeliness } from './case-event.js';
import { checkSupplementRequest, supplementRequestDeadline } from './supplement-rules.js';
import { actionFacts } from './action-facts.js';
import { canSend } from './case-calendar.js';
import type { ActionFacts } from './authorization.js';
import { dueAtInForce, holdingUnits, principalState, stateInfos, stateLabel, statusOf, type CaseState } from './case-state.js';

/**
 * The actions a caller may send now. Without `now`, the rules that depend on the instant (the
 * supplement request window) are not applied.
 */
export function allowedActions(state: CaseState, now?: Date): string[] {
  if (state.closed) return [];
  return Object.entries(state.input.procedure.actions)
    .filter(([name, info]) => info.by !== 'system' && canSend(state.snapshot, name))
    .filter(([name]) => name !== 'issue_apology' || !state.apology)
    .filter(([name]) => name !== 'request_supplement' || checkSupplementRequest(state, { action: name, actor: 'staff' }, now ?? new Date(0)) === null)
    .filter(([name]) => !usedExtension(state, name))
    .map(([name]) => name)
    .sort();
}

function usedExtension(state: CaseState, action: string): boolean {
  const extension = state.input.procedure.extensions?.find((candidate) => candidate.action === action);
  return extension !== undefined && state.extensionsUsed.includes(extension.id);
}

export interface CaseView {
  caseCode: string;
  procedureCode: string;
  procedureVersion: string;
  calendarVersion: string;
  state: string;
  states: Array<Pick<StateInfo, 'path' | 'kind' | 'unit' | 'labelVi' | 'labelEn'>>;
  status: CaseStatus;
  unit: string;
  receivedAt: string;
  dueAt: string | null;
  statutoryDueAt: string | null;
  apology: CaseState['apology'];
  /** The deadline of the current period has passed while in progress. */
  overdue: boolean;
  /** Some period of this case ran past its deadline (history: never cleared). */
  wasOverdue: boolean;
  /** Until when a supplement may be requested during processing (NĐ61 Art. 19.4); null when it may not. */
  supplementRequestOpenUntil: string | null;
  resolvedAt: string | null;
  timeliness: Timeliness | null;
  outcome: string | null;
  allowedActions: string[];
  /** Extensions invoked (ids). */
  extensionsUsed: string[];
  /** Since when the clock is paused (a step excluded from the period), or null. */
  clockPausedAt: string | null;
  /** Working minutes spent in excluded steps so far (the deadline moved by as much). */
  excludedWorkingMinutes: number;
  /** When the current period started (receipt, thụ lý, a completed supplement); null while stopped. */
  periodStartedAt: string | null;
  /** The period waits for the event the law counts it from (e.g. thụ lý); `statutoryDueAt` is that event's deadline. */
  periodStartPending: boolean;
  /** For each allowed action, who may take it (src/cases/authorization.ts decides per account). */
  actionFacts: ActionFacts[];
  lastSeq: number;
}

export function caseView(state: CaseState, now?: Date): CaseView {
  const allowed = allowedActions(state, now);
  return {
    caseCode: state.input.caseCode,
    procedureCode: state.input.procedure.code,
    procedureVersion: state.input.procedure.version,
    calendarVersion: state.input.calendar.version,
    state: stateLabel(state),
    states: stateInfos(state).map(({ path, kind, unit, labelVi, labelEn }) => ({ path, kind, unit, labelVi, labelEn })),
    status: statusOf(state),
    unit: principalState(state).unit,
    receivedAt: state.input.receivedAt,
    dueAt: dueAtInForce(state),
    statutoryDueAt: state.statutoryDueAt,
    apology: state.apology,
    overdue: state.overdue,
    wasOverdue: state.wasOverdue,
    supplementRequestOpenUntil:
      state.legacyIntegrity || state.processingSupplementRequests > 0 || state.resolvedAt ? null : supplementRequestDeadline(state),
    resolvedAt: state.resolvedAt,
    timeliness: state.timeliness,
    outcome: state.outcome,
    allowedActions: allowed,
    extensionsUsed: [...state.extensionsUsed],
    clockPausedAt: state.clockPausedAt,
    excludedWorkingMinutes: state.excludedWorkingMinutes,
    periodStartedAt: state.periodStartedAt,
    periodStartPending: state.periodStartPending,
    actionFacts: allowed.map((action) => actionFacts(state, action)!),
    lastSeq: state.seq,
  };
}

type RowFields = 'caseCode' | 'procedureCode' | 'procedureVersion' | 'receivedAt' | 'state' | 'status' | 'unit' | 'dueAt' | 'statutoryDueAt' | 'overdue' | 'wasOverdue' | 'resolvedAt' | 'timeliness' | 'outcome' | 'lastSeq';

/** The fields of the view that the read model's row takes (without the costly ones it does not). */
function rowView(state: CaseState): Pick<CaseView, RowFields> {
  return {
    caseCode: state.input.caseCode,
    procedureCode: state.input.procedure.code,
    procedureVersion: state.input.procedure.version,
    receivedAt: state.input.receivedAt,
    state: stateLabel(state),
    status: statusOf(state),
    unit: principalState(state).unit,
    dueAt: dueAtInForce(state),
    statutoryDueAt: state.statutoryDueAt,
    overdue: state.overdue,
    wasOverdue: state.wasOverdue,
    resolvedAt: state.resolvedAt,
    timeliness: state.timeliness,
    outcome: state.outcome,
    lastSeq: state.seq,
  };
}

export function projectionOf(state: CaseState, view: Pick<CaseView, RowFields> = rowView(state)): CaseProjection {
  return {
    caseCode: view.caseCode,
    procedureCode: view.procedureCode,
    procedureVersion: view.procedureVersion,
    receivingUnit: state.input.receivingUnit,
    channel: state.input.channel,
    applicant: state.input.applicant,
    receivedAt: view.receivedAt,
    state: view.state,
    status: view.status,
    unit: view.unit,
    dueAt: view.dueAt,
    statutoryDueAt: view.statutoryDueAt,
    overdue: view.overdue,
    wasOverdue: view.wasOverdue,
    resolvedAt: view.resolvedAt,
    timeliness: view.timeliness,
    outcome: view.outcome,
    lastSeq: view.lastSeq,
    // The queue's columns (migration 0004): every unit holding the case, and its ward.
    holdingUnits: holdingUnits(state),
    ward: state.input.ward ?? null,
  };
}
