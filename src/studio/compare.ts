/**
 * Two versions of a procedure side by side: steps added, removed and changed (unit, budget,
 * labels, ways out), units that join or leave, the statutory period, and — given both versions'
 * simulations — the predicted on-time rate and resolution time with the difference and its
 * uncertainty: from paired runs (`simulatePair`, common random numbers) when given, else from two
 * independent runs (standard errors in quadrature, conservative). Pure.
 */
import type { Period } from '../calendar/period.js';
import type { CompiledProcedure, StateInfo } from '../procedures/compiled-procedure.js';
import type { MachineStateNode } from '../procedures/machine-builder.js';
import type { PairedDifference, PairedSimulation, SimulationResult } from './simulation.js';
import { Z95, type Interval } from './statistics.js';

export interface StepSummary {
  state: string;
  unit: string;
  labelVi: string;
  budget: Period | null;
  /** `action → target`, sorted. */
  exits: string[];
}

export interface StepChange {
  state: string;
  before: StepSummary;
  after: StepSummary;
  /** Which of unit, budget, label, exits differ. */
  fields: Array<'unit' | 'budget' | 'label' | 'exits'>;
}

export interface Difference {
  before: number;
  after: number;
  difference: number;
  /** 95 % interval of the difference. */
  interval: Interval;
}

export interface VersionComparison {
  procedureCode: string;
  before: string;
  after: string;
  period: { before: Period; after: Period; changed: boolean };
  added: StepSummary[];
  removed: StepSummary[];
  changed: StepChange[];
  unchanged: string[];
  units: { added: string[]; removed: string[]; kept: string[] };
  predicted?: {
    onTimeRate: Difference;
    meanResolutionWorkingDays: Difference;
    p90ResolutionWorkingDays: { before: number; after: number; difference: number };
  };
}

type Machine = { states: Record<string, MachineStateNode> };

/** The designer's steps and regions (not receipt, not the generated states), by path. */
export function stepSummaries(procedure: CompiledProcedure): Map<string, StepSummary> {
  const machine = procedure.machine as Machine;
  const summaries = new Map<string, StepSummary>();
  const add = (info: StateInfo, node: MachineStateNode | undefined) => {
    const exits = Object.entries(node?.on ?? {})
      .flatMap(([action, t]) => ('target' in t && !GENERATED.has(action) ? [`${action} → ${t.target}`] : []))
      .concat(node?.onDone ? [`(all done) → ${node.onDone.target}`] : [])
      .sort();
    summaries.set(info.path, { state: info.path, unit: info.unit, labelVi: info.labelVi, budget: info.budget ?? null, exits });
  };
  for (const [key, node] of Object.entries(machine.states)) {
    const info = procedure.states[key];
    if (!info || info.kind !== 'step' || key === 'receipt') continue;
    add(info, node);
    for (const [region, regionNode] of Object.entries(node.type === 'parallel' ? (node.states ?? {}) : {})) {
      add(procedure.states[`${key}.${region}`]!, regionNode.states?.working);
    }
  }
  return summaries;
}

const GENERATED = new Set(['request_supplement', 'withdraw', 'issue_apology', 'reject']);

const samePeriod = (a: Period | null, b: Period | null) => a?.amount === b?.amount && a?.unit === b?.unit;

function unitsOf(procedure: CompiledProcedure): Set<string> {
  return new Set(Object.values(procedure.states).map((s) => s.unit));
}

function difference(before: number, after: number, seBefore: number, seAfter: number): Difference {
  const diff = after - before;
  const margin = Z95 * Math.sqrt(seBefore ** 2 + seAfter ** 2);
  return { before, after, difference: diff, interval: { low: diff - margin, high: diff + margin } };
}

/** Standard error implied by a symmetric-ish 95 % interval. */
const seOfInterval = (interval: Interval) => (interval.high - interval.low) / (2 * Z95);

const fromPaired = (before: number, after: number, paired: PairedDifference): Difference => ({ before, after, difference: paired.difference, interval: paired.interval });

export function compareVersions(
  before: CompiledProcedure,
  after: CompiledProcedure,
  simulations?: { before: SimulationResult; after: SimulationResult } | PairedSimulation,
): VersionComparison {
  const a = stepSummaries(before);
  const b = stepSummaries(after);
  const changed: StepChange[] = [];
  const unchanged: string[] = [];
  for (const [state, old] of a) {
    const now = b.get(state);
    if (!now) continue;
    const fields: StepChange['fields'] = [];
    if (old.unit !== now.unit) fields.push('unit');
    if (!samePeriod(old.budget, now.budget)) fields.push('budget');
    if (old.labelVi !== now.labelVi) fields.push('label');
    if (old.exits.join('\n') !== now.exits.join('\n')) fields.push('exits');
    if (fields.length > 0) changed.push({ state, before: old, after: now, fields });
    else unchanged.push(state);
  }
  const unitsBefore = unitsOf(before);
  const unitsAfter = unitsOf(after);
  const comparison: VersionComparison = {
    procedureCode: after.code,
    before: before.version,
    after: after.version,
    period: { before: before.period, after: after.period, changed: !samePeriod(before.period, after.period) },
    added: [...b.values()].filter((s) => !a.has(s.state)),
    removed: [...a.values()].filter((s) => !b.has(s.state)),
    changed,
    unchanged,
    units: {
      added: [...unitsAfter].filter((u) => !unitsBefore.has(u)).sort(),
      removed: [...unitsBefore].filter((u) => !unitsAfter.has(u)).sort(),
      kept: [...unitsBefore].filter((u) => unitsAfter.has(u)).sort(),
    },
  };
  if (simulations) {
    const { before: sa, after: sb } = simulations;
    const paired = 'onTimeRate' in simulations ? simulations : undefined;
    comparison.predicted = {
      onTimeRate: paired
        ? fromPaired(sa.onTimeRate, sb.onTimeRate, paired.onTimeRate)
        : difference(sa.onTimeRate, sb.onTimeRate, seOfInterval(sa.onTimeInterval), seOfInterval(sb.onTimeInterval)),
      meanResolutionWorkingDays: paired
        ? fromPaired(sa.resolutionWorkingDays.mean, sb.resolutionWorkingDays.mean, paired.meanResolutionWorkingDays)
        : difference(sa.resolutionWorkingDays.mean, sb.resolutionWorkingDays.mean, sa.resolutionWorkingDays.meanStandardError, sb.resolutionWorkingDays.meanStandardError),
      p90ResolutionWorkingDays: {
        before: sa.resolutionWorkingDays.p90,
        after: sb.resolutionWorkingDays.p90,
        difference: sb.resolutionWorkingDays.p90 - sa.resolutionWorkingDays.p90,
      },
    };
  }
  return comparison;
}
