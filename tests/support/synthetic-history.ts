/**
 * Synthetic case histories played through the real (pure) case rules, so their events are exactly
 * what the engine writes. A plan says when (in office minutes after receipt) each action happens;
 * a walker builds plans from a procedure with durations and choices drawn by the test.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { defaultCalendarData, dueInstant, type WorkingCalendar } from '../../src/calendar/index.js';
import { instantOf, parseLocalDate } from '../../src/calendar/local-time.js';
import { timeAfterOfficeTime } from '../../src/calendar/office-hours.js';
import { dayIndex, isWorkingIndex } from '../../src/calendar/working-calendar.js';
import type { CaseEvent } from '../../src/cases/case-event.js';
import { applyAction, startCase, type CaseState, type Channel } from '../../src/cases/case-rules.js';
import type { CompiledProcedure } from '../../src/procedures/compiled-procedure.js';
import type { MachineStateNode } from '../../src/procedures/machine-builder.js';

export interface PlannedAction {
  action: string;
  /** Office minutes after receipt. */
  at: number;
}

export type Random = () => number;

export function seededRandom(seed: number): Random {
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng);
}

export const exponential = (random: Random, mean: number): number => -mean * Math.log(1 - random());

/** The instant `minutes` of office time after `from` (the instant itself for 0). */
export function afterOfficeMinutes(calendar: WorkingCalendar, from: string, minutes: number): string {
  if (minutes <= 0) return from;
  return dueInstant(calendar, new Date(from), { amount: minutes / 60, unit: 'working-hours' }).toISOString();
}

/** Working days from `from` (YYYY-MM-DD), `count` of them. */
export function workingDaysFrom(calendar: WorkingCalendar, from: string, count: number): number[] {
  const days: number[] = [];
  for (let day = parseLocalDate(from)!; days.length < count; day += 1) if (isWorkingIndex(calendar, dayIndex(calendar, day))) days.push(day);
  return days;
}

/** An instant `officeMinute` office minutes into working day `epochDay`. */
export function officeInstant(calendar: WorkingCalendar, epochDay: number, officeMinute: number): string {
  const ms = Math.round(officeMinute * 60_000);
  return new Date(instantOf(epochDay, ms === 0 ? calendar.hours.openMs : timeAfterOfficeTime(calendar.hours, ms))).toISOString();
}

/** Plays one case through the case rules; every action by the unit holding the case. */
export function playCase(procedure: CompiledProcedure, caseCode: string, channel: Channel, receivedAt: string, plan: PlannedAction[], calendar: WorkingCalendar): CaseEvent[] {
  return playCaseToState(procedure, caseCode, channel, receivedAt, plan, calendar).events;
}

/** The same, with the case's state after the last action (for its row in the read model). */
export function playCaseToState(procedure: CompiledProcedure, caseCode: string, channel: Channel, receivedAt: string, plan: PlannedAction[], calendar: WorkingCalendar): { events: CaseEvent[]; state: CaseState } {
  let step = startCase({
    caseCode,
    procedure,
    calendar: defaultCalendarData,
    receivedAt,
    channel,
    applicant: { name: 'Synthetic' },
    receivingUnit: procedure.receivingUnit.startsWith('ward:') ? 'P.TTD.MC' : procedure.receivingUnit,
    ward: 'TTD',
  });
  const events = [...step.events];
  let state: CaseState = step.state;
  for (const { action, at } of [...plan].sort((a, b) => a.at - b.at)) {
    step = applyAction(state, { action, actor: actorFor(procedure, action) }, new Date(afterOfficeMinutes(calendar, receivedAt, at)));
    state = step.state;
    events.push(...step.events);
  }
  return { events, state };
}

function actorFor(procedure: CompiledProcedure, action: string): string {
  const by = procedure.actions[action]?.by;
  return by === 'post' ? 'post' : by === 'applicant' ? 'applicant' : 'staff.synthetic';
}

type Machine = { states: Record<string, MachineStateNode> };
const OFF_PATH = new Set(['request_supplement', 'withdraw', 'refuse', 'issue_apology']);

export interface WalkDraws {
  /** Office minutes spent in a step, region (`consultation.land`) or the result state (`approved`). */
  minutes(state: string): number;
  /** Which way out of a task step. */
  exit(state: string, actions: string[]): string;
}

/** A plan from receipt to the result returned at the desk, with the draws deciding times and ways. */
export function walkPlan(procedure: CompiledProcedure, draws: WalkDraws): PlannedAction[] {
  const machine = procedure.machine as Machine;
  const plan: PlannedAction[] = [];
  let at = 0;
  let current = 'receipt';
  for (let hops = 0; hops < 100; hops += 1) {
    const node = machine.states[current]!;
    const kind = procedure.states[current]!.kind;
    if (kind === 'resolution') {
      plan.push({ action: 'return_at_desk', at: at + draws.minutes(current) });
      return plan;
    }
    if (node.type === 'parallel') {
      let longest = 0;
      for (const [key, region] of Object.entries(node.states ?? {})) {
        const action = Object.keys(region.states!.working!.on ?? {})[0]!;
        const minutes = draws.minutes(`${current}.${key}`);
        plan.push({ action, at: at + minutes });
        longest = Math.max(longest, minutes);
      }
      at += longest;
      current = node.onDone!.target;
      continue;
    }
    const exits = Object.entries(node.on ?? {}).filter(([action, t]) => 'target' in t && !OFF_PATH.has(action));
    const action = draws.exit(current, exits.map(([a]) => a));
    at += draws.minutes(current);
    plan.push({ action, at });
    current = (exits.find(([a]) => a === action)![1] as { target: string }).target;
  }
  throw new Error(`plan for ${procedure.code} did not reach a result`);
}

/** Traces of `count` cases of `procedure` received on the working days from `from` (120 of them), at random office instants. */
export function synthesiseTraces(procedure: CompiledProcedure, count: number, from: string, random: Random, draws: WalkDraws, calendar: WorkingCalendar): CaseEvent[] {
  const days = workingDaysFrom(calendar, from, 120);
  const events: CaseEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    const receivedAt = officeInstant(calendar, days[Math.floor(random() * days.length)]!, random() * 480);
    events.push(...playCase(procedure, `${procedure.code}-${i}`, i % 2 ? 'desk' : 'online', receivedAt, walkPlan(procedure, draws), calendar));
  }
  return events;
}

/** Median office minutes of the construction permit's steps in the synthetic history. */
export const permitMedians: Record<string, number> = {
  receipt: 30,
  appraisal: 1_400,
  site_inspection: 700,
  'consultation.urban_management': 2_000,
  'consultation.land': 2_600,
  'consultation.ward': 2_300,
  signing: 900,
  approved: 20,
};

/** A plausible history of the construction permit (D7-XD-01): log-normal step times, branches and rework. */
export function permitDraws(random: Random): WalkDraws {
  const lognormal = (median: number, spread: number) => median * Math.exp(spread * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
  return {
    minutes: (state) => lognormal(permitMedians[state]!, 0.5),
    exit: (state, actions) => {
      const u = random();
      if (state === 'appraisal') return u < 0.5 ? 'submit_for_signature' : u < 0.8 ? 'order_site_inspection' : 'consult_agencies';
      if (state === 'site_inspection') return u < 0.7 ? 'submit_for_signature' : 'consult_agencies';
      if (state === 'signing') return u < 0.85 ? 'approve' : 'return_for_rework';
      return actions[0]!;
    },
  };
}
