/**
 * The calendar and machine lookups of the case rules, shared by all cases on a worker thread, and the
 * period arithmetic on them. Pure: no I/O, no clock.
 */
import { createMachine, initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { CalendarError, createCalendar, dueInstant, workingTimeBetween, type CalendarData, type WorkingCalendar } from '../calendar/index.js';
import type { Period } from '../calendar/period.js';
import { contentHash } from '../procedures/canonical-json.js';
import type { CompiledProcedure } from '../procedures/compiled-procedure.js';

// Compiled machines and calendars are reused across cases with the same content. They are keyed by
// a hash of that content, not by version labels: two calendars under one hand-written label must
// never share an entry on a worker thread, or a replay elsewhere could decide differently.
const machines = new Map<string, AnyStateMachine>();
const calendars = new Map<string, WorkingCalendar>();
// A case's input object is hashed once, not on every query.
const hashes = new WeakMap<object, string>();

export function contentKey(value: object): string {
  let hash = hashes.get(value);
  if (hash === undefined) {
    hash = contentHash(value);
    hashes.set(value, hash);
  }
  return hash;
}

// Whether an event is enabled depends only on the machine and the active states (the compiled
// machines have no guards, context or history states), so the answer is kept per machine and state value.
const enabledEvents = new WeakMap<AnyStateMachine, Map<string, Map<string, boolean>>>();

/** `snapshot.can({ type })`, remembered per machine and state value (xstate's answer is costly). */
export function canSend(snapshot: AnyMachineSnapshot, type: string): boolean {
  let byValue = enabledEvents.get(snapshot.machine);
  if (!byValue) enabledEvents.set(snapshot.machine, (byValue = new Map()));
  const valueKey = stateValueKey(snapshot);
  let byEvent = byValue.get(valueKey);
  if (!byEvent) byValue.set(valueKey, (byEvent = new Map()));
  let can = byEvent.get(type);
  if (can === undefined) {
    can = snapshot.can({ type });
    byEvent.set(type, can);
  }
  return can;
}

const transitions = new WeakMap<AnyStateMachine, Map<string, AnyMachineSnapshot>>();

/**
 * xstate's pure `transition`, remembered per machine, state value and event: without guards,
 * context or history states the next snapshot follows from those alone (snapshots are immutable).
 */
export function transitionMachine(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, type: string): AnyMachineSnapshot {
  let byKey = transitions.get(machine);
  if (!byKey) transitions.set(machine, (byKey = new Map()));
  const key = `${stateValueKey(snapshot)}\u0000${type}`;
  let next = byKey.get(key);
  if (!next) {
    [next] = transition(machine, snapshot, { type });
    byKey.set(key, next);
  }
  return next;
}

const initialSnapshots = new WeakMap<AnyStateMachine, AnyMachineSnapshot>();

/** xstate's pure `initialTransition`, once per machine (the same reasoning). */
export function initialSnapshotOf(machine: AnyStateMachine): AnyMachineSnapshot {
  let snapshot = initialSnapshots.get(machine);
  if (!snapshot) {
    [snapshot] = initialTransition(machine);
    initialSnapshots.set(machine, snapshot);
  }
  return snapshot;
}

const stateValueKey = (snapshot: AnyMachineSnapshot) => (typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value));

export function machineOf(procedure: CompiledProcedure): AnyStateMachine {
  const key = contentKey(procedure.machine);
  let machine = machines.get(key);
  if (!machine) {
    machine = createMachine(procedure.machine as never);
    machines.set(key, machine);
  }
  return machine;
}

/**
 * The calendar for queries about instants near `near`. A calendar first covers a few years around
 * them: its day table is built in every workflow's sandbox (and on every replay), and six years cost
 * a fraction of the default 87. Answers do not depend on the range, so a query that runs past it is
 * simply asked again of the full-range calendar.
 */
export function onCalendar<T>(data: CalendarData, near: string | Date, query: (calendar: WorkingCalendar) => T): T {
  const year = new Date(near).getUTCFullYear();
  try {
    return query(calendarOf(data, { firstYear: year - 1, lastYear: year + 4 }));
  } catch (error) {
    if (error instanceof CalendarError && error.code === 'CALENDAR_OUT_OF_RANGE') return query(calendarOf(data));
    throw error;
  }
}

export function calendarOf(data: CalendarData, range?: { firstYear: number; lastYear: number }): WorkingCalendar {
  const key = range ? `${contentKey(data)}@${range.firstYear}-${range.lastYear}` : contentKey(data);
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = createCalendar(data, range);
    calendars.set(key, calendar);
  }
  return calendar;
}


export function iso(date: Date): string {
  return date.toISOString();
}

export function addPeriod(calendar: CalendarData, from: string, period: Period): string {
  return iso(onCalendar(calendar, from, (calendar) => dueInstant(calendar, new Date(from), period)));
}

/** Step budgets in working days count office time from entry, not from the next day. */
export function budgetAsWorkingHours(calendar: CalendarData, budget: Period): Period {
  if (budget.unit !== 'working-days') return budget;
  const hoursPerDay = calendarOf(calendar).hours.perDayMs / 3_600_000;
  return { amount: budget.amount * hoursPerDay, unit: 'working-hours' };
}

/**
 * The instant `leadWorkingDays` of office time before `due`, counting from `start`: e.g. the last
 * moment for the apology letter (one working day before the deadline). A period shorter than the
 * lead gives `start`.
 */
export function workingDaysBefore(calendar: CalendarData, start: string, due: string, leadWorkingDays: number): string {
  const leadMinutes = (leadWorkingDays * calendarOf(calendar).hours.perDayMs) / 60_000;
  const totalMinutes = onCalendar(calendar, start, (c) => workingTimeBetween(c, new Date(start), new Date(due)).minutes);
  if (totalMinutes <= leadMinutes) return start;
  return addPeriod(calendar, start, { amount: (totalMinutes - leadMinutes) / 60, unit: 'working-hours' });
}
