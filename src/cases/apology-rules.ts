/**
 * The apology letter with a new date (NĐ61 Art. 19.9, form 04): it goes out no later than one
 * working day before the deadline, and the new date is set once per dossier. A late letter is still
 * accepted (the applicant must be told), but recorded as issued late. Pure.
 */
import type { Refusal } from '../errors.js';
import { workingDaysBefore } from './case-calendar.js';
import type { ActionRequest, ApologyRecord, CaseState } from './case-state.js';

/** The latest lawful instant for the apology letter: one working day of office time before the statutory deadline. */
export function latestApologyAt(state: CaseState): string | null {
  const start = state.periodStartedAt;
  const due = state.statutoryDueAt;
  if (!start || !due) return null;
  return workingDaysBefore(state.input.calendar, start, due, 1);
}

export function checkApology(state: CaseState, request: ActionRequest): Refusal | null {
  if (request.action !== 'issue_apology') return null;
  if (state.apology) return { code: 'CASE_APOLOGY_ALREADY_ISSUED', params: {} };
  if (!request.newDueAt || Number.isNaN(Date.parse(request.newDueAt))) {
    return { code: 'CASE_ACTION_DATA_INVALID', params: { action: request.action, detail: 'newDueAt (ISO instant) is required' } };
  }
  const statutory = state.statutoryDueAt;
  if (statutory && Date.parse(request.newDueAt) <= Date.parse(statutory)) {
    return { code: 'CASE_ACTION_DATA_INVALID', params: { action: request.action, detail: `newDueAt must be after the deadline ${statutory}` } };
  }
  return null;
}

export function apologyRecord(state: CaseState, newDueAt: string, now: Date): ApologyRecord {
  const latestAt = latestApologyAt(state);
  return {
    issuedAt: now.toISOString(),
    newDueAt,
    issuedInTime: latestAt === null || now.getTime() <= Date.parse(latestAt),
    latestAt,
    periodStartedAt: state.periodStartedAt,
  };
}
