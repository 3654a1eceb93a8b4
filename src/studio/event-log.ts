/**
 * The recorded case events as a process-mining event log: one trace per case, one log event per
 * thing someone did (receipt, each action, the apology letter). Events the clock produced
 * (warning, overdue, step over budget) and derived ones (resolved, closed, deadline restarted,
 * calendar updated) are facts about time, not activities, and stay out of the log; they are kept
 * as trace attributes where they matter (timeliness). Pure: no I/O, no clock.
 */
import type { CaseEvent } from '../cases/case-event.js';

/** The activity name of the receipt event. */
export const RECEIVED_ACTIVITY = 'received';

export interface LogEvent {
  /** Unique within the log: `<case>#<seq>`. */
  id: string;
  seq: number;
  /** concept:name — the action's name (`accept`, `approve`, …) or `received`. */
  activity: string;
  /** time:timestamp (ISO instant). */
  at: string;
  /** org:resource — staff account, 'applicant', 'post' or 'system'. */
  resource: string;
  /** org:group — the unit that held the case when it happened. */
  group: string;
  /** State(s) before and after (` | ` between parallel regions). */
  fromState: string | null;
  toState: string | null;
}

export interface LogTrace {
  /** case:concept:name — the dossier code. */
  caseCode: string;
  procedureCode: string;
  procedureVersion: string;
  channel: string;
  receivedAt: string;
  /** From the `resolved` event; null while unresolved. */
  resolvedAt: string | null;
  timeliness: string | null;
  outcome: string | null;
  closed: boolean;
  events: LogEvent[];
}

const ACTIVITY_TYPES = new Set<CaseEvent['type']>(['received', 'action', 'apology_issued']);

function activityOf(event: CaseEvent): string {
  if (event.type === 'received') return RECEIVED_ACTIVITY;
  const action = event.data.action;
  return typeof action === 'string' ? action : event.type;
}

/**
 * Groups events (of any number of cases, in any order) into traces, ordered by receipt then case
 * code; events inside a trace by seq. A case whose `received` event is missing is left out (its
 * procedure and version are unknown).
 */
export function eventLogOf(events: readonly CaseEvent[]): LogTrace[] {
  const byCase = new Map<string, CaseEvent[]>();
  for (const event of events) {
    const list = byCase.get(event.caseCode);
    if (list) list.push(event);
    else byCase.set(event.caseCode, [event]);
  }
  const traces: LogTrace[] = [];
  for (const [caseCode, list] of byCase) {
    list.sort((a, b) => a.seq - b.seq);
    const received = list.find((e) => e.type === 'received');
    if (!received) continue;
    const resolved = list.find((e) => e.type === 'resolved');
    traces.push({
      caseCode,
      procedureCode: String(received.data.procedureCode),
      procedureVersion: String(received.data.procedureVersion),
      channel: String(received.data.channel),
      receivedAt: received.at,
      resolvedAt: resolved?.at ?? null,
      timeliness: resolved ? String(resolved.data.timeliness) : null,
      outcome: resolved ? (resolved.data.outcome as string | null) : null,
      closed: list.some((e) => e.type === 'closed'),
      events: list
        .filter((e) => ACTIVITY_TYPES.has(e.type))
        .map((e) => ({
          id: `${caseCode}#${e.seq}`,
          seq: e.seq,
          activity: activityOf(e),
          at: e.at,
          resource: e.actor,
          group: e.unit,
          fromState: e.fromState,
          toState: e.toState,
        })),
    });
  }
  return traces.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.caseCode.localeCompare(b.caseCode));
}

/** The parts of a state label that hold work: regions' `working` states named by their region, `done` regions dropped. */
export function workingParts(stateLabel: string | null): string[] {
  if (!stateLabel) return [];
  return stateLabel
    .split(' | ')
    .filter((part) => !part.endsWith('.done'))
    .map((part) => (part.endsWith('.working') ? part.slice(0, -'.working'.length) : part));
}

/** The top-level state of a label (`consultation` for `consultation.land.working | …`). */
export function topState(stateLabel: string | null): string | null {
  if (!stateLabel) return null;
  return stateLabel.split(' | ')[0]!.split('.')[0]!;
}

export interface Sojourn {
  /** A top-level state, or a parallel region (`consultation.land`). */
  state: string;
  enteredAt: string;
  leftAt: string;
  /** The activity that ended it. */
  leftBy: string;
}

/**
 * How long each state and region held the trace: entry at the event that made it appear, exit at
 * the event that made it disappear. States still held at the end have no sojourn.
 */
export function sojournsOf(trace: LogTrace): Sojourn[] {
  const held = new Map<string, string>();
  const sojourns: Sojourn[] = [];
  for (const event of trace.events) {
    if (event.fromState === event.toState) continue;
    const before = new Set([...workingParts(event.fromState), ...topLevels(event.fromState)]);
    const after = new Set([...workingParts(event.toState), ...topLevels(event.toState)]);
    for (const part of before) {
      if (after.has(part)) continue;
      const enteredAt = held.get(part);
      if (enteredAt !== undefined) sojourns.push({ state: part, enteredAt, leftAt: event.at, leftBy: event.activity });
      held.delete(part);
    }
    for (const part of after) if (!held.has(part)) held.set(part, event.at);
  }
  return sojourns;
}

function topLevels(stateLabel: string | null): string[] {
  const top = topState(stateLabel);
  return top ? [top] : [];
}
