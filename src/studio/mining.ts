/**
 * How a procedure really runs, from its event log: the variants (sequences of activities) with
 * their frequencies and durations, the rework loops (a step entered again), and the steps where
 * time is lost (working time held against the step's budget), per procedure version.
 * Durations are office time on the working-day calendar, in working days of 8 office hours.
 * Pure: the calendar and the compiled procedures come in as data.
 */
import { workingTimeBetween, type WorkingCalendar } from '../calendar/index.js';
import type { CompiledProcedure } from '../procedures/compiled-procedure.js';
import { sojournsOf, topState, type LogTrace } from './event-log.js';
import { quantile } from './statistics.js';

export interface Variant {
  activities: string[];
  cases: number;
  /** Share of the version's cases. */
  share: number;
  /** Receipt to resolution (or to the last event while unresolved), working days. */
  meanWorkingDays: number;
  medianWorkingDays: number;
}

export interface ReworkLoop {
  /** The step entered more than once. */
  state: string;
  /** Cases that entered it again, and the extra entries. */
  cases: number;
  extraEntries: number;
}

export interface StepTime {
  state: string;
  unit: string | null;
  visits: number;
  meanWorkingDays: number;
  p90WorkingDays: number;
  totalWorkingDays: number;
  budgetWorkingDays: number | null;
  /** Visits that held the case longer than the budget. */
  overBudget: number;
  /** Working days beyond the budget, summed over visits: the time lost here. */
  lostWorkingDays: number;
}

export interface VersionMining {
  procedureCode: string;
  procedureVersion: string;
  cases: number;
  resolved: number;
  /** early + on_time among resolved. */
  onTime: number;
  variants: Variant[];
  loops: ReworkLoop[];
  /** Sorted by time lost, then total time. */
  steps: StepTime[];
}

export function workingDaysBetween(calendar: WorkingCalendar, from: string, to: string): number {
  return workingTimeBetween(calendar, new Date(from), new Date(to)).minutes / (calendar.hours.perDayMs / 60_000);
}

/** A budget in working days of office time, or null when it counts otherwise. */
function budgetInWorkingDays(procedure: CompiledProcedure | undefined, state: string): number | null {
  const budget = procedure?.states[state]?.budget;
  if (!budget) return null;
  if (budget.unit === 'working-days') return budget.amount;
  if (budget.unit === 'working-hours') return budget.amount / 8;
  return null;
}

export const variantKey = (activities: readonly string[]): string => activities.join(' → ');

/**
 * @param procedures compiled procedures by version (for budgets and units); a version missing
 *   here is mined without budgets.
 */
export function mineEventLog(calendar: WorkingCalendar, traces: readonly LogTrace[], procedures: ReadonlyMap<string, CompiledProcedure> = new Map()): VersionMining[] {
  const byVersion = new Map<string, LogTrace[]>();
  for (const trace of traces) {
    const key = `${trace.procedureCode}@${trace.procedureVersion}`;
    const list = byVersion.get(key);
    if (list) list.push(trace);
    else byVersion.set(key, [trace]);
  }
  return [...byVersion.values()]
    .map((list) => mineVersion(calendar, list, procedures.get(list[0]!.procedureVersion)))
    .sort((a, b) => a.procedureCode.localeCompare(b.procedureCode) || b.cases - a.cases);
}

function mineVersion(calendar: WorkingCalendar, traces: LogTrace[], procedure: CompiledProcedure | undefined): VersionMining {
  const first = traces[0]!;
  const variants = new Map<string, { activities: string[]; durations: number[] }>();
  const loops = new Map<string, ReworkLoop>();
  const stepDurations = new Map<string, number[]>();
  for (const trace of traces) {
    const activities = trace.events.map((e) => e.activity);
    const end = trace.resolvedAt ?? trace.events.at(-1)!.at;
    const key = variantKey(activities);
    const variant = variants.get(key) ?? { activities, durations: [] };
    variant.durations.push(workingDaysBetween(calendar, trace.receivedAt, end));
    variants.set(key, variant);

    const entries = new Map<string, number>();
    let previous: string | null = null;
    for (const event of trace.events) {
      const top = topState(event.toState);
      if (top && top !== previous) entries.set(top, (entries.get(top) ?? 0) + 1);
      previous = top;
    }
    for (const [state, count] of entries) {
      if (count < 2) continue;
      const loop = loops.get(state) ?? { state, cases: 0, extraEntries: 0 };
      loop.cases += 1;
      loop.extraEntries += count - 1;
      loops.set(state, loop);
    }
    for (const sojourn of sojournsOf(trace)) {
      const list = stepDurations.get(sojourn.state) ?? [];
      list.push(workingDaysBetween(calendar, sojourn.enteredAt, sojourn.leftAt));
      stepDurations.set(sojourn.state, list);
    }
  }
  const resolved = traces.filter((t) => t.resolvedAt !== null);
  return {
    procedureCode: first.procedureCode,
    procedureVersion: first.procedureVersion,
    cases: traces.length,
    resolved: resolved.length,
    onTime: resolved.filter((t) => t.timeliness === 'early' || t.timeliness === 'on_time').length,
    variants: [...variants.values()]
      .map(({ activities, durations }) => ({
        activities,
        cases: durations.length,
        share: durations.length / traces.length,
        meanWorkingDays: mean(durations),
        medianWorkingDays: quantile(durations, 0.5),
      }))
      .sort((a, b) => b.cases - a.cases || variantKey(a.activities).localeCompare(variantKey(b.activities))),
    loops: [...loops.values()].sort((a, b) => b.extraEntries - a.extraEntries || a.state.localeCompare(b.state)),
    steps: [...stepDurations]
      .map(([state, durations]) => stepTime(state, durations, procedure))
      .sort((a, b) => b.lostWorkingDays - a.lostWorkingDays || b.totalWorkingDays - a.totalWorkingDays || a.state.localeCompare(b.state)),
  };
}

function stepTime(state: string, durations: number[], procedure: CompiledProcedure | undefined): StepTime {
  const budget = budgetInWorkingDays(procedure, state);
  const over = budget === null ? [] : durations.filter((d) => d > budget);
  return {
    state,
    unit: procedure?.states[state]?.unit ?? null,
    visits: durations.length,
    meanWorkingDays: mean(durations),
    p90WorkingDays: quantile(durations, 0.9),
    totalWorkingDays: durations.reduce((sum, d) => sum + d, 0),
    budgetWorkingDays: budget,
    overBudget: over.length,
    lostWorkingDays: budget === null ? 0 : over.reduce((sum, d) => sum + (d - budget), 0),
  };
}

const mean = (values: readonly number[]): number => (values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length);
