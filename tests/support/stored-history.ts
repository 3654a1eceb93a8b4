/**
 * A synthetic history of one procedure stored as the engine stores it: each case's events and its
 * row in the read model (the rules' own projection), some still open — and, among those, some past
 * their deadline at `openAt` (the rules' wake-up marks them overdue) — so that the studio's pages
 * have variants, loops and live counts to show.
 */
import { defaultCalendar } from '../../src/calendar/index.js';
import { handleWakeUp } from '../../src/cases/case-rules.js';
import { projectionOf } from '../../src/cases/case-view.js';
import type { CompiledProcedure } from '../../src/procedures/compiled-procedure.js';
import { appendCaseEvents } from '../../src/store/case-store.js';
import type { MotcuaDb } from '../../src/store/database.js';
import { officeInstant, playCaseToState, walkPlan, workingDaysFrom, type Random, type WalkDraws } from './synthetic-history.js';

export interface StoredHistory {
  cases: number;
  open: number;
  overdue: number;
}

/**
 * `count` cases received on the working days from `from`; every `openEvery`-th case stops after its
 * first action (still open); an open case whose deadline has passed at `openAt` is marked overdue.
 */
export async function storeHistory(
  db: MotcuaDb,
  procedure: CompiledProcedure,
  options: { count: number; from: string; random: Random; draws: WalkDraws; openEvery: number; openAt: string },
): Promise<StoredHistory> {
  const days = workingDaysFrom(defaultCalendar, options.from, 120);
  const stored: StoredHistory = { cases: 0, open: 0, overdue: 0 };
  for (let i = 0; i < options.count; i += 1) {
    const receivedAt = officeInstant(defaultCalendar, days[Math.floor(options.random() * days.length)]!, options.random() * 480);
    const plan = walkPlan(procedure, options.draws);
    const open = i % options.openEvery === 0;
    const played = playCaseToState(procedure, `${procedure.code}-${i}`, i % 2 ? 'desk' : 'online', receivedAt, open ? plan.slice(0, 1) : plan, defaultCalendar);
    let { state } = played;
    const events = [...played.events];
    if (open) {
      const woken = handleWakeUp(state, new Date(options.openAt));
      state = woken.state;
      events.push(...woken.events);
      stored.open += 1;
      if (state.overdue) stored.overdue += 1;
    }
    await appendCaseEvents(db, events, projectionOf(state));
    stored.cases += 1;
  }
  return stored;
}
