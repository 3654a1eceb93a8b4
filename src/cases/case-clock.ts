/**
 * What time alone makes happen to a case: the deadline warning, overdue, step budgets running out,
 * the applicant's supplement window closing; and a new calendar moving the deadline. Pure.
 */
import { workingTimeBetween, type CalendarData } from '../calendar/index.js';
import { addPeriod, budgetAsWorkingHours, canSend, contentKey, workingDaysBefore } from './case-calendar.js';
import { transitionCase } from './case-actions.js';
import { emit, stateInfo, type CaseState, type Step } from './case-state.js';
import { statutoryDueOf } from './statutory-period.js';

function clockRunning(state: CaseState): boolean {
  return !state.closed && !state.resolvedAt && state.periodStartedAt !== null && state.clockPausedAt === null;
}

/**
 * The warning point: the start of the working day before the deadline day, the last moment to
 * send the apology letter (NĐ61 Art. 19.9), i.e. when two office days of the period are left.
 * A period shorter than that warns at once.
 */
function warningAt(state: CaseState): string | null {
  const start = state.periodStartedAt;
  const due = state.statutoryDueAt;
  if (!start || !due) return start;
  if (state.legacyWarning) return legacyWarningAt(state, start);
  return workingDaysBefore(state.input.calendar, start, due, 2);
}

/** The first rule: N−2 working days from the start for working-day periods, else at once. */
function legacyWarningAt(state: CaseState, start: string): string {
  const { period } = state.input.procedure;
  if (period.unit !== 'working-days' || period.amount <= 2) return start;
  return addPeriod(state.input.calendar, start, { amount: period.amount - 2, unit: 'working-days' });
}

function stepBudgetEnds(state: CaseState): Array<{ path: string; endsAt: string }> {
  return Object.entries(state.stepClocks)
    .filter(([, clock]) => !clock.overBudgetReported)
    .map(([path, clock]) => ({
      path,
      endsAt: addPeriod(state.input.calendar, clock.enteredAt, budgetAsWorkingHours(state.input.calendar, state.input.procedure.states[path]!.budget!)),
    }));
}

function supplementWindowEnd(state: CaseState): string | null {
  if (!state.supplementRequestedAt || state.closed) return null;
  return addPeriod(state.input.calendar, state.supplementRequestedAt, state.input.procedure.supplementWindow);
}

/** When the workflow must wake up next to run `handleWakeUp`, or null when nothing is pending. */
export function nextWakeUp(state: CaseState): Date | null {
  const instants: string[] = [];
  if (clockRunning(state)) {
    const warning = warningAt(state);
    if (!state.warned && warning) instants.push(warning);
    if (!state.overdue && state.statutoryDueAt) instants.push(state.statutoryDueAt);
  }
  if (!state.closed && !state.resolvedAt) instants.push(...stepBudgetEnds(state).map((s) => s.endsAt));
  const supplementEnd = supplementWindowEnd(state);
  if (supplementEnd) instants.push(supplementEnd);
  if (instants.length === 0) return null;
  return new Date(Math.min(...instants.map((i) => Date.parse(i))));
}

/** Everything that time alone makes happen at `now`: warning, overdue, step overruns, an expired supplement window. */
export function handleWakeUp(state: CaseState, now: Date): Step {
  let step: Step = { state, events: [] };
  const t = now.getTime();
  if (clockRunning(state)) {
    const warning = warningAt(state);
    if (!state.warned && warning && Date.parse(warning) <= t) {
      step.state = { ...step.state, warned: true };
      step = emit(step, 'deadline_warning', now, 'system', { data: { statutoryDueAt: state.statutoryDueAt } });
    }
    if (!state.overdue && state.statutoryDueAt && Date.parse(state.statutoryDueAt) <= t) {
      step.state = { ...step.state, overdue: true, wasOverdue: true };
      step = emit(step, 'overdue', now, 'system', { data: { statutoryDueAt: state.statutoryDueAt } });
    }
  }
  if (!state.closed && !state.resolvedAt) {
    for (const { path, endsAt } of stepBudgetEnds(step.state)) {
      if (Date.parse(endsAt) > t) continue;
      const info = stateInfo(state, path);
      const clock = step.state.stepClocks[path]!;
      step.state = { ...step.state, stepClocks: { ...step.state.stepClocks, [path]: { ...clock, overBudgetReported: true } } };
      step = emit(step, 'step_over_budget', now, 'system', {
        unit: info.unit,
        data: { state: path, enteredAt: clock.enteredAt, budget: info.budget, budgetEndedAt: endsAt },
      });
    }
  }
  const supplementEnd = supplementWindowEnd(step.state);
  if (supplementEnd && Date.parse(supplementEnd) <= t && canSend(step.state.snapshot, 'supplement_window_expired')) {
    const applied = transitionCase(step.state, { action: 'supplement_window_expired', actor: 'system' }, now);
    step = { state: applied.state, events: [...step.events, ...applied.events] };
  }
  return step;
}

/** Swaps in a new calendar version: deadlines are recomputed from the same starting instants. */
export function changeCalendar(state: CaseState, calendar: CalendarData, now: Date): Step {
  const unchanged = state.legacyIntegrity
    ? calendar.version === state.input.calendar.version
    : contentKey(calendar) === contentKey(state.input.calendar);
  if (unchanged) return { state, events: [] };
  const previousDue = state.statutoryDueAt;
  let next: CaseState = { ...state, input: { ...state.input, calendar } };
  if (next.periodStartedAt && !next.resolvedAt) {
    // The same period from the same start, with the same extensions and excluded time, on the new calendar.
    next = { ...next, statutoryDueAt: statutoryDueOf(next) };
    // The first rules let a later deadline clear an overdue that fired; it is history now.
    if (state.legacyIntegrity && next.statutoryDueAt && Date.parse(next.statutoryDueAt) > now.getTime()) next = { ...next, overdue: false };
  }
  return emit({ state: next, events: [] }, 'calendar_updated', now, 'system', {
    data: { calendarVersion: calendar.version, previousDueAt: previousDue, dueAt: next.statutoryDueAt },
  });
}
