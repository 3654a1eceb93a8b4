/**
 * The figures of a set of cases, grouped by a dimension and a period: pure, from case facts.
 * The SQL projection (metrics-store.ts) computes the same figures from its tables; tests hold
 * the two equal. Every figure is defined in docs/metrics.md with its legal source.
 */
import type { CaseFacts } from './case-facts.js';
import { localDay, periodOfDay, type Granularity } from './periods.js';

export const dimensions = ['unit', 'field', 'procedure', 'ward', 'channel', 'onlineLevel'] as const;
export type Dimension = (typeof dimensions)[number];

/** Counters, each counted in the period of its own instant (see docs/metrics.md). */
export interface Counts {
  /** Dossiers received (refusals at receipt excluded), at receipt. */
  received: number;
  refused: number;
  receivedOnline: number;
  receivedPost: number;
  /** Of the dossiers received in the period, those resolved early or on time (NĐ61 Art. 30.2c numerator). */
  receivedResolvedInTime: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  /** Sum of office minutes from period start to result, of the resolved. */
  resolutionMinutes: number;
  withdrawn: number;
  returnedIncomplete: number;
  apologiesIssued: number;
  apologiesInTime: number;
  apologiesKept: number;
  postalReturns: number;
}

export const countNames = [
  'received',
  'refused',
  'receivedOnline',
  'receivedPost',
  'receivedResolvedInTime',
  'resolvedEarly',
  'resolvedOnTime',
  'resolvedLate',
  'resolutionMinutes',
  'withdrawn',
  'returnedIncomplete',
  'apologiesIssued',
  'apologiesInTime',
  'apologiesKept',
  'postalReturns',
] as const satisfies ReadonlyArray<keyof Counts>;

export function zeroCounts(): Counts {
  return Object.fromEntries(countNames.map((name) => [name, 0])) as unknown as Counts;
}

/** The dimension values of a case: what a rollup row is keyed by besides its day. */
export interface CaseDimensions {
  unit: string;
  field: string;
  procedure: string;
  ward: string;
  channel: string;
  onlineLevel: string;
}

export function dimensionsOf(facts: CaseFacts): CaseDimensions {
  return {
    unit: facts.receivingUnit,
    field: facts.field,
    procedure: facts.procedureCode,
    ward: facts.ward ?? '',
    channel: facts.channel,
    onlineLevel: String(facts.onlineLevel),
  };
}

/** One case's contribution to the daily counters: (local day, counter, amount). */
export function contributions(facts: CaseFacts): Array<{ day: string; count: keyof Counts; amount: number }> {
  const out: Array<{ day: string; count: keyof Counts; amount: number }> = [];
  const add = (instant: string, count: keyof Counts, amount = 1) => out.push({ day: localDay(instant), count, amount });
  if (facts.refused) {
    add(facts.receivedAt, 'refused');
  } else {
    add(facts.receivedAt, 'received');
    if (facts.channel === 'online') add(facts.receivedAt, 'receivedOnline');
    if (facts.channel === 'post') add(facts.receivedAt, 'receivedPost');
    if (facts.timeliness === 'early' || facts.timeliness === 'on_time') add(facts.receivedAt, 'receivedResolvedInTime');
  }
  if (facts.resolvedAt && facts.timeliness) {
    add(facts.resolvedAt, facts.timeliness === 'early' ? 'resolvedEarly' : facts.timeliness === 'on_time' ? 'resolvedOnTime' : 'resolvedLate');
    add(facts.resolvedAt, 'resolutionMinutes', facts.resolutionMinutes ?? 0);
    if (facts.apology?.kept) add(facts.resolvedAt, 'apologiesKept');
  }
  if (facts.closedAt && facts.outcome === 'withdrawn') add(facts.closedAt, 'withdrawn');
  if (facts.closedAt && facts.outcome === 'returned-incomplete') add(facts.closedAt, 'returnedIncomplete');
  if (facts.apology) {
    add(facts.apology.issuedAt, 'apologiesIssued');
    if (facts.apology.inTime) add(facts.apology.issuedAt, 'apologiesInTime');
  }
  if (facts.postalReturnedAt) add(facts.postalReturnedAt, 'postalReturns');
  return out;
}

export interface Rates {
  /** NĐ61 Art. 30.2c: received in the period and resolved in time ÷ received in the period. */
  onTimeRateNd61: number | null;
  /** Plan 1081/KH-UBND §2.4a: (early + on time) ÷ resolved in the period. */
  onTimeRatePlan: number | null;
  /** late ÷ resolved (plan §2.4b). */
  lateRate: number | null;
  /** received online ÷ received (plan §2.2a, TT01 Art. 13.9). */
  onlineShare: number | null;
  /** received by post ÷ received (QĐ45). */
  postalShare: number | null;
  apologiesInTimeRate: number | null;
  apologiesKeptRate: number | null;
}

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);

export function ratesOf(c: Counts): Rates {
  const resolved = c.resolvedEarly + c.resolvedOnTime + c.resolvedLate;
  return {
    onTimeRateNd61: ratio(c.receivedResolvedInTime, c.received),
    onTimeRatePlan: ratio(c.resolvedEarly + c.resolvedOnTime, resolved),
    lateRate: ratio(c.resolvedLate, resolved),
    onlineShare: ratio(c.receivedOnline, c.received),
    postalShare: ratio(c.receivedPost, c.received),
    apologiesInTimeRate: ratio(c.apologiesInTime, c.apologiesIssued),
    apologiesKeptRate: ratio(c.apologiesKept, c.apologiesIssued),
  };
}

/** Linear interpolation between closest ranks, as PostgreSQL's percentile_cont. */
export function percentile(sortedValues: readonly number[], p: number): number | null {
  if (sortedValues.length === 0) return null;
  const position = p * (sortedValues.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sortedValues[lower]! + (sortedValues[upper]! - sortedValues[lower]!) * (position - lower);
}

export interface ResolutionTime {
  count: number;
  meanDays: number | null;
  medianDays: number | null;
  p90Days: number | null;
}

export function resolutionTimeOf(minutes: readonly number[], minutesPerDay: number): ResolutionTime {
  const days = [...minutes].map((m) => m / minutesPerDay).sort((a, b) => a - b);
  return {
    count: days.length,
    meanDays: days.length === 0 ? null : days.reduce((a, b) => a + b, 0) / days.length,
    medianDays: percentile(days, 0.5),
    p90Days: percentile(days, 0.9),
  };
}

/** The snapshot of open cases: in progress in time, overdue, awaiting a supplement. */
export interface OpenCounts {
  inProgressInTime: number;
  inProgressOverdue: number;
  awaitingSupplement: number;
}

export const openNames = ['inProgressInTime', 'inProgressOverdue', 'awaitingSupplement'] as const satisfies ReadonlyArray<keyof OpenCounts>;

/** Where an open case counts in the snapshot (in the period of its receipt); null once resolved or closed. */
export function openStateOf(facts: CaseFacts): keyof OpenCounts | null {
  if (facts.resolvedAt || facts.closedAt) return null;
  if (facts.status === 'awaiting_supplement') return 'awaitingSupplement';
  return facts.overdue ? 'inProgressOverdue' : 'inProgressInTime';
}

export interface FigureRow {
  group: string;
  period: string;
  counts: Counts;
  rates: Rates;
  resolutionTime: ResolutionTime;
  open: OpenCounts;
}

export interface FigureQuery {
  by: Dimension | null;
  granularity: Granularity;
  /** Local days, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * Figures per (group, period), pure. Counters land in the period of their own instant; the
 * resolution times in the period of the result; open cases in the period of their receipt.
 */
export function figuresOf(allFacts: readonly CaseFacts[], query: FigureQuery, minutesPerDay = 480): FigureRow[] {
  const rows = new Map<string, { group: string; period: string; counts: Counts; minutes: number[]; open: OpenCounts }>();
  const inRange = (day: string) => (!query.from || day >= query.from) && (!query.to || day <= query.to);
  const rowOf = (group: string, period: string) => {
    const key = `${group}\u0000${period}`;
    let row = rows.get(key);
    if (!row) {
      row = { group, period, counts: zeroCounts(), minutes: [], open: { inProgressInTime: 0, inProgressOverdue: 0, awaitingSupplement: 0 } };
      rows.set(key, row);
    }
    return row;
  };
  for (const facts of allFacts) {
    const group = query.by ? dimensionsOf(facts)[query.by] : 'all';
    for (const { day, count, amount } of contributions(facts)) {
      if (!inRange(day)) continue;
      rowOf(group, periodOfDay(day, query.granularity)).counts[count] += amount;
    }
    if (facts.resolvedAt && facts.timeliness && facts.resolutionMinutes !== null && inRange(localDay(facts.resolvedAt))) {
      rowOf(group, periodOfDay(localDay(facts.resolvedAt), query.granularity)).minutes.push(facts.resolutionMinutes);
    }
    const receivedDay = localDay(facts.receivedAt);
    const openState = openStateOf(facts);
    if (openState && inRange(receivedDay)) rowOf(group, periodOfDay(receivedDay, query.granularity)).open[openState] += 1;
  }
  return [...rows.values()]
    .map(({ group, period, counts, minutes, open }) => ({
      group,
      period,
      counts,
      rates: ratesOf(counts),
      resolutionTime: resolutionTimeOf(minutes, minutesPerDay),
      open,
    }))
    .sort((a, b) => a.group.localeCompare(b.group) || a.period.localeCompare(b.period));
}
