/**
 * The state of one case and what can be read off it: its types, active states, holding units,
 * status, and the events built against it. Pure.
 */
import type { AnyMachineSnapshot } from 'xstate';
import type { CalendarData } from '../calendar/index.js';
import type { CompiledProcedure, StateInfo } from '../procedures/compiled-procedure.js';
import type { CaseEvent, CaseEventType, CaseStatus, Timeliness } from './case-event.js';
import { iso } from './case-calendar.js';
import type { Actor } from './actor.js';
import type { PeriodAdjustment } from './statutory-period.js';
import { caseUnit, type CaseUnits } from './case-units.js';

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
  /**
   * The procedure's unit references made concrete from the deployment's unit directory at
   * submission (case-units.ts). Absent in cases started before units were data: the built-in list.
   */
  units?: CaseUnits | undefined;
  /** The desk officer who received the dossier (absent in cases started before accounts). */
  receivedBy?: Actor | undefined;
}

export interface ActionRequest {
  action: string;
  /**
   * Who acts, as data (the API takes it from the session, never from the body). A string only in
   * requests recorded before accounts existed ('post', 'system' or a free staff id): the legacy path.
   */
  actor: Actor | string;
  /** Legacy requests only: the unit a string actor claimed (checked against the unit holding the case). */
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
  /** The apology letter with a new date (form 04): once per dossier. */
  readonly apology: ApologyRecord | null;
  readonly warned: boolean;
  /** The deadline of the current period passed while the case was in progress. */
  readonly overdue: boolean;
  /** Some period of this case ran past its deadline: history, never cleared. */
  readonly wasOverdue: boolean;
  /** Supplement requests made during processing (after receipt): at most one (NĐ61 Art. 19.4). */
  readonly processingSupplementRequests: number;
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
  /** Extensions invoked (by id): each once per case. */
  readonly extensionsUsed: readonly string[];
  /** While in a step excluded from the period: when the clock paused; else null. */
  readonly clockPausedAt: string | null;
  /** Working minutes spent in excluded steps, added to the deadline. */
  readonly excludedWorkingMinutes: number;
  /**
   * The period waits for the event the law counts it from (`procedure.periodStart`, e.g. thụ lý); until
   * then the clock runs on that event's own deadline, if any. False for procedures counted from receipt.
   */
  readonly periodStartPending: boolean;
  /** Extensions and excluded time that moved the current period's deadline, in order (see statutory-period.ts). */
  readonly periodAdjustments: readonly PeriodAdjustment[];
  /**
   * Cases started before the integrity rules (supplement window and once-only request, apology once
   * per dossier, overdue never cleared) keep the old rules, so their recorded histories still replay.
   */
  readonly legacyIntegrity: boolean;
}

export interface ApologyRecord {
  issuedAt: string;
  newDueAt: string;
  /** Issued no later than one working day before the deadline (NĐ61 Art. 19.9). */
  issuedInTime: boolean;
  /** The latest lawful instant for it: one working day before the statutory deadline. */
  latestAt: string | null;
  /** The period it belongs to; a restarted period does not take over its new date. */
  periodStartedAt: string | null;
}

export interface Step {
  state: CaseState;
  events: CaseEvent[];
}

/** Rule versions a case runs under, chosen once by the workflow with `patched()`. */
export interface RuleVersions {
  legacyWarning?: boolean;
  legacyIntegrity?: boolean;
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
export function stateInfo(state: CaseState, path: string): StateInfo {
  const info = state.input.procedure.states[path];
  if (!info) throw new Error(`compiled procedure ${state.input.procedure.code} has no state info for ${path}`);
  const resolved = caseUnit(state.input, info.unit);
  if (!resolved.ok) throw new Error(`case ${state.input.caseCode}, state ${path}: ${resolved.message}`);
  return resolved.unit.code === info.unit ? info : { ...info, unit: resolved.unit.code };
}

export function stateInfos(state: CaseState): StateInfo[] {
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

export function kindOf(state: CaseState): StateInfo['kind'] {
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
  if (state.periodStartedAt === null || state.clockPausedAt !== null) return null;
  const apology = state.apology;
  if (apology && apology.periodStartedAt === state.periodStartedAt) return apology.newDueAt;
  return state.statutoryDueAt;
}
/** Whether the case is in a step whose time the law leaves out of the period. */
export function inExcludedStep(state: CaseState): boolean {
  return stateInfos(state).some((info) => info.excludedFromPeriod === true);
}

/** The units holding the case now (several during a parallel consultation). */
export function holdingUnits(state: CaseState): string[] {
  return [...new Set(stateInfos(state).map((i) => i.unit))];
}


/** Who an event names: the account (with its unit), 'post' or 'system'; legacy string actors as they were. */
export type EventActor = Actor | string;

function eventActor(actor: EventActor): Pick<CaseEvent, 'actor' | 'actorUnit'> {
  if (typeof actor === 'string') return { actor, actorUnit: null };
  return actor.kind === 'staff' ? { actor: actor.account, actorUnit: actor.unit } : { actor: actor.kind, actorUnit: null };
}

export function makeEvent(
  state: CaseState,
  seq: number,
  type: CaseEventType,
  now: Date,
  actor: EventActor,
  fields: Partial<Pick<CaseEvent, 'fromState' | 'toState' | 'data' | 'unit' | 'actorUnit'>> = {},
): CaseEvent {
  const who = eventActor(actor);
  return {
    caseCode: state.input.caseCode,
    seq,
    type,
    at: iso(now),
    actor: who.actor,
    actorUnit: fields.actorUnit ?? who.actorUnit,
    unit: fields.unit ?? principalState(state).unit,
    fromState: fields.fromState ?? null,
    toState: fields.toState ?? stateLabel(state),
    dueAt: dueAtInForce(state),
    data: fields.data ?? {},
  };
}

/** Appends an event built against the state as it is *after* the change. */
export function emit(step: Step, type: CaseEventType, now: Date, actor: EventActor, fields?: Parameters<typeof makeEvent>[5]): Step {
  const seq = step.state.seq + 1;
  const state = { ...step.state, seq };
  return { state, events: [...step.events, makeEvent(state, seq, type, now, actor, fields)] };
}
