import * as wf from '@temporalio/workflow';
import type { CaseActivities } from '../src/engine/activities.js';
import {
  applyAction,
  caseView,
  changeCalendar,
  checkAction,
  nextWakeUp,
  handleWakeUp,
  projectionOf,
  startCase,
  type CaseInput,
  type CaseState,
  type CaseView,
  type Step,
} from '../src/cases/case-rules.js';
import { caseSearchAttributePairs } from '../src/cases/search-attributes.js';
import { validateCalendarData } from '../src/calendar/validate-calendar-data.js';
import type { CalendarData } from '../src/calendar/index.js';
import { describeError, RefusalError, type Refusal } from '../src/errors.js';
import { calendarChangeUpdate, calendarUpdatedSignal, caseActionUpdate, caseViewQuery } from './case-messages.js';

// Unlimited retries: an event must reach PostgreSQL even if the database is down for a while. A
// failure that a retry cannot mend (a conflicting or invalid event) is not retried: it fails loudly.
const recordOptions: wf.ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '500 ms',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: ['CASE_EVENT_CONFLICT', 'CASE_EVENT_INVALID'],
  },
};
const activities = wf.proxyActivities<CaseActivities>(recordOptions);
// A local activity runs inside the workflow task, so a staff action costs one workflow task instead
// of two plus an activity task; the write is idempotent per (case, seq), so a re-run is harmless.
const localActivities = wf.proxyLocalActivities<CaseActivities>(recordOptions);

/**
 * One case (hồ sơ) from receipt to closing. The rules live in src/cases/case-rules.ts; this
 * function only orchestrates: it feeds them actions and timer wake-ups, and persists their events.
 */
export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  // Patch: events are written by a local activity. Histories recorded before it keep the activity.
  const { recordCaseEvents } = wf.patched('record-events-local-activity') ? localActivities : activities;
  let state: CaseState;
  // Events are written strictly in order, each batch with the projection it leads to.
  let written: Promise<void> = Promise.resolve();
  // A write that failed for good (not retried) ends the case's workflow visibly, instead of waiting forever.
  let writeFailure: unknown = null;
  const { runId } = wf.workflowInfo();
  let indexed = '';
  const commit = (step: Step): Promise<void> => {
    state = step.state;
    // Keep the search attributes in step, so `temporal workflow list --query` sees overdue cases.
    // One view per commit serves the search attributes and the row.
    const view = caseView(state);
    const attributes = caseSearchAttributePairs(view);
    const key = JSON.stringify(attributes.map((pair) => pair.value));
    if (key !== indexed) {
      wf.upsertSearchAttributes(attributes);
      indexed = key;
    }
    if (step.events.length > 0) {
      const batch = { events: step.events, projection: projectionOf(step.state, view), runId };
      written = written.then(() => recordCaseEvents(batch)).then(
        () => undefined,
        (error: unknown) => {
          writeFailure ??= error;
          throw error;
        },
      );
    }
    return written;
  };
  const now = () => new Date(Date.now());

  // Patch: the deadline warning moved to two office days before the deadline (was N−2 working days,
  // or at receipt for other units). Histories recorded before it keep the old rule.
  const legacyWarning = !wf.patched('warning-two-office-days-before');
  // Patch: supplement window and once-only request, apology once per dossier, overdue kept as history
  // (NĐ61 Arts. 19.4, 19.9). Histories recorded before it keep the first rules.
  const legacyIntegrity = !wf.patched('legal-integrity-rules');
  commit(startCase(input, { legacyWarning, legacyIntegrity }));

  wf.setHandler(caseViewQuery, () => caseView(state, now()));
  wf.setHandler(
    caseActionUpdate,
    async (request) => {
      await commit(refusalAsFailure(() => applyAction(state, request, now())));
      return caseView(state, now());
    },
    { validator: (request) => refusalAsFailure(() => refuseWith(checkAction(state, request, now()))) },
  );
  wf.setHandler(
    calendarChangeUpdate,
    async (calendar) => {
      await commit(changeCalendar(state, calendar, now()));
      return caseView(state, now());
    },
    { validator: (calendar) => refusalAsFailure(() => refuseWith(calendarRefusal(calendar))) },
  );
  // Cases started before the Update take the signal; a malformed calendar is ignored, not applied.
  wf.setHandler(calendarUpdatedSignal, (calendar) => {
    if (calendarRefusal(calendar)) {
      wf.log.warn('malformed calendar signal ignored', { caseCode: input.caseCode });
      return;
    }
    void commit(changeCalendar(state, calendar, now()));
  });

  // Patch: one timer stays armed until the next wake-up instant changes. Histories recorded before
  // it re-armed a timer after every change of the case.
  if (wf.patched('timer-kept-until-wake-up-changes')) {
    const timer = wakeUpTimer();
    while (!state!.closed) {
      timer.arm(nextWakeUp(state!));
      const seen = state!.seq;
      await wf.condition(() => timer.fired || state.seq !== seen || state.closed || writeFailure !== null);
      if (writeFailure !== null) throw writeFailure;
      if (timer.fired) {
        timer.consume();
        await commit(handleWakeUp(state!, now()));
      }
    }
  } else {
    while (!state!.closed) {
      const seen = state!.seq;
      const wake = nextWakeUp(state!);
      const changed = () => state.seq !== seen || state.closed;
      if (wake === null) await wf.condition(changed);
      else await wf.condition(changed, Math.max(1, wake.getTime() - Date.now()));
      if (wake !== null && Date.now() >= wake.getTime()) await commit(handleWakeUp(state!, now()));
    }
  }
  await wf.condition(wf.allHandlersFinished);
  await written;
  return caseView(state!);
}

function refuseWith(refusal: Refusal | null): void {
  if (refusal) throw new RefusalError(refusal);
}

/** A rule's refusal becomes a non-retryable ApplicationFailure carrying its code: the Update fails, not the workflow task. */
function refusalAsFailure<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof RefusalError)) throw error;
    const { code, params } = error.refusal;
    const described = describeError(code, params);
    throw wf.ApplicationFailure.nonRetryable(described.message, code, { params, messageVi: described.messageVi });
  }
}

function calendarRefusal(calendar: CalendarData): Refusal | null {
  try {
    validateCalendarData(calendar);
    return null;
  } catch (error) {
    return { code: 'CALENDAR_INVALID', params: { detail: error instanceof Error ? error.message : String(error) } };
  }
}

/** A durable timer for the case's next wake-up, replaced only when that instant changes. */
function wakeUpTimer() {
  let armedAt: number | null = null;
  let scope: wf.CancellationScope | null = null;
  let fired = false;
  return {
    get fired() {
      return fired;
    },
    arm(wake: Date | null): void {
      const at = wake?.getTime() ?? null;
      if (at === armedAt) return;
      scope?.cancel();
      armedAt = at;
      scope = null;
      if (at === null) return;
      const current = new wf.CancellationScope();
      scope = current;
      current.run(() => wf.sleep(Math.max(1, at - Date.now()))).then(
        () => {
          if (scope === current) fired = true;
        },
        () => undefined, // cancelled: a different wake-up replaced it
      );
    },
    /** The wake-up was handled; the next `arm` starts a new timer even for the same instant. */
    consume(): void {
      fired = false;
      armedAt = null;
      scope = null;
    },
  };
}
