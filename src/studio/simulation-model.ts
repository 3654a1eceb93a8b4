/**
 * What a simulation runs: a procedure version's steps (receipt, designer steps, parallel regions),
 * each with a duration distribution and the probabilities of its ways out. Fitted from the recorded
 * history of the same procedure code when a step has enough observations (its working time, per
 * step id, so a draft that keeps a step keeps its history), otherwise derived from the step's
 * budget — and the model says which. Pure.
 */
import type { Period } from '../calendar/period.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { CompiledProcedure } from '../procedures/compiled-procedure.js';
import type { MachineStateNode } from '../procedures/machine-builder.js';
import { sojournsOf, type LogTrace } from './event-log.js';
import { workingDaysBetween } from './mining.js';

/** Below this many observations a step's durations (or ways out) come from the design. */
export const MIN_OBSERVATIONS = 20;

/** Targets that end a simulated case. */
export const RESOLVED = -1;

/**
 * Budget-derived durations, an assumption stated in every result: log-normal with the median at
 * half the budget and the 90th percentile at the budget (most cases well inside it, one in ten over).
 */
export const BUDGET_MEDIAN_SHARE = 0.5;
const Z90 = 1.2815515655446004;

export type DurationSource = 'history' | 'budget' | 'none';

export interface DurationModel {
  source: DurationSource;
  /** Observed working minutes, sorted (history). */
  observed: number[];
  /** Log-normal parameters of working minutes (budget). */
  mu: number;
  sigma: number;
}

export interface ExitModel {
  action: string;
  /** Index of the next step in `steps`, or RESOLVED. */
  target: number;
  targetState: string;
  /** Observed uses (history) or design weight. */
  weight: number;
}

export interface StepModel {
  state: string;
  unit: string;
  budget: Period | null;
  /** The budget in office minutes (calendar days counted as 5/7 working days), null without one. */
  budgetMinutes: number | null;
  /** A task step's own duration; unused for a parallel step, which lasts as long as its longest region. */
  duration: DurationModel;
  regions: Array<{ state: string; unit: string; budget: Period | null; budgetMinutes: number | null; duration: DurationModel }>;
  exits: ExitModel[];
  exitSource: 'history' | 'design';
  /** Exit observations (indices into `exits`), for resampling. */
  exitObservations: number[];
}

export interface ArrivalRates {
  source: 'history' | 'none';
  /** Cases per working day, by channel. */
  perWorkingDay: Record<string, number>;
  total: number;
}

export interface SimulationModel {
  procedureCode: string;
  procedureVersion: string;
  period: Period;
  steps: StepModel[];
  /** Index of receipt. */
  start: number;
  arrivals: ArrivalRates;
  /** Office minutes in one working day. */
  minutesPerDay: number;
  historyCases: number;
}

type Machine = { initial: string; states: Record<string, MachineStateNode> };

/** Generated actions that leave the simulated path (the case stops or waits outside the period). */
const OFF_PATH_ACTIONS = new Set(['request_supplement', 'withdraw', 'refuse', 'issue_apology']);

export function budgetInMinutes(budget: Period | null | undefined, minutesPerDay: number): number | null {
  if (!budget) return null;
  switch (budget.unit) {
    case 'working-days':
      return budget.amount * minutesPerDay;
    case 'working-hours':
      return budget.amount * 60;
    case 'same-day':
      return minutesPerDay;
    case 'calendar-days':
      return (budget.amount * 5 * minutesPerDay) / 7;
  }
}

function budgetDuration(budgetMinutes: number | null): DurationModel {
  if (budgetMinutes === null || budgetMinutes <= 0) return { source: 'none', observed: [], mu: 0, sigma: 0 };
  const median = budgetMinutes * BUDGET_MEDIAN_SHARE;
  return { source: 'budget', observed: [], mu: Math.log(median), sigma: Math.log(budgetMinutes / median) / Z90 };
}

function fitDuration(observed: number[] | undefined, budgetMinutes: number | null, minObservations: number): DurationModel {
  if (observed && observed.length >= minObservations) {
    return { source: 'history', observed: [...observed].sort((a, b) => a - b), mu: 0, sigma: 0 };
  }
  return budgetDuration(budgetMinutes);
}

export interface ModelOptions {
  minObservations?: number;
}

/**
 * @param history traces of this procedure code (any version: steps are matched by id)
 */
export function buildSimulationModel(procedure: CompiledProcedure, history: readonly LogTrace[], calendar: WorkingCalendar, options: ModelOptions = {}): SimulationModel {
  const minObservations = options.minObservations ?? MIN_OBSERVATIONS;
  const minutesPerDay = calendar.hours.perDayMs / 60_000;
  const machine = procedure.machine as Machine;
  const stepStates = Object.keys(machine.states).filter((key) => procedure.states[key]?.kind === 'step');
  const indexOf = new Map(stepStates.map((state, index) => [state, index]));

  const durations = new Map<string, number[]>();
  const exitsSeen = new Map<string, string[]>();
  const own = history.filter((trace) => trace.procedureCode === procedure.code);
  for (const trace of own) {
    for (const sojourn of sojournsOf(trace)) {
      const minutes = workingDaysBetween(calendar, sojourn.enteredAt, sojourn.leftAt) * minutesPerDay;
      if (OFF_PATH_ACTIONS.has(sojourn.leftBy)) continue; // a partial stay: the case left the path
      push(durations, sojourn.state, minutes);
      push(exitsSeen, sojourn.state, sojourn.leftBy);
    }
  }

  const depth = depthsFrom(machine, procedure, 'receipt');
  const steps: StepModel[] = stepStates.map((state) => {
    const node = machine.states[state]!;
    const info = procedure.states[state]!;
    const budget = info.budget ?? null;
    const budgetMinutes = budgetInMinutes(budget, minutesPerDay);
    const regions = Object.keys(node.type === 'parallel' ? (node.states ?? {}) : {}).map((key) => {
      const regionState = `${state}.${key}`;
      const regionInfo = procedure.states[regionState]!;
      const regionBudgetMinutes = budgetInMinutes(regionInfo.budget, minutesPerDay);
      return {
        state: regionState,
        unit: regionInfo.unit,
        budget: regionInfo.budget ?? null,
        budgetMinutes: regionBudgetMinutes,
        duration: fitDuration(durations.get(regionState), regionBudgetMinutes, minObservations),
      };
    });
    const exitPairs: Array<[string, string]> =
      node.type === 'parallel' && node.onDone
        ? [['(all regions done)', node.onDone.target]]
        : Object.entries(node.on ?? {}).flatMap(([action, transition]) =>
            'target' in transition && !OFF_PATH_ACTIONS.has(action) ? [[action, transition.target] as [string, string]] : [],
          );
    const exits = exitPairs
      .filter(([, target]) => indexOf.has(target) || procedure.states[target]?.kind === 'resolution')
      .map(([action, target]) => ({ action, targetState: target, target: indexOf.get(target) ?? RESOLVED, weight: 0 }));
    const seen = node.type === 'parallel' ? [] : (exitsSeen.get(state) ?? []).filter((action) => exits.some((e) => e.action === action));
    const exitSource = node.type !== 'parallel' && seen.length >= minObservations ? 'history' : 'design';
    const exitObservations = exitSource === 'history' ? seen.map((action) => exits.findIndex((e) => e.action === action)) : [];
    for (const exit of exits) {
      exit.weight =
        exitSource === 'history'
          ? seen.filter((action) => action === exit.action).length
          : designWeight(exit, depth.get(state) ?? 0, depth, exits.length);
    }
    // A design with only loops and rejections still has to move: fall back to equal weights.
    if (exits.length > 0 && exits.every((e) => e.weight === 0)) for (const exit of exits) exit.weight = 1;
    return {
      state,
      unit: info.unit,
      budget,
      budgetMinutes,
      duration: fitDuration(durations.get(state), budgetMinutes, minObservations),
      regions,
      exits,
      exitSource,
      exitObservations,
    };
  });
  return {
    procedureCode: procedure.code,
    procedureVersion: procedure.version,
    period: procedure.period,
    steps,
    start: indexOf.get('receipt') ?? 0,
    arrivals: arrivalRates(calendar, own),
    minutesPerDay,
    historyCases: own.length,
  };
}

/** Without history: forward ways out share equally; rejections and loops back are not taken. */
function designWeight(exit: ExitModel, ownDepth: number, depth: Map<string, number>, _count: number): number {
  if (exit.action === 'reject') return 0;
  if (exit.target === RESOLVED) return 1;
  return (depth.get(exit.targetState) ?? Infinity) > ownDepth ? 1 : 0;
}

/** Breadth-first distance of every state from `start` along targeted transitions. */
function depthsFrom(machine: Machine, procedure: CompiledProcedure, start: string): Map<string, number> {
  const depth = new Map([[start, 0]]);
  const queue = [start];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    const node = machine.states[state];
    if (!node) continue;
    const targets = [
      ...Object.entries(node.on ?? {}).flatMap(([action, t]) => ('target' in t && !OFF_PATH_ACTIONS.has(action) ? [t.target] : [])),
      ...(node.onDone ? [node.onDone.target] : []),
    ];
    for (const target of targets) {
      if (depth.has(target) || procedure.states[target]?.kind !== 'step') continue;
      depth.set(target, depth.get(state)! + 1);
      queue.push(target);
    }
  }
  return depth;
}

function arrivalRates(calendar: WorkingCalendar, traces: readonly LogTrace[]): ArrivalRates {
  if (traces.length === 0) return { source: 'none', perWorkingDay: {}, total: 0 };
  const times = traces.map((t) => Date.parse(t.receivedAt));
  const first = new Date(Math.min(...times));
  const last = new Date(Math.max(...times));
  // Working days the arrivals span, counting the first day: at least one.
  const days = Math.max(1, Math.ceil(workingDaysBetween(calendar, first.toISOString(), last.toISOString())) + 1);
  const counts: Record<string, number> = {};
  for (const trace of traces) counts[trace.channel] = (counts[trace.channel] ?? 0) + 1;
  const perWorkingDay = Object.fromEntries(Object.entries(counts).map(([channel, n]) => [channel, n / days]));
  return { source: 'history', perWorkingDay, total: traces.length / days };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
