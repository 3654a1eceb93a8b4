/**
 * The supplement request during processing (NĐ61 Art. 19.4): it goes out through the desk no later
 * than 3 working days from receipt (a sector's law may set its own window), and the applicant is
 * told what is missing once, completely. A request at receipt, before processing, is not limited
 * here. A request after the deadline has passed is refused too: the case is already late, and a
 * restart would launder it. Pure.
 */
import { formatInstant } from '../calendar/index.js';
import type { Period } from '../calendar/period.js';
import type { Refusal } from '../errors.js';
import { addPeriod } from './case-calendar.js';
import { activePaths, type ActionRequest, type CaseState } from './case-state.js';

export const DEFAULT_SUPPLEMENT_REQUEST_WINDOW: Period = { amount: 3, unit: 'working-days' };

/** A supplement request made after receipt, while the dossier is being processed. */
export function isProcessingSupplementRequest(state: CaseState, action: string): boolean {
  return action === 'request_supplement' && !activePaths(state.snapshot.value).includes('receipt');
}

/** The last instant a processing supplement request may go out: the window's end, or the deadline if earlier. */
export function supplementRequestDeadline(state: CaseState): string | null {
  const start = state.periodStartedAt;
  if (!start) return null;
  const window = state.input.procedure.supplementRequestWindow ?? DEFAULT_SUPPLEMENT_REQUEST_WINDOW;
  const windowEnd = addPeriod(state.input.calendar, start, window);
  const due = state.statutoryDueAt;
  return due && Date.parse(due) < Date.parse(windowEnd) ? due : windowEnd;
}

export function checkSupplementRequest(state: CaseState, request: ActionRequest, now: Date): Refusal | null {
  if (state.legacyIntegrity || !isProcessingSupplementRequest(state, request.action)) return null;
  if (state.processingSupplementRequests > 0) return { code: 'CASE_SUPPLEMENT_ALREADY_REQUESTED', params: {} };
  const deadline = supplementRequestDeadline(state);
  if (deadline && now.getTime() > Date.parse(deadline)) {
    return { code: 'CASE_SUPPLEMENT_WINDOW_CLOSED', params: { deadline: formatInstant(new Date(deadline)) } };
  }
  return null;
}
