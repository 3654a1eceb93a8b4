/** What a case shows: its view for people and its row for the read model. Pure. */
import type { StateInfo } from '../procedures/compiled-procedure.js';
import type { CaseProjection, CaseStatus, Timeliness } from './case-event.js';
import { dueAtInForce, principalState, stateInfos, stateLabel, statusOf, type CaseState } from './case-state.js';

export function allowedActions(state: CaseState): string[] {
  if (state.closed) return [];
  return Object.entries(state.input.procedure.actions)
    .filter(([name, info]) => info.by !== 'system' && state.snapshot.can({ type: name }))
    .filter(([name]) => name !== 'issue_apology' || !state.apology)
    .map(([name]) => name)
    .sort();
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
  overdue: boolean;
  resolvedAt: string | null;
  timeliness: Timeliness | null;
  outcome: string | null;
  allowedActions: string[];
  lastSeq: number;
}

export function caseView(state: CaseState): CaseView {
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
    resolvedAt: state.resolvedAt,
    timeliness: state.timeliness,
    outcome: state.outcome,
    allowedActions: allowedActions(state),
    lastSeq: state.seq,
  };
}

export function projectionOf(state: CaseState): CaseProjection {
  const view = caseView(state);
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
    resolvedAt: view.resolvedAt,
    timeliness: view.timeliness,
    outcome: view.outcome,
    lastSeq: view.lastSeq,
  };
}
