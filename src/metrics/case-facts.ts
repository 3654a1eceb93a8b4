/**
 * One case's facts for the metrics, folded from its events alone (plus the procedure's static
 * data and, when recorded, the units and ward the case carries from its submission): what happened
 * when, how long it took in working time, and which unit held each step. Pure: the live projection and `motcua metrics rebuild` both call this, so they cannot differ.
 */
import { workingTimeBetween, type WorkingCalendar } from '../calendar/index.js';
import type { CaseEvent, CaseStatus, Timeliness } from '../cases/case-event.js';
import { REGION_DONE_TARGET } from '../procedures/standard-actions.js';
import { caseUnit, type CaseUnits } from '../cases/case-units.js';
import type { MetricProcedure } from './metric-procedures.js';
import { localDay } from './periods.js';

/** The applicant holds the case while it awaits a supplement: that time is theirs, not a unit's. */
export const APPLICANT = 'applicant';

/** A step that ended: who held it and for how long (the process-control slip, NĐ61 Art. 19, TT01 form 05). */
export interface StepRecord {
  /** The xstate path, e.g. `appraisal` or `consultation.tax`. */
  state: string;
  /** The unit that held the step, or `applicant` while awaiting a supplement. */
  unit: string;
  enteredAt: string;
  leftAt: string;
  /** Office minutes between entry and exit. */
  workingMinutes: number;
  /** The step's budget in office minutes (working-day and working-hour budgets), else null. */
  budgetMinutes: number | null;
  /** Over its budget (calendar-day budgets compare wall-clock time); null without a budget. */
  overBudget: boolean | null;
}

export interface CaseFacts {
  caseCode: string;
  procedureCode: string;
  field: string;
  onlineLevel: number;
  receivingUnit: string;
  /** The case's ward (from its ward units), or null for a district case that names none. */
  ward: string | null;
  channel: string;
  receivedAt: string;
  /** Refused at receipt (form 03): not a received dossier (NĐ61 Art. 15.3). */
  refused: boolean;
  status: CaseStatus;
  /** Overdue now (in progress past the statutory deadline). */
  overdue: boolean;
  /** Was overdue at some point (then perhaps resolved late). */
  wasOverdue: boolean;
  /** Start of the period in force: receipt, or the completed supplement (NĐ61 Art. 19.4). */
  periodStartedAt: string;
  statutoryDueAt: string | null;
  resolvedAt: string | null;
  timeliness: Timeliness | null;
  outcome: string | null;
  closedAt: string | null;
  /** Office minutes from the start of the period in force to the result. */
  resolutionMinutes: number | null;
  /** Office minutes past the statutory deadline, for a late result. */
  lateMinutes: number | null;
  supplementRequests: number;
  apology: { issuedAt: string; newDueAt: string | null; inTime: boolean; kept: boolean | null } | null;
  /** The post brought the result back after two failed deliveries (QĐ45). */
  postalReturnedAt: string | null;
  /** The first step that used up its budget (the engine's step_over_budget event). */
  firstOverBudget: { unit: string; state: string; at: string } | null;
  steps: StepRecord[];
  lastSeq: number;
}

const WARD_UNIT = /^P\.([A-Z]{3})(\.MC)?$/;

function wardOf(unit: string): string | null {
  return WARD_UNIT.exec(unit)?.[1] ?? null;
}

function budgetMinutesOf(budget: MetricProcedure['states'][string]['budget'], minutesPerDay: number): number | null {
  if (!budget) return null;
  if (budget.unit === 'working-days') return budget.amount * minutesPerDay;
  if (budget.unit === 'working-hours') return budget.amount * 60;
  return null;
}

/**
 * Folds a case's events (any order; sorted by seq here) into its facts. Returns null when the
 * events hold no `received` event (nothing to count yet).
 */
export function caseFacts(
  events: readonly CaseEvent[],
  procedure: MetricProcedure,
  calendar: WorkingCalendar,
  carried: { units?: CaseUnits | undefined; ward?: string | undefined } = {},
): CaseFacts | null {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const received = sorted.find((e) => e.type === 'received');
  if (!received) return null;
  const minutesPerDay = calendar.hours.perDayMs / 60_000;
  const minutes = (from: string, to: string) => workingTimeBetween(calendar, new Date(from), new Date(to)).minutes;

  // Units named by handoffs (concrete, ward roles resolved by the rules) and the case's ward.
  const handoffUnits = new Map<string, string>();
  // The ward the case was submitted with; older cases: read off District 7's ward unit codes.
  let ward = carried.ward ?? wardOf(received.unit);
  for (const event of sorted) {
    const handoffs = event.data.handoffs;
    if (!Array.isArray(handoffs)) continue;
    for (const handoff of handoffs as Array<{ state?: unknown; toUnit?: unknown }>) {
      if (typeof handoff.state === 'string' && typeof handoff.toUnit === 'string') {
        handoffUnits.set(handoff.state, handoff.toUnit);
        ward ??= wardOf(handoff.toUnit);
      }
    }
  }
  const unitOf = (path: string): string => {
    const info = procedure.states[path];
    if (!info) return received.unit;
    if (info.kind === 'awaiting-supplement') return APPLICANT;
    const named = handoffUnits.get(path);
    if (named) return named;
    // The case's own units (a loaded commune's), else the built-in list with the ward.
    const resolved = caseUnit({ units: carried.units, ward: ward ?? undefined }, info.unit);
    return resolved.ok ? resolved.unit.code : info.unit;
  };
  // A region that has answered waits for the others in its `done` state: nobody holds it.
  const tracked = (path: string) => {
    const kind = procedure.states[path]?.kind;
    return (kind === 'step' && !path.endsWith(`.${REGION_DONE_TARGET}`)) || kind === 'awaiting-supplement';
  };

  const facts: CaseFacts = {
    caseCode: received.caseCode,
    procedureCode: procedure.code,
    field: procedure.field,
    onlineLevel: procedure.onlineLevel,
    receivingUnit: received.unit,
    ward,
    channel: String(received.data.channel ?? 'desk'),
    receivedAt: received.at,
    refused: false,
    status: 'in_progress',
    overdue: false,
    wasOverdue: false,
    periodStartedAt: received.at,
    statutoryDueAt: received.dueAt,
    resolvedAt: null,
    timeliness: null,
    outcome: null,
    closedAt: null,
    resolutionMinutes: null,
    lateMinutes: null,
    supplementRequests: 0,
    apology: null,
    postalReturnedAt: null,
    firstOverBudget: null,
    steps: [],
    lastSeq: sorted.at(-1)!.seq,
  };

  let active = new Map<string, string>(); // path → entered at
  const overBudgetEntries = new Set<string>(); // `${path}@${enteredAt}` reported by the engine
  for (const event of sorted) {
    switch (event.type) {
      case 'action':
        if (event.data.action === 'request_supplement') {
          facts.supplementRequests += 1;
          facts.overdue = false; // the period stops (NĐ61 Art. 19.4)
        }
        if (event.toState?.endsWith('_post_returned')) facts.postalReturnedAt = event.at;
        break;
      case 'deadline_restarted':
        facts.periodStartedAt = event.at;
        facts.statutoryDueAt = event.dueAt;
        facts.overdue = false;
        if (facts.apology) facts.apology = { ...facts.apology, kept: null };
        break;
      case 'overdue':
        facts.overdue = true;
        facts.wasOverdue = true;
        break;
      case 'calendar_updated': {
        const due = typeof event.data.dueAt === 'string' ? event.data.dueAt : facts.statutoryDueAt;
        facts.statutoryDueAt = due;
        if (due && Date.parse(due) > Date.parse(event.at)) facts.overdue = false;
        break;
      }
      case 'step_over_budget': {
        const state = String(event.data.state);
        overBudgetEntries.add(`${state}@${String(event.data.enteredAt)}`);
        facts.firstOverBudget ??= { unit: event.unit, state, at: event.at };
        break;
      }
      case 'apology_issued': {
        const statutory = typeof event.data.statutoryDueAt === 'string' ? event.data.statutoryDueAt : facts.statutoryDueAt;
        // NĐ61 Art. 19.9: the letter is due at the latest one day before the deadline day.
        const inTime =
          typeof event.data.issuedInTime === 'boolean' ? event.data.issuedInTime : statutory !== null && localDay(event.at) < localDay(statutory);
        const newDueAt = typeof event.data.newDueAt === 'string' ? event.data.newDueAt : event.dueAt;
        facts.apology = { issuedAt: event.at, newDueAt, inTime, kept: null };
        break;
      }
      case 'resolved': {
        facts.resolvedAt = event.at;
        facts.timeliness = (event.data.timeliness as Timeliness | undefined) ?? null;
        facts.outcome = (event.data.outcome as string | null | undefined) ?? null;
        facts.overdue = false;
        facts.resolutionMinutes = minutes(facts.periodStartedAt, event.at);
        if (facts.timeliness === 'late' && facts.statutoryDueAt) facts.lateMinutes = minutes(facts.statutoryDueAt, event.at);
        if (facts.apology) facts.apology = { ...facts.apology, kept: typeof event.data.apologyKept === 'boolean' ? event.data.apologyKept : null };
        break;
      }
      case 'closed':
        facts.closedAt = event.at;
        facts.outcome = (event.data.outcome as string | null | undefined) ?? facts.outcome;
        facts.refused = facts.outcome === 'refused';
        break;
      default:
        break;
    }
    if (event.toState !== null) {
      const now = new Map<string, string>();
      for (const path of event.toState.split(' | ').filter(tracked)) now.set(path, active.get(path) ?? event.at);
      for (const [path, enteredAt] of active) {
        if (now.has(path)) continue;
        const info = procedure.states[path];
        const workingMinutes = minutes(enteredAt, event.at);
        const budgetMinutes = info?.kind === 'step' ? budgetMinutesOf(info.budget, minutesPerDay) : null;
        let overBudget: boolean | null = null;
        if (info?.kind === 'step' && info.budget) {
          overBudget =
            overBudgetEntries.has(`${path}@${enteredAt}`) ||
            (budgetMinutes !== null
              ? workingMinutes > budgetMinutes
              : Date.parse(event.at) - Date.parse(enteredAt) > info.budget.amount * 86_400_000);
        }
        facts.steps.push({ state: path, unit: unitOf(path), enteredAt, leftAt: event.at, workingMinutes, budgetMinutes, overBudget });
      }
      active = now;
    }
  }
  const activeKinds = [...active.keys()].map((path) => procedure.states[path]?.kind);
  facts.status = facts.closedAt
    ? 'closed'
    : facts.resolvedAt
      ? 'resolved'
      : activeKinds.includes('awaiting-supplement')
        ? 'awaiting_supplement'
        : 'in_progress';
  return facts;
}
