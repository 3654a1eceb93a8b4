/**
 * The case rules: pure functions from (case, request, now) to (case, events).
 * The workflow owns time and persistence; everything it decides comes from here,
 * so every rule is testable without Temporal. No I/O, no clock, no randomness.
 */
import { createMachine, initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import {
  CalendarError,
  classifyResolution,
  createCalendar,
  dueInstant,
  workingTimeBetween,
  type CalendarData,
  type WorkingCalendar,
} from '../calendar/index.js';
import type { Period } from '../calendar/period.js';
import type { CompiledProcedure, StateInfo } from '../procedures/compiled-procedure.js';
import { resolveUnit } from '../procedures/units.js';
import type { Refusal } from '../errors.js';
import type { CaseEvent, CaseEventType, CaseProjection, CaseStatus, Timeliness } from './case-event.js';

export const channels = ['desk', 'online', 'post'] as const;
export type Channel = (typeof channels)[number];

export interface CaseInput {
  caseCode: string;
  procedure: CompiledProcedure;
  calendar: CalendarData;
  /** The lawful submission instant (for post: the signed handover to the agency). */
  receivedAt: string;
  channel: Channel;
  applicant: Record<string, unknown>;
  /** Concrete receiving unit (bộ phận một cửa), already resolved from the procedure's role. */
  receivingUnit: string;
  /** The case's ward, for procedures whose units are ward roles (`ward:desk`, `ward:committee`). */
  ward?: string | undefined;
}

export interface ActionRequest {
  action: string;
  /** Staff id, 'applicant', 'post' or 'system'. */
  actor: string;
  /** The unit the actor acts for (checked against the unit holding the case for staff actions). */
  actorUnit?: string | undefined;
  note?: string | undefined;
  /** For issue_apology: the new appointment date. */
  newDueAt?: string | undefined;
}

export interface CaseState {
  readonly input: CaseInput;
  readonly snapshot: AnyMachineSnapshot;
  readonly seq: number;
  /** When the current period started (receipt, or the completed supplement); null while stopped. */
  readonly periodStartedAt: string | null;
  readonly statutoryDueAt: string | null;
  readonly apology: { issuedAt: string; newDueAt: string } | null;
  readonly warned: boolean;
  readonly overdue: boolean;
  readonly resolvedAt: string | null;
  readonly timeliness: Timeliness | null;
  readonly outcome: string | null;
  /** Entry instant of each active state with a budget, and whether its overrun was reported. */
  readonly stepClocks: Readonly<Record<string, { enteredAt: string; overBudgetReported: boolean }>>;
  /** When the supplement request was made (the applicant's window runs from here). */
  readonly supplementRequestedAt: string | null;
  readonly closed: boolean;
  /**
   * Cases started before the warning rule was corrected keep the old rule (the workflow decides
   * with `patched()`), so their recorded histories still replay.
   */
  readonly legacyWarning: boolean;
}

export interface Step {
  state: CaseState;
  events: CaseEvent[];
}

// Compiled machines and calendars are reused across cases of the same version.
const machines = new Map<string, AnyStateMachine>();
const calendars = new Map<string, WorkingCalendar>();

export function machineOf(procedure: CompiledProcedure): AnyStateMachine {
  const key = `${procedure.code}@${procedure.version}`;
  let machine = machines.get(key);
  if (!machine) {
    machine = createMachine(procedure.machine as never);
    machines.set(key, machine);
  }
  return machine;
}

/**
 * The calendar for queries about instants near `near`. A calendar first covers a few years around
 * them: its day table is built in every workflow's sandbox (and on every replay), and six years cost
 * a fraction of the default 87. Answers do not depend on the range, so a query that runs past it is
 * simply asked again of the full-range calendar.
 */
function onCalendar<T>(data: CalendarData, near: string | Date, query: (calendar: WorkingCalendar) => T): T {
  const year = new Date(near).getUTCFullYear();
  try {
    return query(calendarOf(data, { firstYear: year - 1, lastYear: year + 4 }));
  } catch (error) {
    if (error instanceof CalendarError && error.code === 'CALENDAR_OUT_OF_RANGE') return query(calendarOf(data));
    throw error;
  }
}

export function calendarOf(data: CalendarData, range?: { firstYear: number; lastYear: number }): WorkingCalendar {
  const key = range ? `${data.version}@${range.firstYear}-${range.lastYear}` : data.version;
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = createCalendar(data, range);
    calendars.set(key, calendar);
  }
  return calendar;
}

/** Dot-joined paths of the active atomic states, e.g. ['consultation.tax', 'consultation.land']. */
export function activePaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix + value];
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => activePaths(child, `${prefix}${key}.`));
  }
  return [];
}

/** A state's description with its unit made concrete for this case (ward roles → the case's ward). */
function stateInfo(state: CaseState, path: string): StateInfo {
  const info = state.input.procedure.states[path];
  if (!info) throw new Error(`compiled procedure ${state.input.procedure.code} has no state info for ${path}`);
  const resolved = resolveUnit(info.unit, state.input.ward);
  if (!resolved.ok) throw new Error(`case ${state.input.caseCode}, state ${path}: ${resolved.message}`);
  return resolved.unit.code === info.unit ? info : { ...info, unit: resolved.unit.code };
}

function stateInfos(state: CaseState): StateInfo[] {
  return activePaths(state.snapshot.value).map((path) => stateInfo(state, path));
}

/** The state that speaks for the case: the lead of a parallel consultation, else the only one. */
export function principalState(state: CaseState): StateInfo {
  const infos = stateInfos(state);
  return infos.find((i) => i.lead) ?? infos[0]!;
}

export function stateLabel(state: CaseState): string {
  return activePaths(state.snapshot.value).join(' | ');
}

function kindOf(state: CaseState): StateInfo['kind'] {
  const infos = stateInfos(state);
  return infos.find((i) => i.kind !== 'step')?.kind ?? 'step';
}

export function statusOf(state: CaseState): CaseStatus {
  if (state.closed) return 'closed';
  if (state.resolvedAt) return 'resolved';
  return kindOf(state) === 'awaiting-supplement' ? 'awaiting_supplement' : 'in_progress';
}

/** The deadline in force: the apology's new date once issued, else the statutory one. */
export function dueAtInForce(state: CaseState): string | null {
  if (state.periodStartedAt === null) return null;
  return state.apology?.newDueAt ?? state.statutoryDueAt;
}

function iso(date: Date): string {
  return date.toISOString();
}

function addPeriod(state: CaseState, from: string, period: Period): string {
  return iso(onCalendar(state.input.calendar, from, (calendar) => dueInstant(calendar, new Date(from), period)));
}

/** Step budgets in working days count office time from entry, not from the next day. */
function budgetAsWorkingHours(state: CaseState, budget: Period): Period {
  if (budget.unit !== 'working-days') return budget;
  const hoursPerDay = calendarOf(state.input.calendar).hours.perDayMs / 3_600_000;
  return { amount: budget.amount * hoursPerDay, unit: 'working-hours' };
}

function makeEvent(
  state: CaseState,
  seq: number,
  type: CaseEventType,
  now: Date,
  actor: string,
  fields: Partial<Pick<CaseEvent, 'fromState' | 'toState' | 'data' | 'unit'>> = {},
): CaseEvent {
  return {
    caseCode: state.input.caseCode,
    seq,
    type,
    at: iso(now),
    actor,
    unit: fields.unit ?? principalState(state).unit,
    fromState: fields.fromState ?? null,
    toState: fields.toState ?? stateLabel(state),
    dueAt: dueAtInForce(state),
    data: fields.data ?? {},
  };
}

/** Appends an event built against the state as it is *after* the change. */
function emit(step: Step, type: CaseEventType, now: Date, actor: string, fields?: Parameters<typeof makeEvent>[5]): Step {
  const seq = step.state.seq + 1;
  const state = { ...step.state, seq };
  return { state, events: [...step.events, makeEvent(state, seq, type, now, actor, fields)] };
}

function refreshStepClocks(previous: CaseState['stepClocks'], state: CaseState, now: Date): CaseState['stepClocks'] {
  const next: Record<string, { enteredAt: string; overBudgetReported: boolean }> = {};
  for (const info of stateInfos(state)) {
    if (!info.budget) continue;
    next[info.path] = previous[info.path] ?? { enteredAt: iso(now), overBudgetReported: false };
  }
  return next;
}

export function startCase(input: CaseInput, options: { legacyWarning?: boolean } = {}): Step {
  const machine = machineOf(input.procedure);
  const [snapshot] = initialTransition(machine);
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
    resolvedAt: null,
    timeliness: null,
    outcome: null,
    stepClocks: {},
    supplementRequestedAt: null,
    closed: false,
    legacyWarning: options.legacyWarning ?? false,
  };
  const state: CaseState = {
    ...base,
    statutoryDueAt: addPeriod(base, input.receivedAt, input.procedure.period),
    stepClocks: refreshStepClocks({}, base, receivedAt),
  };
  return emit({ state, events: [] }, 'received', receivedAt, input.channel === 'post' ? 'post' : 'applicant', {
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
export function checkAction(state: CaseState, request: ActionRequest): Refusal | null {
  const procedure = state.input.procedure;
  const action = procedure.actions[request.action];
  const here = stateLabel(state);
  if (state.closed) return { code: 'CASE_CLOSED', params: { caseCode: state.input.caseCode } };
  if (!action || !state.snapshot.can({ type: request.action })) {
    return { code: 'CASE_ACTION_NOT_ALLOWED', params: { action: request.action, state: here } };
  }
  if (action.by === 'system') return { code: 'CASE_ACTION_NOT_ALLOWED', params: { action: request.action, state: here } };
  // Delivery events come only from the postal operator's webhook, and the post sends nothing else.
  if ((action.by === 'post') !== (request.actor === 'post')) {
    return { code: 'CASE_ACTION_NOT_ALLOWED', params: { action: request.action, state: here } };
  }
  if (action.by === 'staff' && request.actorUnit !== undefined) {
    const units = stateInfos(state).map((i) => i.unit);
    if (!units.includes(request.actorUnit)) {
      return {
        code: 'CASE_ACTION_WRONG_UNIT',
        params: { action: request.action, actorUnit: request.actorUnit, unit: units.join(', ') },
      };
    }
  }
  if (request.action === 'issue_apology') {
    if (state.apology) return { code: 'CASE_APOLOGY_ALREADY_ISSUED', params: {} };
    const statutory = state.statutoryDueAt;
    if (!request.newDueAt || Number.isNaN(Date.parse(request.newDueAt))) {
      return { code: 'CASE_ACTION_DATA_INVALID', params: { action: request.action, detail: 'newDueAt (ISO instant) is required' } };
    }
    if (statutory && Date.parse(request.newDueAt) <= Date.parse(statutory)) {
      return {
        code: 'CASE_ACTION_DATA_INVALID',
        params: { action: request.action, detail: `newDueAt must be after the deadline ${statutory}` },
      };
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

/** The units holding the case now (several during a parallel consultation). */
export function holdingUnits(state: CaseState): string[] {
  return [...new Set(stateInfos(state).map((i) => i.unit))];
}

/** Applies an action a caller sent; one that checkAction refuses throws (the validator refuses it first). */
export function applyAction(state: CaseState, request: ActionRequest, now: Date): Step {
  const refusal = checkAction(state, request);
  if (refusal) throw new Error(`${refusal.code}: ${JSON.stringify(refusal.params)}`);
  return transitionCase(state, request, now);
}

/** Moves the machine and derives the clock and the events; shared by callers' actions and the workflow's own. */
function transitionCase(state: CaseState, request: ActionRequest, now: Date): Step {
  const before = stateLabel(state);
  const beforeUnit = principalState(state).unit;
  const beforeKind = kindOf(state);
  const [snapshot] = transition(machineOf(state.input.procedure), state.snapshot, { type: request.action });
  let next: CaseState = { ...state, snapshot };
  next = { ...next, stepClocks: refreshStepClocks(state.stepClocks, next, now) };

  const data: Record<string, unknown> = { action: request.action, fromUnit: beforeUnit, heldBy: holdingUnits(state) };
  if (request.note) data.note = request.note;
  const handoffs = handoffsBetween(state, next);
  if (handoffs.length > 0) data.handoffs = handoffs;
  let step: Step = { state: next, events: [] };

  if (request.action === 'issue_apology') {
    step.state = { ...step.state, apology: { issuedAt: iso(now), newDueAt: request.newDueAt! } };
    return emit(step, 'apology_issued', now, request.actor, {
      fromState: before,
      unit: beforeUnit,
      data: { ...data, newDueAt: request.newDueAt, statutoryDueAt: state.statutoryDueAt },
    });
  }

  const kindAfter = kindOf(step.state);
  if (kindAfter === 'awaiting-supplement' && beforeKind !== 'awaiting-supplement') {
    // The period stops; it will restart from zero when the dossier is complete (NĐ61 Art. 19.4).
    step.state = { ...step.state, periodStartedAt: null, supplementRequestedAt: iso(now), warned: false, overdue: false };
  }
  step = emit(step, 'action', now, request.actor, { fromState: before, unit: beforeUnit, data });

  if (beforeKind === 'awaiting-supplement' && kindAfter === 'step') {
    const restartedAt = iso(now);
    step.state = {
      ...step.state,
      periodStartedAt: restartedAt,
      supplementRequestedAt: null,
      apology: null,
      statutoryDueAt: addPeriod(step.state, restartedAt, state.input.procedure.period),
    };
    step = emit(step, 'deadline_restarted', now, 'system', { data: { restartedAt } });
  }

  const principal = principalState(step.state);
  if (kindAfter === 'resolution' && !state.resolvedAt) {
    const due = step.state.statutoryDueAt;
    const timeliness = due ? onCalendar(state.input.calendar, due, (calendar) => classifyResolution(calendar, now, new Date(due))) : 'on_time';
    step.state = { ...step.state, resolvedAt: iso(now), timeliness, outcome: principal.outcome ?? null };
    const apologyKept = step.state.apology ? now.getTime() <= Date.parse(step.state.apology.newDueAt) : null;
    step = emit(step, 'resolved', now, 'system', { data: { timeliness, outcome: principal.outcome ?? null, apologyKept } });
  }
  if (step.state.snapshot.status === 'done') {
    const outcome = step.state.outcome ?? principal.outcome ?? null;
    step.state = { ...step.state, closed: true, outcome };
    step = emit(step, 'closed', now, 'system', { data: { outcome } });
  }
  return step;
}

function clockRunning(state: CaseState): boolean {
  return !state.closed && !state.resolvedAt && state.periodStartedAt !== null;
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
  const leadMinutes = (2 * calendarOf(state.input.calendar).hours.perDayMs) / 60_000;
  const totalMinutes = onCalendar(state.input.calendar, start, (calendar) => workingTimeBetween(calendar, new Date(start), new Date(due)).minutes);
  if (totalMinutes <= leadMinutes) return start;
  return addPeriod(state, start, { amount: (totalMinutes - leadMinutes) / 60, unit: 'working-hours' });
}

/** The first rule: N−2 working days from the start for working-day periods, else at once. */
function legacyWarningAt(state: CaseState, start: string): string {
  const { period } = state.input.procedure;
  if (period.unit !== 'working-days' || period.amount <= 2) return start;
  return addPeriod(state, start, { amount: period.amount - 2, unit: 'working-days' });
}

function stepBudgetEnds(state: CaseState): Array<{ path: string; endsAt: string }> {
  return Object.entries(state.stepClocks)
    .filter(([, clock]) => !clock.overBudgetReported)
    .map(([path, clock]) => ({
      path,
      endsAt: addPeriod(state, clock.enteredAt, budgetAsWorkingHours(state, state.input.procedure.states[path]!.budget!)),
    }));
}

function supplementWindowEnd(state: CaseState): string | null {
  if (!state.supplementRequestedAt || state.closed) return null;
  return addPeriod(state, state.supplementRequestedAt, state.input.procedure.supplementWindow);
}

/** When the workflow must wake up next to run `onTime`, or null when nothing is pending. */
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
export function onTime(state: CaseState, now: Date): Step {
  let step: Step = { state, events: [] };
  const t = now.getTime();
  if (clockRunning(state)) {
    const warning = warningAt(state);
    if (!state.warned && warning && Date.parse(warning) <= t) {
      step.state = { ...step.state, warned: true };
      step = emit(step, 'deadline_warning', now, 'system', { data: { statutoryDueAt: state.statutoryDueAt } });
    }
    if (!state.overdue && state.statutoryDueAt && Date.parse(state.statutoryDueAt) <= t) {
      step.state = { ...step.state, overdue: true };
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
  if (supplementEnd && Date.parse(supplementEnd) <= t && step.state.snapshot.can({ type: 'supplement_window_expired' })) {
    const applied = transitionCase(step.state, { action: 'supplement_window_expired', actor: 'system' }, now);
    step = { state: applied.state, events: [...step.events, ...applied.events] };
  }
  return step;
}

/** Swaps in a new calendar version: deadlines are recomputed from the same starting instants. */
export function changeCalendar(state: CaseState, calendar: CalendarData, now: Date): Step {
  if (calendar.version === state.input.calendar.version) return { state, events: [] };
  const previousDue = state.statutoryDueAt;
  let next: CaseState = { ...state, input: { ...state.input, calendar } };
  if (next.periodStartedAt && !next.resolvedAt) {
    next = { ...next, statutoryDueAt: addPeriod(next, next.periodStartedAt, next.input.procedure.period) };
    // A later deadline may undo an overdue/warning that fired under the old calendar.
    if (next.statutoryDueAt && Date.parse(next.statutoryDueAt) > now.getTime()) next = { ...next, overdue: false };
  }
  return emit({ state: next, events: [] }, 'calendar_updated', now, 'system', {
    data: { calendarVersion: calendar.version, previousDueAt: previousDue, dueAt: next.statutoryDueAt },
  });
}

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
