/**
 * Synthetic cases for volume: each one driven through the pure case rules (the same rules the
 * workflow runs, so the same events), with choices drawn from a seeded generator: channels,
 * wards, supplements, withdrawals, refusals, late steps with apologies, postal returns.
 * `seedSynthetic` writes them straight into PostgreSQL in large multi-row INSERTs, projections
 * included; no Temporal.
 */
import { sql } from 'kysely';
import { dueInstant, workingTimeBetween, type CalendarData, type WorkingCalendar } from '../calendar/index.js';
import { allowedActions, calendarOf, checkAction, principalState, statusOf, type CaseInput, type Channel } from '../cases/case-rules.js';
import { dossierCode } from '../cases/dossier-code.js';
import type { CompiledProcedure } from '../procedures/compiled-procedure.js';
import { isGeneratedAction } from '../procedures/standard-actions.js';
import { isWardRole, resolveUnit, WARDS } from '../procedures/units.js';
import type { MotcuaDb } from '../store/database.js';
import { localDay } from './periods.js';
import { driveCase, type EventBatch, type NextAction } from './case-driver.js';
import { addContributions, appendCaseEventsWithMetrics, factsFromEvents, factsRowForBulk, flushDaily, stepRows, type DailyDeltas, type MetricsContext } from './metrics-store.js';
import { bulkInsertTables } from '../store/bulk-insert.js';
import { caseEventRowOf, caseRowOf } from '../store/case-store.js';

/** mulberry32: small, fast, seeded; the same seed gives the same cases. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

function afterOfficeMinutes(calendar: WorkingCalendar, from: Date, minutes: number): Date {
  return dueInstant(calendar, from, { amount: Math.max(1, minutes) / 60, unit: 'working-hours' });
}

/** The synthetic applicant and officers: what they do next, and when (also `seed --cases` through the engine). */
export function syntheticPolicy(rng: () => number, calendar: WorkingCalendar, channel: Channel): NextAction {
  let supplemented = false;
  return (state, now) => {
    const procedure = state.input.procedure;
    const allowed = allowedActions(state);
    if (allowed.length === 0) return null;
    const at = (minutes: number) => afterOfficeMinutes(calendar, now, minutes);
    const info = principalState(state);
    const status = statusOf(state);
    if (status === 'awaiting_supplement') {
      // One applicant in ten never completes: the window expires and the dossier goes back.
      if (rng() < 0.1) return null;
      return { at: at(480 * (1 + rng() * 4)), request: { action: 'supplement_completed', actor: 'applicant' } };
    }
    if (allowed.includes('accept')) {
      const r = rng();
      if (r < 0.02) return { at: at(20), request: { action: 'refuse', actor: 'officer' } };
      if (r < 0.03) return { at: at(30), request: { action: 'withdraw', actor: 'applicant' } };
      const supplementAt = at(30);
      if (r < 0.08 && !supplemented && checkAction(state, { action: 'request_supplement', actor: 'officer' }, supplementAt) === null) {
        supplemented = true;
        return { at: supplementAt, request: { action: 'request_supplement', actor: 'officer' } };
      }
      return { at: at(10 + rng() * 60), request: { action: 'accept', actor: 'officer' } };
    }
    if (allowed.includes('delivered')) {
      return { at: at(480 * (1 + rng())), request: { action: rng() < 0.15 ? 'delivery_failed' : 'delivered', actor: 'post' } };
    }
    if (allowed.includes('collect_at_desk')) return { at: at(480 * (1 + rng() * 3)), request: { action: 'collect_at_desk', actor: 'officer' } };
    const returns = ['publish_online', 'consign_to_post', 'return_at_desk'].filter((a) => allowed.includes(a));
    if (returns.length > 0) {
      const preferred = channel === 'online' ? 'publish_online' : channel === 'post' ? 'consign_to_post' : 'return_at_desk';
      return { at: at(60 + rng() * 960), request: { action: returns.includes(preferred) ? preferred : returns[0]!, actor: 'officer' } };
    }
    // A working step: its budget, usually kept, sometimes overrun.
    const budget = info.budget;
    const budgetMinutes = budget ? (budget.unit === 'working-days' ? budget.amount * 480 : budget.unit === 'working-hours' ? budget.amount * 60 : budget.amount * 300) : 240;
    const factor = rng() < 0.1 ? 1.3 + rng() * 2 : 0.2 + rng() * 0.8;
    const next = at(budgetMinutes * factor);
    const due = state.statutoryDueAt;
    if (due && !state.apology && allowed.includes('issue_apology') && next.getTime() > Date.parse(due) && rng() < 0.6) {
      // The apology letter: mostly the working day before the deadline day, sometimes on it.
      const dueDate = new Date(due);
      const issueAt = rng() < 0.7 ? afterOfficeMinutes(calendar, now, Math.max(1, workingTimeBetween(calendar, now, dueDate).minutes - 900)) : afterOfficeMinutes(calendar, now, Math.max(1, workingTimeBetween(calendar, now, dueDate).minutes - 200));
      if (issueAt.getTime() > now.getTime() && issueAt.getTime() < dueDate.getTime()) {
        const newDueAt = afterOfficeMinutes(calendar, dueDate, 480 * (2 + Math.floor(rng() * 4))).toISOString();
        return { at: issueAt, request: { action: 'issue_apology', actor: 'officer', newDueAt } };
      }
    }
    const r = rng();
    const supplementAt = at(60 + rng() * 480);
    if (r < 0.03 && !supplemented && checkAction(state, { action: 'request_supplement', actor: 'officer' }, supplementAt) === null) {
      supplemented = true;
      return { at: supplementAt, request: { action: 'request_supplement', actor: 'officer' } };
    }
    if (r < 0.035 && allowed.includes('withdraw')) return { at: next, request: { action: 'withdraw', actor: 'applicant' } };
    if (r < 0.05 && allowed.includes('reject')) return { at: next, request: { action: 'reject', actor: 'officer' } };
    const designer = allowed.filter((a) => !isGeneratedAction(a) && procedure.actions[a]?.by === 'staff');
    const forward = designer.filter((a) => a !== 'return_for_rework' || rng() < 0.05);
    // Only what the rules would accept now (an extension, for one, is refused once the case is overdue).
    const acceptable = (actions: string[]) => actions.filter((a) => checkAction(state, { action: a, actor: 'officer' }, next) === null);
    const choices = acceptable(forward).length > 0 ? acceptable(forward) : acceptable(designer);
    if (choices.length === 0) return null;
    return { at: next, request: { action: pick(rng, choices), actor: 'officer' } };
  };
}

export interface SyntheticOptions {
  procedures: readonly CompiledProcedure[];
  calendar: CalendarData;
  from: Date;
  to: Date;
  seed: number;
}

/** A generator of synthetic cases: each call drives one more case and returns its event batches. */
export function syntheticCases(options: SyntheticOptions): () => EventBatch[] {
  const rng = seededRandom(options.seed);
  const calendar = calendarOf(options.calendar);
  const officeHours = workingTimeBetween(calendar, options.from, options.to).minutes / 60;
  const sequences = new Map<string, number>();
  return () => {
    const procedure = pick(rng, options.procedures);
    const channel = pick(rng, procedure.channels.includes('online') && rng() < 0.35 ? ['online' as const] : procedure.channels);
    const needsWard = [procedure.receivingUnit, ...Object.values(procedure.states).map((s) => s.unit)].some(isWardRole);
    const ward = needsWard ? pick(rng, WARDS).code : undefined;
    const receiving = resolveUnit(procedure.receivingUnit, ward);
    const receivingUnit = receiving.ok ? receiving.unit.code : procedure.receivingUnit;
    const receivedAt = dueInstant(calendar, options.from, { amount: Math.max(0.01, rng() * officeHours), unit: 'working-hours' });
    const dayKey = `${receivingUnit}@${localDay(receivedAt)}`;
    const sequence = (sequences.get(dayKey) ?? 0) + 1;
    sequences.set(dayKey, sequence);
    const input: CaseInput = {
      caseCode: dossierCode(receivingUnit, receivedAt, ((sequence - 1) % 9999) + 1) + (sequence > 9999 ? `-${Math.floor(sequence / 9999)}` : ''),
      procedure,
      calendar: options.calendar,
      receivedAt: receivedAt.toISOString(),
      channel,
      applicant: { name: 'Synthetic applicant' },
      receivingUnit,
      ward,
    };
    return driveCase(input, syntheticPolicy(rng, calendar, channel), { until: options.to }).batches;
  };
}

export interface SeedResult {
  cases: number;
  events: number;
  seconds: number;
}

/**
 * Writes N synthetic cases. `live: false` (volume): events, case rows and projections in large
 * multi-row INSERTs per chunk of cases. `live: true`: each batch through the activity's own write
 * (events + projections in one transaction), as the engine would.
 */
export async function seedSynthetic(
  db: MotcuaDb,
  count: number,
  options: SyntheticOptions & {
    metrics: MetricsContext;
    live?: boolean;
    chunkCases?: number;
    onProgress?: (done: number, total: number) => void;
    /** A generator to continue (a benchmark seeding in stages); by default a new one from `seed`. */
    cases?: () => EventBatch[];
  },
): Promise<SeedResult> {
  const started = performance.now();
  const next = options.cases ?? syntheticCases(options);
  const chunk = options.chunkCases ?? 1000;
  let events = 0;
  const daily: DailyDeltas = new Map();
  // The rules run here while PostgreSQL writes the previous chunk: one statement in flight at a time.
  let writing: Promise<void> = Promise.resolve();
  for (let done = 0; done < count; ) {
    const size = Math.min(chunk, count - done);
    const cases: EventBatch[][] = [];
    for (let i = 0; i < size; i++) {
      cases.push(next());
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve)); // let the write in flight proceed
    }
    if (options.live) {
      for (const batches of cases) {
        for (const batch of batches) await appendCaseEventsWithMetrics(db, batch.events, batch.projection, options.metrics);
      }
    } else {
      const facts = cases.flatMap((batches) => factsFromEvents(batches.flatMap((b) => b.events), options.metrics) ?? []);
      for (const f of facts) addContributions(daily, f, 1);
      const parts = [
        { table: 'case_events' as const, rows: cases.flatMap((batches) => batches.flatMap((b) => b.events.map((e) => caseEventRowOf(e)))) },
        { table: 'cases' as const, rows: cases.map((batches) => ({ ...caseRowOf(batches.at(-1)!.projection), applicant: batches.at(-1)!.projection.applicant })) },
        { table: 'metrics_case_facts' as const, rows: facts.map(factsRowForBulk) },
        { table: 'metrics_steps' as const, rows: facts.flatMap(stepRows) },
      ];
      await writing;
      writing = bulkInsertTables(db, parts);
      writing.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
    }
    events += cases.reduce((n, batches) => n + batches.reduce((m, b) => m + b.events.length, 0), 0);
    done += size;
    options.onProgress?.(done, count);
  }
  await writing;
  if (!options.live) await flushDaily(db, daily);
  await sql`analyze`.execute(db);
  return { cases: count, events, seconds: (performance.now() - started) / 1000 };
}
