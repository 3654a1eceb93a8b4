/**
 * Drives one case through the pure case rules as the workflow does, without Temporal: before
 * each action, the timers that fall due fire (warning, overdue, step budgets, supplement
 * window). Each rules step is one batch of events with the case row it leads to, as the
 * workflow's activity receives them. Used by the synthetic seeder and by tests.
 */
import type { CaseEvent, CaseProjection } from '../cases/case-event.js';
import { applyAction, checkAction, nextWakeUp, handleWakeUp, projectionOf, startCase, type ActionRequest, type CaseInput, type CaseState } from '../cases/case-rules.js';

export interface EventBatch {
  events: CaseEvent[];
  projection: CaseProjection;
}

export interface PlannedAction {
  at: Date;
  request: ActionRequest;
}

/** Decides the next action from the case as it stands, or null to stop. */
export type NextAction = (state: CaseState, now: Date) => PlannedAction | null;

export function driveCase(input: CaseInput, next: NextAction, options: { until?: Date } = {}): { batches: EventBatch[]; state: CaseState } {
  const first = startCase(input);
  let state = first.state;
  const batches: EventBatch[] = [{ events: first.events, projection: projectionOf(state) }];
  const runClock = (until: Date) => {
    for (let wake = nextWakeUp(state); wake && wake.getTime() < until.getTime(); wake = nextWakeUp(state)) {
      const step = handleWakeUp(state, wake);
      state = step.state;
      if (step.events.length === 0) break;
      batches.push({ events: step.events, projection: projectionOf(state) });
    }
  };
  let now = new Date(input.receivedAt);
  for (let guard = 0; guard < 200; guard++) {
    const plan = state.closed ? null : next(state, now);
    if (!plan || (options.until && plan.at.getTime() > options.until.getTime())) break;
    runClock(plan.at);
    if (state.closed) break;
    // The timers that just fired may have closed the action (an extension once overdue): choose again.
    if (checkAction(state, plan.request, plan.at) !== null) {
      now = plan.at;
      continue;
    }
    const step = applyAction(state, plan.request, plan.at);
    state = step.state;
    batches.push({ events: step.events, projection: projectionOf(state) });
    now = plan.at;
  }
  if (options.until && !state.closed) runClock(options.until);
  return { batches, state };
}

/** A fixed list of actions, in order (tests and scripted demos). */
export function scripted(actions: PlannedAction[]): NextAction {
  let index = 0;
  return () => actions[index++] ?? null;
}
