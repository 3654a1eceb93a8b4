/**
 * Monte-Carlo simulation of a procedure version on the working-day calendar. Deterministic given
 * the seed (xoroshiro128+ from pure-rand). Each run: a dossier received at a random office instant
 * of a random working day of the horizon walks the steps (durations drawn from the model, ways out
 * by their probabilities) to a result; it is on time when the result comes at or before the
 * statutory deadline. Supplements (which restart the period) and withdrawals are outside the model.
 *
 * Time is office time: an instant is "office milliseconds since the calendar's first day", so a
 * step's working time is an addition and the deadline (always the close of a working day, or
 * office hours after receipt) is a precomputed number per receipt day — no calendar call per
 * simulated day. `simulateNaive` is the straightforward version, which asks the calendar day by
 * day; it is the benchmark's baseline and the test's check that both agree run for run.
 *
 * Uncertainty: runs are split into batches; each batch resamples the observed step times and
 * ways out (bootstrap), so the spread between batches includes what the history does not pin
 * down. The interval combines that spread with the Monte-Carlo error; budget-derived steps add
 * none (an assumption, stated).
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { classifyResolution, dueInstant, isWorkingDay } from '../calendar/index.js';
import { instantOf, localDateOf, localDayOf, localTimeOfDay, parseLocalDate } from '../calendar/local-time.js';
import { timeAfterOfficeTime } from '../calendar/office-hours.js';
import { dayIndex, isWorkingIndex, type WorkingCalendar } from '../calendar/working-calendar.js';
import { RESOLVED, type DurationModel, type SimulationModel, type StepModel } from './simulation-model.js';
import { quantileOfSorted, t95, wilsonInterval, type Interval } from './statistics.js';

export interface SimulationOptions {
  runs: number;
  seed: number;
  /** First day of the arrival horizon (YYYY-MM-DD, Vietnam). */
  from: string;
  /** Working days over which arrivals are spread. */
  horizonWorkingDays?: number;
  /** Bootstrap batches (default 40, fewer for small runs: at least 50 runs each). */
  batches?: number;
  /** Called after each batch with the runs done so far (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

export interface StepLoad {
  state: string;
  unit: string;
  /** Mean working days per case spent here, over all cases (0 for a case that skips it). */
  workingDaysPerCase: number;
  /** Share of visits longer than the budget; null without a budget. */
  overBudgetShare: number | null;
  visitsPerCase: number;
}

export interface SimulationResult {
  procedureCode: string;
  procedureVersion: string;
  runs: number;
  seed: number;
  onTimeRate: number;
  /** 95 % interval including the history's uncertainty (bootstrap between batches). */
  onTimeInterval: Interval;
  /** 95 % Wilson interval of the Monte-Carlo error alone. */
  monteCarloInterval: Interval;
  /** Receipt to result, office time in working days. */
  resolutionWorkingDays: { p50: number; p80: number; p90: number; p95: number; mean: number; meanStandardError: number };
  /** Working days held per case, and (with arrival rates) the mean number of cases each unit holds at once. */
  units: Array<{ unit: string; workingDaysPerCase: number; meanOpenCases: number | null }>;
  steps: StepLoad[];
  /** Where each step's durations and ways out came from. */
  sources: Array<{ state: string; duration: string; observations: number; exits: 'history' | 'design' }>;
  arrivals: SimulationModel['arrivals'];
  assumptions: string[];
}

type Rng = ReturnType<typeof xoroshiro128plus>;

const MAX_TRANSITIONS = 200;

/** A batch's sampler: the model's distributions, resampled for this batch when they come from history. */
interface Sampler {
  durations: Float64Array[]; // per step (task) — observed minutes, possibly resampled, sorted
  regionDurations: Float64Array[][];
  cumulative: Float64Array[]; // per step, cumulative exit probabilities
}

function drawMinutes(model: DurationModel, observed: Float64Array, rng: Rng): number {
  if (model.source === 'history') return quantileOfSorted(observed, uniformFloat64(rng));
  if (model.source === 'budget') {
    // Box–Muller: one normal from two uniforms.
    const u = 1 - uniformFloat64(rng);
    const v = uniformFloat64(rng);
    return Math.exp(model.mu + model.sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }
  return 0;
}

function resampled(values: readonly number[], rng: Rng, bootstrap: boolean): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i += 1) out[i] = bootstrap ? values[Math.floor(uniformFloat64(rng) * values.length)]! : values[i]!;
  return out.sort();
}

function cumulativeOf(step: StepModel, rng: Rng, bootstrap: boolean): Float64Array {
  const weights = step.exits.map((e) => e.weight);
  if (bootstrap && step.exitSource === 'history') {
    weights.fill(0);
    const n = step.exitObservations.length;
    for (let i = 0; i < n; i += 1) weights[step.exitObservations[Math.floor(uniformFloat64(rng) * n)]!]! += 1;
  }
  const total = weights.reduce((sum, w) => sum + w, 0);
  let running = 0;
  return Float64Array.from(weights, (w) => (running += w / total));
}

/** FNV-1a of a state name mixed with the batch seed: each step resamples from its own stream. */
function streamSeed(batchSeed: number, key: string): number {
  let hash = 0x811c9dc5 ^ batchSeed;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/**
 * The batch's distributions. Each step draws its resample from a stream keyed by its state name, so
 * two versions that share a step (and its history) resample it identically in the same batch.
 */
function samplerFor(model: SimulationModel, batchSeed: number, bootstrap: boolean): Sampler {
  const stream = (key: string) => xoroshiro128plus(streamSeed(batchSeed, key));
  return {
    durations: model.steps.map((s) => resampled(s.duration.observed, stream(s.state), bootstrap)),
    regionDurations: model.steps.map((s) => s.regions.map((r) => resampled(r.duration.observed, stream(r.state), bootstrap))),
    cumulative: model.steps.map((s) => cumulativeOf(s, stream(`${s.state}#exits`), bootstrap)),
  };
}

const nextSeed = (rng: Rng): number => (rng.next() | 0);

function pickExit(cumulative: Float64Array, rng: Rng): number {
  const u = uniformFloat64(rng);
  for (let i = 0; i < cumulative.length - 1; i += 1) if (u < cumulative[i]!) return i;
  return cumulative.length - 1;
}

/** Working days of the horizon (epoch days) from `from`. */
function horizonDays(calendar: WorkingCalendar, from: string, count: number): Int32Array {
  const start = parseLocalDate(from);
  if (start === undefined) throw new RangeError(`simulation start "${from}" is not a date (YYYY-MM-DD)`);
  const days: number[] = [];
  for (let day = start; days.length < count; day += 1) if (isWorkingIndex(calendar, dayIndex(calendar, day))) days.push(day);
  return Int32Array.from(days);
}

interface Accumulator {
  onTime: number;
  resolution: Float64Array;
  stepMs: Float64Array;
  stepVisits: Float64Array;
  stepOver: Float64Array;
  stepBudgeted: Float64Array;
  unitMs: Map<string, number>;
}

/**
 * One simulated case: returns the office ms from receipt to result, and adds what it used to
 * `acc`. `durationMs` draws a step's (or region's) working time in whole ms.
 */
/**
 * Random streams per (state, visit) for paired runs: a version's n-th visit to a step draws the
 * same numbers as the other version's n-th visit to it, whatever the steps before did.
 */
type VisitStreams = (key: string) => Rng;

function walk(model: SimulationModel, sampler: Sampler, shared: Rng, acc: Accumulator, streams?: VisitStreams): number {
  let current = model.start;
  let elapsed = 0;
  const visits = streams ? new Map<string, number>() : undefined;
  for (let hop = 0; hop < MAX_TRANSITIONS && current !== RESOLVED; hop += 1) {
    const step = model.steps[current]!;
    let rng = shared;
    let visit = 0;
    if (streams && visits) {
      visit = (visits.get(step.state) ?? 0) + 1;
      visits.set(step.state, visit);
      rng = streams(`${step.state}:${visit}`);
    }
    let spent = 0;
    if (step.regions.length > 0) {
      for (let r = 0; r < step.regions.length; r += 1) {
        const region = step.regions[r]!;
        const regionRng = streams ? streams(`${region.state}:${visit}`) : rng;
        const ms = Math.round(drawMinutes(region.duration, sampler.regionDurations[current]![r]!, regionRng) * 60_000);
        acc.unitMs.set(region.unit, (acc.unitMs.get(region.unit) ?? 0) + ms);
        if (ms > spent) spent = ms;
      }
    } else {
      spent = Math.round(drawMinutes(step.duration, sampler.durations[current]!, rng) * 60_000);
      acc.unitMs.set(step.unit, (acc.unitMs.get(step.unit) ?? 0) + spent);
    }
    acc.stepMs[current]! += spent;
    acc.stepVisits[current]! += 1;
    if (step.budgetMinutes !== null) {
      acc.stepBudgeted[current]! += 1;
      if (spent > step.budgetMinutes * 60_000) acc.stepOver[current]! += 1;
    }
    elapsed += spent;
    if (step.exits.length === 0) break;
    current = step.exits[pickExit(sampler.cumulative[current]!, rng)]!.target;
  }
  return elapsed;
}

type Deadline = (dayPosition: number, receivedOfficeMs: number, officeMsOfDay: number) => number;

/** The deadline as office ms since the calendar's start, from the receipt day and instant. */
function fastDeadline(model: SimulationModel, calendar: WorkingCalendar, days: Int32Array): Deadline {
  const perDay = calendar.hours.perDayMs;
  const before = calendar.days.workingBefore;
  const closeOffset = (epochDay: number) => (before[dayIndex(calendar, epochDay)]! + 1) * perDay;
  const period = model.period;
  if (period.unit === 'working-hours') return (_d, received) => received + Math.round(period.amount * 3_600_000);
  const openInstant = (day: number) => new Date(instantOf(day, calendar.hours.openMs));
  if (period.unit === 'same-day') {
    const cutoff = officeMsBefore(calendar, calendar.hours.sameDayCutoffMs);
    const sameDay = Float64Array.from(days, (day) => closeOffset(localDayOf(dueInstant(calendar, openInstant(day), period).getTime())));
    const nextDay = Float64Array.from(days, (day) => closeOffset(localDayOf(dueInstant(calendar, new Date(instantOf(day, calendar.hours.closeMs)), period).getTime())));
    return (d, _r, officeMs) => (officeMs <= cutoff ? sameDay[d]! : nextDay[d]!);
  }
  // Day-based periods end at the close of a day fixed by the receipt day alone.
  const due = Float64Array.from(days, (day) => closeOffset(localDayOf(dueInstant(calendar, openInstant(day), period).getTime())));
  return (d) => due[d]!;
}

function officeMsBefore(calendar: WorkingCalendar, msOfDay: number): number {
  let elapsed = 0;
  for (const { startMs, endMs } of calendar.hours.sessions) {
    if (msOfDay <= startMs) break;
    elapsed += Math.min(msOfDay, endMs) - startMs;
  }
  return elapsed;
}

function fastRunner(model: SimulationModel, calendar: WorkingCalendar, options: SimulationOptions): RunOne {
  const days = horizonDays(calendar, options.from, options.horizonWorkingDays ?? 250);
  const perDay = calendar.hours.perDayMs;
  const before = calendar.days.workingBefore;
  const deadline = fastDeadline(model, calendar, days);
  const dayStart = Float64Array.from(days, (day) => before[dayIndex(calendar, day)]! * perDay);
  return (rng, sampler, acc, streams) => {
    const d = Math.floor(uniformFloat64(rng) * days.length);
    const officeMs = Math.floor(uniformFloat64(rng) * perDay);
    const received = dayStart[d]! + officeMs;
    const elapsed = walk(model, sampler, rng, acc, streams);
    return { elapsed, onTime: received + elapsed <= deadline(d, received, officeMs) };
  };
}

/** The fast simulation. */
export function simulate(model: SimulationModel, calendar: WorkingCalendar, options: SimulationOptions): SimulationResult {
  return run(model, calendar, options, fastRunner(model, calendar, options));
}

export interface SimulationProgress {
  done: number;
  total: number;
}

/**
 * The same simulation one batch at a time: yields the runs done after each batch and returns the
 * result, identical to `simulate`'s for the same options. A caller that must stay responsive (the
 * web page's job) gives way between batches.
 */
export function simulateInBatches(model: SimulationModel, calendar: WorkingCalendar, options: SimulationOptions): Generator<SimulationProgress, SimulationResult, void> {
  return runBatches(model, calendar, options, fastRunner(model, calendar, options));
}

export interface PairedDifference {
  /** after − before. */
  difference: number;
  standardError: number;
  interval: Interval;
}

export interface PairedSimulation {
  before: SimulationResult;
  after: SimulationResult;
  onTimeRate: PairedDifference;
  /** Mean resolution time, working days. */
  meanResolutionWorkingDays: PairedDifference;
}

/**
 * Two versions simulated on common random numbers: each run of one version has a twin in the
 * other with the same receipt instant and the same random stream, and each batch resamples the
 * shared steps' history identically. The difference's uncertainty then comes from what really
 * differs, not from the noise both versions share.
 */
export function simulatePair(before: SimulationModel, after: SimulationModel, calendar: WorkingCalendar, options: SimulationOptions): PairedSimulation {
  const runs = Math.max(1, Math.floor(options.runs));
  const batches = Math.max(1, Math.min(options.batches ?? 40, Math.floor(runs / 50) || 1));
  const runners = [fastRunner(before, calendar, options), fastRunner(after, calendar, options)] as const;
  const models = [before, after] as const;
  const accs = models.map((m) => newAccumulator(m, runs));
  const batchRates: [number[], number[]] = [[], []];
  const batchMeans: [number[], number[]] = [[], []];
  const batchRateDiffs: number[] = [];
  const batchMeanDiffs: number[] = [];
  let sumRateDiff = 0;
  let sumRateDiffSq = 0;
  let sumTimeDiff = 0;
  let sumTimeDiffSq = 0;
  const rng = xoroshiro128plus(options.seed);
  let done = 0;
  for (let b = 0; b < batches; b += 1) {
    const size = Math.floor(runs / batches) + (b < runs % batches ? 1 : 0);
    const batchSeed = nextSeed(rng);
    const samplers = models.map((m) => samplerFor(m, batchSeed, batches > 1));
    const onTime = [0, 0];
    const elapsed = [0, 0];
    let rateDiff = 0;
    let timeDiff = 0;
    for (let i = 0; i < size; i += 1) {
      const runSeed = nextSeed(rng);
      const streams: VisitStreams = (key) => xoroshiro128plus(streamSeed(runSeed, key));
      const outcomes = [0, 1].map((v) => {
        const outcome = runners[v]!(xoroshiro128plus(runSeed), samplers[v]!, accs[v]!, streams);
        accs[v]!.resolution[done] = outcome.elapsed;
        if (outcome.onTime) onTime[v]! += 1;
        elapsed[v]! += outcome.elapsed;
        return outcome;
      });
      const dRate = Number(outcomes[1]!.onTime) - Number(outcomes[0]!.onTime);
      const dTime = (outcomes[1]!.elapsed - outcomes[0]!.elapsed) / calendar.hours.perDayMs;
      rateDiff += dRate;
      timeDiff += dTime;
      sumRateDiffSq += dRate * dRate;
      sumTimeDiffSq += dTime * dTime;
      done += 1;
    }
    sumRateDiff += rateDiff;
    sumTimeDiff += timeDiff;
    for (const v of [0, 1]) {
      accs[v]!.onTime += onTime[v]!;
      batchRates[v]!.push(onTime[v]! / size);
      batchMeans[v]!.push(elapsed[v]! / size);
    }
    batchRateDiffs.push(rateDiff / size);
    batchMeanDiffs.push(timeDiff / size);
    options.onProgress?.(done, runs);
  }
  const paired = (sum: number, sumSq: number, perBatch: number[]): PairedDifference => {
    const difference = sum / runs;
    const within = Math.max(0, sumSq / runs - difference * difference);
    const standardError = combinedStandardError(perBatch, within, runs);
    const margin = (batches > 1 ? t95(batches - 1) : 1.959963984540054) * standardError;
    return { difference, standardError, interval: { low: difference - margin, high: difference + margin } };
  };
  return {
    before: summarise(before, calendar, options, runs, accs[0]!, batchRates[0], batchMeans[0]),
    after: summarise(after, calendar, options, runs, accs[1]!, batchRates[1], batchMeans[1]),
    onTimeRate: paired(sumRateDiff, sumRateDiffSq, batchRateDiffs),
    meanResolutionWorkingDays: paired(sumTimeDiff, sumTimeDiffSq, batchMeanDiffs),
  };
}

function newAccumulator(model: SimulationModel, runs: number): Accumulator {
  const n = model.steps.length;
  return {
    onTime: 0,
    resolution: new Float64Array(runs),
    stepMs: new Float64Array(n),
    stepVisits: new Float64Array(n),
    stepOver: new Float64Array(n),
    stepBudgeted: new Float64Array(n),
    unitMs: new Map(),
  };
}

/**
 * The baseline: the same draws, but the receipt instant is a Date, each step's working time is
 * walked across the calendar one day at a time (isWorkingDay per day), and the deadline and the
 * verdict come from dueInstant and classifyResolution for every run.
 */
export function simulateNaive(model: SimulationModel, calendar: WorkingCalendar, options: SimulationOptions): SimulationResult {
  const days = horizonDays(calendar, options.from, options.horizonWorkingDays ?? 250);
  const perDay = calendar.hours.perDayMs;
  return run(model, calendar, options, (rng, sampler, acc) => {
    const d = Math.floor(uniformFloat64(rng) * days.length);
    const officeMs = Math.floor(uniformFloat64(rng) * perDay);
    const receivedAt = instantOf(days[d]!, officeMs === 0 ? calendar.hours.openMs : timeAfterOfficeTime(calendar.hours, officeMs));
    const elapsed = walk(model, sampler, rng, acc);
    const resolvedAt = addOfficeTimeDayByDay(calendar, receivedAt, elapsed);
    const due = dueInstant(calendar, new Date(receivedAt), model.period);
    return { elapsed, onTime: classifyResolution(calendar, new Date(resolvedAt), due) !== 'late' };
  });
}

/** `ms` of office time after `from`, asking the calendar about each day. */
function addOfficeTimeDayByDay(calendar: WorkingCalendar, from: number, ms: number): number {
  let day = localDayOf(from);
  let timeOfDay = localTimeOfDay(from);
  let left = ms;
  if (left === 0) return from;
  for (;;) {
    if (isWorkingDay(calendar, localDateOf(day))) {
      for (const { startMs, endMs } of calendar.hours.sessions) {
        const start = Math.max(startMs, timeOfDay);
        if (start >= endMs) continue;
        if (left <= endMs - start) return instantOf(day, start + left);
        left -= endMs - start;
      }
    }
    day += 1;
    timeOfDay = 0;
  }
}

type RunOne = (rng: Rng, sampler: Sampler, acc: Accumulator, streams?: VisitStreams) => { elapsed: number; onTime: boolean };

function run(model: SimulationModel, calendar: WorkingCalendar, options: SimulationOptions, runOne: RunOne): SimulationResult {
  const batches = runBatches(model, calendar, options, runOne);
  for (;;) {
    const step = batches.next();
    if (step.done) return step.value;
  }
}

function* runBatches(model: SimulationModel, calendar: WorkingCalendar, options: SimulationOptions, runOne: RunOne): Generator<SimulationProgress, SimulationResult, void> {
  const runs = Math.max(1, Math.floor(options.runs));
  const batches = Math.max(1, Math.min(options.batches ?? 40, Math.floor(runs / 50) || 1));
  const acc = newAccumulator(model, runs);
  const rng = xoroshiro128plus(options.seed);
  const batchRates: number[] = [];
  const batchMeans: number[] = [];
  let done = 0;
  for (let b = 0; b < batches; b += 1) {
    const size = Math.floor(runs / batches) + (b < runs % batches ? 1 : 0);
    const sampler = samplerFor(model, nextSeed(rng), batches > 1);
    let batchOnTime = 0;
    let batchElapsed = 0;
    for (let i = 0; i < size; i += 1) {
      const { elapsed, onTime } = runOne(rng, sampler, acc);
      acc.resolution[done] = elapsed;
      batchElapsed += elapsed;
      if (onTime) batchOnTime += 1;
      done += 1;
    }
    acc.onTime += batchOnTime;
    batchRates.push(batchOnTime / size);
    batchMeans.push(batchElapsed / size);
    options.onProgress?.(done, runs);
    yield { done, total: runs };
  }
  return summarise(model, calendar, options, runs, acc, batchRates, batchMeans);
}

/**
 * Standard error of a mean estimated by batches whose models were resampled: the between-batch
 * variance minus each batch's own sampling noise is the history's part; the Monte-Carlo part
 * shrinks with all runs.
 */
function combinedStandardError(batchValues: number[], withinVariance: number, runs: number): number {
  const b = batchValues.length;
  if (b < 2) return Math.sqrt(withinVariance / runs);
  const mean = batchValues.reduce((s, v) => s + v, 0) / b;
  const between = batchValues.reduce((s, v) => s + (v - mean) ** 2, 0) / (b - 1);
  return Math.sqrt(Math.max(0, between - withinVariance / (runs / b)) + withinVariance / runs);
}

function summarise(model: SimulationModel, calendar: WorkingCalendar, options: SimulationOptions, runs: number, acc: Accumulator, batchRates: number[], batchMeans: number[]): SimulationResult {
  const perDayMs = calendar.hours.perDayMs;
  const rate = acc.onTime / runs;
  const monteCarloInterval = wilsonInterval(acc.onTime, runs);
  const sorted = acc.resolution.sort();
  const inDays = (ms: number) => ms / perDayMs;
  let interval = monteCarloInterval;
  if (batchRates.length > 1) {
    const margin = t95(batchRates.length - 1) * combinedStandardError(batchRates, rate * (1 - rate), runs);
    interval = { low: Math.max(0, Math.min(monteCarloInterval.low, rate - margin)), high: Math.min(1, Math.max(monteCarloInterval.high, rate + margin)) };
  }
  const meanMs = sorted.reduce((s, v) => s + v, 0) / runs;
  const varianceMs = sorted.reduce((s, v) => s + (v - meanMs) ** 2, 0) / Math.max(1, runs - 1);
  const units = [...acc.unitMs]
    .map(([unit, ms]) => {
      const workingDaysPerCase = inDays(ms) / runs;
      return { unit, workingDaysPerCase, meanOpenCases: model.arrivals.source === 'history' ? workingDaysPerCase * model.arrivals.total : null };
    })
    .sort((a, b) => b.workingDaysPerCase - a.workingDaysPerCase || a.unit.localeCompare(b.unit));
  const assumptions = ['supplements, withdrawals and refusals at the desk are outside the model (the period restarts or the case leaves)'];
  if (model.steps.some((s) => s.duration.source === 'budget' || s.regions.some((r) => r.duration.source === 'budget'))) {
    assumptions.push('steps without enough history: log-normal working time, median half the budget, 90th percentile at the budget');
  }
  if (model.steps.some((s) => s.budget?.unit === 'calendar-days' || s.regions.some((r) => r.budget?.unit === 'calendar-days'))) {
    assumptions.push('calendar-day budgets counted as 5/7 of as many working days');
  }
  if (model.steps.some((s) => s.exitSource === 'design' && s.exits.length > 1)) {
    assumptions.push('ways out without enough history: forward ones equally likely, no rework and no rejection');
  }
  return {
    procedureCode: model.procedureCode,
    procedureVersion: model.procedureVersion,
    runs,
    seed: options.seed,
    onTimeRate: rate,
    onTimeInterval: interval,
    monteCarloInterval,
    resolutionWorkingDays: {
      p50: inDays(quantileOfSorted(sorted, 0.5)),
      p80: inDays(quantileOfSorted(sorted, 0.8)),
      p90: inDays(quantileOfSorted(sorted, 0.9)),
      p95: inDays(quantileOfSorted(sorted, 0.95)),
      mean: inDays(meanMs),
      meanStandardError: inDays(combinedStandardError(batchMeans, varianceMs, runs)),
    },
    units,
    steps: model.steps.map((step, i) => ({
      state: step.state,
      unit: step.unit,
      workingDaysPerCase: inDays(acc.stepMs[i]!) / runs,
      overBudgetShare: acc.stepBudgeted[i]! > 0 ? acc.stepOver[i]! / acc.stepBudgeted[i]! : null,
      visitsPerCase: acc.stepVisits[i]! / runs,
    })),
    sources: model.steps.flatMap((step) => [
      { state: step.state, duration: step.regions.length > 0 ? 'regions' : step.duration.source, observations: step.duration.observed.length, exits: step.exitSource },
      ...step.regions.map((r) => ({ state: r.state, duration: r.duration.source, observations: r.duration.observed.length, exits: step.exitSource })),
    ]),
    arrivals: model.arrivals,
    assumptions,
  };
}
