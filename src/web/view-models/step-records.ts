/**
 * Each step a case went through, from its events alone: which unit held it, when it was handed
 * over and by whom, who finished it, and whether it finished early, on time or late against its
 * own budget (the budget end computed by the same rule as the engine's step clocks). The case
 * page's timeline and the process-control slip (form 05) both read these. A step's unit is the
 * concrete one the case carries in its input (`units`, resolved at submission from the deployment's
 * directory); cases started before that field existed resolve with the built-in list. Pure.
 */
import { classifyResolution, type CalendarData } from '../../calendar/index.js';
import { addPeriod, budgetAsWorkingHours, calendarOf } from '../../cases/case-calendar.js';
import type { CaseEvent, Timeliness } from '../../cases/case-event.js';
import type { CompiledProcedure } from '../../procedures/compiled-procedure.js';
import { caseUnit, type CaseUnits } from '../../cases/case-units.js';

export interface StepRecord {
  path: string;
  labelVi: string;
  labelEn: string;
  unit: string;
  /** Handover into the step: when, and who handed it over (the actor of the event that entered it). */
  enteredAt: string;
  enteredBy: string;
  enteredSeq: number;
  /** When the step ended and who ended it (null while it runs). */
  leftAt: string | null;
  leftBy: string | null;
  leftSeq: number | null;
  budgetEndsAt: string | null;
  /** Against the step's own budget; null for steps without one, or still running and not yet late. */
  timeliness: Timeliness | null;
}

const paths = (label: string | null) => (label ? label.split(' | ').filter(Boolean) : []);

export function stepRecords(
  procedure: CompiledProcedure,
  calendarData: CalendarData,
  events: CaseEvent[],
  theCase: { ward: string | null | undefined; units: CaseUnits | undefined },
  now: Date,
): StepRecord[] {
  const calendar = calendarOf(calendarData);
  const unitOf = (path: string) => {
    const info = procedure.states[path];
    if (!info) return '—';
    const resolved = caseUnit({ units: theCase.units, ward: theCase.ward ?? undefined }, info.unit);
    return resolved.ok ? resolved.unit.code : info.unit;
  };
  const open = new Map<string, StepRecord>();
  const records: StepRecord[] = [];
  let current: string[] = [];
  for (const event of events) {
    if (event.toState === null) continue;
    const next = paths(event.toState);
    for (const path of current.filter((p) => !next.includes(p))) {
      const record = open.get(path);
      if (!record) continue;
      record.leftAt = event.at;
      record.leftBy = event.actor;
      record.leftSeq = event.seq;
      open.delete(path);
    }
    for (const path of next.filter((p) => !current.includes(p))) {
      const info = procedure.states[path];
      if (!info) continue;
      const budgetEndsAt = info.budget ? addPeriod(calendarData, event.at, budgetAsWorkingHours(calendarData, info.budget)) : null;
      const record: StepRecord = {
        path,
        labelVi: info.labelVi,
        labelEn: info.labelEn,
        unit: unitOf(path),
        enteredAt: event.at,
        enteredBy: event.actor,
        enteredSeq: event.seq,
        leftAt: null,
        leftBy: null,
        leftSeq: null,
        budgetEndsAt,
        timeliness: null,
      };
      open.set(path, record);
      records.push(record);
    }
    current = next;
  }
  for (const record of records) {
    if (!record.budgetEndsAt) continue;
    const end = new Date(record.budgetEndsAt);
    if (record.leftAt) record.timeliness = classifyResolution(calendar, new Date(record.leftAt), end);
    else if (now.getTime() > end.getTime()) record.timeliness = 'late';
  }
  return records;
}
