/**
 * Which unit used the time: working minutes between consecutive actions are attributed to the
 * units that held the case meanwhile (each region of a parallel consultation counts in full),
 * so a late case shows where its time went. Pure: derived from the events alone.
 */
import { workingTimeBetween, type WorkingCalendar } from '../calendar/index.js';
import type { CaseEvent } from './case-event.js';

export interface UnitTime {
  unit: string;
  workingMinutes: number;
}

export function timeByUnit(calendar: WorkingCalendar, events: CaseEvent[], now: Date, currentHolders: string[]): UnitTime[] {
  const totals = new Map<string, number>();
  const add = (units: string[], from: string, to: Date) => {
    const minutes = workingTimeBetween(calendar, new Date(from), to).minutes;
    for (const unit of units) totals.set(unit, (totals.get(unit) ?? 0) + minutes);
  };
  const received = events.find((e) => e.type === 'received');
  if (!received) return [];
  let since = received.at;
  for (const event of events) {
    if (event.type !== 'action' || !Array.isArray(event.data.heldBy)) continue;
    add(event.data.heldBy as string[], since, new Date(event.at));
    since = event.at;
  }
  const closed = events.find((e) => e.type === 'closed');
  if (!closed) add(currentHolders, since, now);
  return [...totals]
    .map(([unit, workingMinutes]) => ({ unit, workingMinutes }))
    .sort((a, b) => b.workingMinutes - a.workingMinutes || a.unit.localeCompare(b.unit));
}
