/**
 * Starting a case and acting on it: what may happen now (the Update validator) and what an action
 * changes (the machine, the clock, the events). Pure.
 */
import { classifyResolution, workingTimeBetween } from '../calendar/index.js';
import type { Period } from '../calendar/period.js';
import { RefusalError, type Refusal } from '../errors.js';
import { apologyRecord, checkApology } from './apology-rules.js';
import { checkSupplementRequest, isProcessingSupplementRequest } from './supplement-rules.js';
import type { PeriodExtension } from '../procedures/compiled-procedure.js';
import { caseUnit } from './case-units.js';
import { canSend, initialSnapshotOf, iso, machineOf, onCalendar, transitionMachine } from './case-calendar.js';
import { adjustedDue, runningPeriod, statutoryDueOf, type PeriodAdjustment } from './statutory-period.js';
import { actionFacts } from './action-facts.js';
import { authorizeAction } from './authorization.js';
import {
  emit,
  holdingUnits,
  inExcludedStep,
  kindOf,
  principalState,
  stateInfos,
  stateLabel,
  type ActionRequest,
  type CaseInput,
  type CaseState,
  type RuleVersions,
  type Step,
} from './case-state.js';

export function refreshStepClocks(previous: CaseState['stepClocks'], state: CaseState, now: Date): CaseState['stepClocks'] {
  const next: Record<string, { enteredAt: string; overBudgetReported: boolean }> = {};
  for (const info of stateInfos(state)) {
    if (!info.budget) continue;
    next[info.path] = previous[info.path] ?? { enteredAt: iso(now), overBudgetReported: false };
  }
  return next;
}

export function startCase(input: CaseInput, options: RuleVersions = {}): Step {
  const machine = machineOf(input.procedure);
  const snapshot = initialSnapshotOf(machine);
  const receivedAt = new Date(input.receivedAt);
  const base: CaseState = {
    input,
    snapshot,
    seq: 0,
    periodStartedAt: input.receivedAt,
    statutoryDueAt: null,
    apology: null,
    warned: false,
    overdue: false,
    wasOverdue: false,
    processingSupplementRequests: 0,
    resolvedAt: null,
    timeliness: null,
    outcome: null,
    stepClocks: {},
    supplementRequestedAt: null,
    closed: false,
    legacyWarning: options.legacyWarning ?? false,
    legacyIntegrity: options.legacyIntegrity ?? false,
    extensionsUsed: [],
    clockPausedAt: null,
    excludedWorkingMinutes: 0,
    periodStartPending: input.procedure.periodStart !== undefined,
    periodAdjustments: [],
  };
  // A period counted from a later event (thụ lý) runs, until then, on that event's deadline, or not at all.
  const counting: CaseState = runningPeriod(base) === null ? { ...base, periodStartedAt: null } : base;
  const state: CaseState = {
    ...counting,
    statutoryDueAt: statutoryDueOf(counting),
    stepClocks: refreshStepClocks({}, base, receivedAt),
  };
  return emit({ state, events: [] }, 'received', receivedAt, input.receivedBy ?? (input.channel === 'post' ? 'post' : 'applicant'), {
    fromState: null,
    data: {
      procedureCode: input.procedure.code,
      procedureVersion: input.procedure.version,
      calendarVersion: input.calendar.version,
      channel: input.channel,
    },
  });
}

/** Why an action may not happen now, or null when it may. The workflow's Update validator. */
export function checkAction(state: CaseState, request: ActionRequest, now: Date): Refusal | null {
  const procedure = state.input.procedure;
  const action = procedure.actions[request.action];
  const here = stateLabel(state);
  if (state.closed) return { code: 'CASE_CLOSED', params: { caseCode: state.input.caseCode } };
  if (!action || !canSend(state.snapshot, request.action)) {
    return { code: 'CASE_ACTION_NOT_ALLOWED', params: { action: request.action, state: here } };
  }
  if (typeof request.actor === 'string') {
    const refusal = checkLegacyActor(state, request, request.actor, action.by);
    if (refusal) return refusal;
  } else {
    const refusal = authorizeAction(request.actor, actionFacts(state, request.action)!);
    if (refusal) return refusal;
  }
  const extension = extensionOf(state, request.action);
  if (extension) {
    const refusal = checkExtension(state, extension, request);
    if (refusal) return refusal;
  }
  return checkApology(state, request) ?? checkSupplementRequest(state, request, now);
}

function extensionOf(state: CaseState, action: string): PeriodExtension | undefined {
  return state.input.procedure.extensions?.find((extension) => extension.action === action);
}

/** An extension is invoked once, while the clock runs and before the deadline passes, by a unit the law names. */
function checkExtension(state: CaseState, extension: PeriodExtension, request: ActionRequest): Refusal | null {
  if (state.extensionsUsed.includes(extension.id)) return { code: 'CASE_EXTENSION_ALREADY_USED', params: { extension: extension.id } };
  if (state.periodStartedAt === null || state.clockPausedAt !== null || state.resolvedAt !== null) {
    return { code: 'CASE_ACTION_NOT_ALLOWED', params: { action: request.action, state: stateLabel(state) } };
  }
  if (state.overdue) return { code: 'CASE_EXTENSION_TOO_LATE', params: { extension: extension.id, dueAt: state.statutoryDueAt ?? '' } };
  if (request.actorUnit !== undefined) {
    const allowed = extension.invokedBy.map((unit) => {
      const resolved = caseUnit(state.input, unit);
      return resolved.ok ? resolved.unit.code : unit;
    });
    if (!allowed.includes(request.actorUnit)) {
      return { code: 'CASE_ACTION_WRONG_UNIT', params: { action: request.action, actorUnit: request.actorUnit, unit: allowed.join(', ') } };
    }
  }
  return null;
}

/**
 * Requests recorded before accounts existed name their actor as a string, and their unit only
 * when the caller sent one. Kept so that those histories replay as they ran.
 */
function checkLegacyActor(state: CaseState, request: ActionRequest, actor: string, by: string): Refusal | null {
  const here = stateLabel(state);
  if (by === 'system') return { code: 'CASE_ACTION_NOT_ALLOWED', params: { action: request.action, state: here } };
  if ((by === 'post') !== (actor === 'post')) {
    return { code: 'CASE_ACTION_NOT_ALLOWED', params: { action: request.action, state: here } };
  }
  if (by === 'staff' && request.actorUnit !== undefined) {
    const units = stateInfos(state).map((i) => i.unit);
    if (!units.includes(request.actorUnit)) {
      return { code: 'CASE_ACTION_WRONG_UNIT', params: { action: request.action, actorUnit: request.actorUnit, unit: units.join(', ') } };
    }
  }
  return null;
}

/**
 * Units that start holding the case with this transition (one per parallel region), each with
 * the budget it receives: the handoff record (phiếu chuyển xử lý) of NĐ61 Art. 19.6.
 */
function handoffsBetween(before: CaseState, after: CaseState): Array<{ fromUnits: string[]; toUnit: string; state: string; budget: Period | null }> {
  const fromUnits = holdingUnits(before);
  return stateInfos(after)
    .filter((info) => !fromUnits.includes(info.unit))
    .map((info) => ({ fromUnits, toUnit: info.unit, state: info.path, budget: info.budget ?? null }));
}

/** Applies an action a caller sent; one that checkAction refuses throws a RefusalError (the validator refuses it first). */
export function applyAction(state: CaseState, request: ActionRequest, now: Date): Step {
  const refusal = checkAction(state, request, now);
  if (refusal) throw new RefusalError(refusal);
  return transitionCase(state, request, now);
}

/**
 * Entering a step excluded from the period pauses the clock; leaving it resumes the clock and moves
 * the deadline by exactly the working time spent there (the period continues, it does not restart).
 * A supplement request from such a step stops the clock anyway (the period restarts from zero).
 */
function pauseOrResumeClock(step: Step, now: Date): Step {
  const state = step.state;
  const excluded = inExcludedStep(state);
  if (state.clockPausedAt === null) {
    if (!excluded || state.periodStartedAt === null || state.resolvedAt !== null) return step;
    const pausedStep = { ...step, state: { ...state, clockPausedAt: iso(now) } };
    return emit(pausedStep, 'clock_paused', now, 'system', { data: { statutoryDueAt: state.statutoryDueAt } });
  }
  if (excluded) return step;
  const pausedAt = state.clockPausedAt;
  if (state.periodStartedAt === null) return { ...step, state: { ...state, clockPausedAt: null } };
  const minutes = onCalendar(state.input.calendar, pausedAt, (calendar) => workingTimeBetween(calendar, new Date(pausedAt), now).minutes);
  const previousDueAt = state.statutoryDueAt;
  const adjustment: PeriodAdjustment = { kind: 'excluded', minutes };
  const statutoryDueAt = previousDueAt && adjustedDue(state, previousDueAt, adjustment);
  const resumed = {
    ...step,
    state: {
      ...state,
      clockPausedAt: null,
      statutoryDueAt,
      excludedWorkingMinutes: state.excludedWorkingMinutes + minutes,
      periodAdjustments: [...state.periodAdjustments, adjustment],
    },
  };
  return emit(resumed, 'clock_resumed', now, 'system', { data: { pausedAt, excludedWorkingMinutes: minutes, previousDueAt, statutoryDueAt } });
}

/** Moves the machine and derives the clock and the events; shared by callers' actions and the workflow's own. */
export function transitionCase(state: CaseState, request: ActionRequest, now: Date): Step {
  const before = stateLabel(state);
  const beforeUnit = principalState(state).unit;
  const beforeKind = kindOf(state);
  const snapshot = transitionMachine(machineOf(state.input.procedure), state.snapshot, request.action);
  let next: CaseState = { ...state, snapshot };
  next = { ...next, stepClocks: refreshStepClocks(state.stepClocks, next, now) };

  const data: Record<string, unknown> = { action: request.action, fromUnit: beforeUnit, heldBy: holdingUnits(state) };
  if (request.note) data.note = request.note;
  if (typeof request.actor !== 'string' && request.actor.kind === 'staff') {
    data.role = request.actor.role;
    // The applicant has no account: the desk officer who entered it acted for them.
    if (state.input.procedure.actions[request.action]?.by === 'applicant') data.onBehalfOf = 'applicant';
  }
  const handoffs = handoffsBetween(state, next);
  if (handoffs.length > 0) data.handoffs = handoffs;
  let step: Step = { state: next, events: [] };

  if (request.action === 'issue_apology') {
    const apology = apologyRecord(state, request.newDueAt!, now);
    step.state = { ...step.state, apology };
    return emit(step, 'apology_issued', now, request.actor, {
      actorUnit: legacyActorUnit(request),
      fromState: before,
      unit: beforeUnit,
      data: {
        ...data,
        newDueAt: request.newDueAt,
        statutoryDueAt: state.statutoryDueAt,
        issuedInTime: apology.issuedInTime,
        latestInTimeAt: apology.latestAt,
      },
    });
  }

  const extension = extensionOf(state, request.action);
  if (extension) {
    const previousDueAt = state.statutoryDueAt;
    const adjustment: PeriodAdjustment = { kind: 'extension', id: extension.id };
    const statutoryDueAt = previousDueAt && adjustedDue(state, previousDueAt, adjustment);
    // A later deadline brings a new warning before it.
    step.state = {
      ...step.state,
      statutoryDueAt,
      warned: false,
      extensionsUsed: [...state.extensionsUsed, extension.id],
      periodAdjustments: [...state.periodAdjustments, adjustment],
    };
    return emit(step, 'period_extended', now, request.actor, {
      fromState: before,
      unit: beforeUnit,
      data: {
        ...data,
        extension: extension.id,
        by: extension.extension,
        countedFrom: extension.countedFrom ?? 'deadline',
        source: extension.source ?? null,
        previousDueAt,
        statutoryDueAt,
      },
    });
  }

  const kindAfter = kindOf(step.state);
  if (kindAfter === 'awaiting-supplement' && beforeKind !== 'awaiting-supplement') {
    // The period stops; it will restart from zero when the dossier is complete (NĐ61 Art. 19.4).
    // `wasOverdue` stays: an overdue period is history.
    const processing = isProcessingSupplementRequest(state, request.action) ? 1 : 0;
    step.state = {
      ...step.state,
      periodStartedAt: null,
      supplementRequestedAt: iso(now),
      warned: false,
      overdue: false,
      processingSupplementRequests: state.processingSupplementRequests + processing,
    };
  }
  step = emit(step, 'action', now, request.actor, { actorUnit: legacyActorUnit(request), fromState: before, unit: beforeUnit, data });

  if (beforeKind === 'awaiting-supplement' && kindAfter === 'step') {
    const restartedAt = iso(now);
    const restarted: CaseState = {
      ...step.state,
      periodStartedAt: runningPeriod(step.state) === null ? null : restartedAt,
      periodAdjustments: [],
      supplementRequestedAt: null,
      // The first rules let a restart reset the once-only apology; the new date is now once per dossier.
      apology: state.legacyIntegrity ? null : step.state.apology,
    };
    step.state = { ...restarted, statutoryDueAt: statutoryDueOf(restarted) };
    step = emit(step, 'deadline_restarted', now, 'system', { data: { restartedAt } });
  }
  if (state.periodStartPending && request.action === state.input.procedure.periodStart?.action) step = startPeriod(step, state, now);
  step = pauseOrResumeClock(step, now);

  const principal = principalState(step.state);
  if (kindAfter === 'resolution' && !state.resolvedAt) {
    const due = step.state.statutoryDueAt;
    const classified = due ? onCalendar(state.input.calendar, due, (calendar) => classifyResolution(calendar, now, new Date(due))) : 'on_time';
    // A case that was overdue in any period is late, whatever a later period says.
    const timeliness = step.state.wasOverdue && !state.legacyIntegrity ? 'late' : classified;
    step.state = { ...step.state, resolvedAt: iso(now), timeliness, outcome: principal.outcome ?? null };
    const apologyKept = step.state.apology ? now.getTime() <= Date.parse(step.state.apology.newDueAt) : null;
    const apologyIssuedInTime = step.state.apology ? step.state.apology.issuedInTime : null;
    step = emit(step, 'resolved', now, 'system', {
      data: { timeliness, outcome: principal.outcome ?? null, apologyKept, apologyIssuedInTime, wasOverdue: step.state.wasOverdue },
    });
  }
  if (step.state.snapshot.status === 'done') {
    const outcome = step.state.outcome ?? principal.outcome ?? null;
    step.state = { ...step.state, closed: true, outcome };
    step = emit(step, 'closed', now, 'system', { data: { outcome } });
  }
  return step;
}

/**
 * The event the law counts the period from (thụ lý: Luật Khiếu nại Art 28, "kể từ ngày thụ lý") starts
 * the period at its instant. The deadline that ran until then (thụ lý within 10 working days) is done
 * with; if it passed, `wasOverdue` keeps it and the case resolves late.
 */
function startPeriod(step: Step, before: CaseState, now: Date): Step {
  const periodStart = before.input.procedure.periodStart!;
  const startedAt = iso(now);
  const started: CaseState = {
    ...step.state,
    periodStartPending: false,
    periodStartedAt: startedAt,
    periodAdjustments: [],
    warned: false,
    overdue: false,
  };
  step.state = { ...started, statutoryDueAt: statutoryDueOf(started) };
  return emit(step, 'period_started', now, 'system', {
    data: {
      action: periodStart.action,
      event: periodStart.labelVi,
      source: periodStart.source ?? null,
      startedAt,
      previousDueAt: before.statutoryDueAt,
      period: before.input.procedure.period,
      statutoryDueAt: step.state.statutoryDueAt,
    },
  });
}

/** A legacy string actor's claimed unit, recorded as it was sent. */
function legacyActorUnit(request: ActionRequest): string | undefined {
  return typeof request.actor === 'string' ? request.actorUnit : undefined;
}
