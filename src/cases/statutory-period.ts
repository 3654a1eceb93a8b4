/**
 * The statutory period of a case: which period runs now and its deadline after the lawful adjustments
 * (extensions, excluded time). One place for the arithmetic, so that a deadline moved step by step and
 * one recomputed under a new calendar agree. Pure.
 */
import type { CalendarData } from '../calendar/index.js';
import type { Period } from '../calendar/period.js';
import type { PeriodExtension } from '../procedures/compiled-procedure.js';
import { addPeriod } from './case-calendar.js';
import type { CaseState } from './case-state.js';

/** What moved the deadline of the current period, in order; a restart from zero clears it. */
export type PeriodAdjustment = { kind: 'extension'; id: string } | { kind: 'excluded'; minutes: number };

/**
 * The period running now. Where the law counts the period from an event after receipt (complaints:
 * "kể từ ngày thụ lý", Luật Khiếu nại Art 28), the period that runs until that event is the event's own
 * deadline (thụ lý within 10 working days, TT 07/2013 Art 5.1), or none.
 */
export function runningPeriod(state: Pick<CaseState, 'input' | 'periodStartPending'>): Period | null {
  const start = state.input.procedure.periodStart;
  if (state.periodStartPending && start) return start.within ?? null;
  return state.input.procedure.period;
}

function extensionById(state: CaseState, id: string): PeriodExtension {
  const extension = state.input.procedure.extensions?.find((candidate) => candidate.id === id);
  if (!extension) throw new Error(`procedure ${state.input.procedure.code} has no extension ${id}`);
  return extension;
}

/** The deadline after one adjustment. */
export function adjustedDue(state: CaseState, due: string, adjustment: PeriodAdjustment, calendar: CalendarData = state.input.calendar): string {
  if (adjustment.kind === 'excluded') {
    return adjustment.minutes > 0 ? addPeriod(calendar, due, { amount: adjustment.minutes / 60, unit: 'working-hours' }) : due;
  }
  const extension = extensionById(state, adjustment.id);
  if (extension.countedFrom !== 'period-start') return addPeriod(calendar, due, extension.extension);
  // "Không quá N ngày" in all: the whole period counts from its start; never earlier than the deadline it extends.
  const whole = addPeriod(calendar, state.periodStartedAt ?? due, extension.extension);
  return Date.parse(whole) > Date.parse(due) ? whole : due;
}

/** The statutory deadline of the current period: from its start, the running period, then each adjustment. */
export function statutoryDueOf(state: CaseState, calendar: CalendarData = state.input.calendar): string | null {
  const start = state.periodStartedAt;
  const period = runningPeriod(state);
  if (start === null || period === null) return null;
  return state.periodAdjustments.reduce((due, adjustment) => adjustedDue(state, due, adjustment, calendar), addPeriod(calendar, start, period));
}
