/**
 * A case's view from the `cases` read model and its events, for when the workflow cannot answer
 * (no worker alive to run the query, or the workflow gone past the namespace's retention).
 * Marked `source: 'read-model'`: it is as fresh as the last event written, and it lists no allowed
 * actions, since the rules that decide them run in the workflow. Pure.
 */
import type { Selectable } from 'kysely';
import type { CaseEvent } from '../cases/case-event.js';
import type { CaseView } from '../cases/case-view.js';
import type { CompiledProcedure } from '../procedures/compiled-procedure.js';
import { isWardRole, resolveUnit } from '../procedures/units.js';
import type { CasesTable } from '../store/database-types.js';

type CaseRow = Omit<Selectable<CasesTable>, 'updated_at' | 'search_text' | 'applicant_name' | 'holding_units'>;

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

export function readModelView(row: CaseRow, events: CaseEvent[], procedure: CompiledProcedure | undefined): CaseView {
  // Labels from the compiled procedure only when it is the version the case runs.
  const described = procedure?.version === row.procedure_version ? procedure : undefined;
  const lastWith = (test: (e: CaseEvent) => boolean) => [...events].reverse().find(test);
  const calendarEvent = lastWith((e) => typeof e.data.calendarVersion === 'string');
  const apologyEvent = lastWith((e) => e.type === 'apology_issued');
  const clockEvent = lastWith((e) => e.type === 'clock_paused' || e.type === 'clock_resumed');
  const periodStartEvent = lastWith((e) => e.type === 'period_started');
  const periodStartPending = described?.periodStart !== undefined && !periodStartEvent;
  // The period runs from receipt, from the event the law counts it from, or from the last restart
  // after a supplement (NĐ61 Art. 19.4); while the applicant completes the dossier it does not run.
  const restartEvent = lastWith((e) => e.type === 'period_started' || e.type === 'deadline_restarted');
  const awaitingSupplement = row.state.split(' | ').some((path) => described?.states[path]?.kind === 'awaiting-supplement');
  const periodStartedAt =
    periodStartPending || awaitingSupplement
      ? null
      : restartEvent?.type === 'deadline_restarted' && typeof restartEvent.data.restartedAt === 'string'
        ? restartEvent.data.restartedAt
        : (restartEvent?.at ?? iso(row.received_at));
  return {
    caseCode: row.case_code,
    procedureCode: row.procedure_code,
    procedureVersion: row.procedure_version,
    calendarVersion: calendarEvent ? String(calendarEvent.data.calendarVersion) : 'unknown',
    state: row.state,
    states: row.state.split(' | ').map((path) => {
      const info = described?.states[path];
      return {
        path,
        kind: info?.kind ?? 'step',
        unit: info ? concreteUnit(info.unit, row) : row.unit,
        labelVi: info?.labelVi ?? path,
        labelEn: info?.labelEn ?? path,
      };
    }),
    status: row.status as CaseView['status'],
    unit: row.unit,
    receivedAt: iso(row.received_at),
    dueAt: isoOrNull(row.due_at),
    statutoryDueAt: isoOrNull(row.statutory_due_at),
    apology: apologyEvent
      ? {
          issuedAt: apologyEvent.at,
          newDueAt: String(apologyEvent.data.newDueAt),
          issuedInTime: apologyEvent.data.issuedInTime !== false,
          latestAt: typeof apologyEvent.data.latestInTimeAt === 'string' ? apologyEvent.data.latestInTimeAt : null,
          // The period's start is the workflow's; the row's dueAt already says which date is in force.
          periodStartedAt: null,
        }
      : null,
    overdue: row.overdue,
    wasOverdue: row.was_overdue,
    // The supplement window and every other action rule run in the workflow: none is offered here.
    supplementRequestOpenUntil: null,
    resolvedAt: isoOrNull(row.resolved_at),
    timeliness: row.timeliness as CaseView['timeliness'],
    outcome: row.outcome,
    allowedActions: [],
    actionFacts: [],
    extensionsUsed: events.filter((e) => e.type === 'period_extended').map((e) => String(e.data.extension)),
    clockPausedAt: clockEvent?.type === 'clock_paused' ? clockEvent.at : null,
    excludedWorkingMinutes: events
      .filter((e) => e.type === 'clock_resumed')
      .reduce((sum, e) => sum + (typeof e.data.excludedWorkingMinutes === 'number' ? e.data.excludedWorkingMinutes : 0), 0),
    periodStartedAt,
    periodStartPending,
    lastSeq: row.last_seq,
  };
}

/** A ward role made concrete with the case's ward, as the workflow does. */
function concreteUnit(unit: string, row: CaseRow): string {
  if (!isWardRole(unit)) return unit;
  const resolved = resolveUnit(unit, row.ward ?? undefined);
  return resolved.ok ? resolved.unit.code : row.unit;
}

/**
 * A gRPC call cut by its deadline, as the Temporal client reports it, however deeply wrapped:
 * DEADLINE_EXCEEDED (4), or CANCELLED (1, "context canceled") once the deadline has passed — a
 * server may cancel the call on its side when the client's deadline runs out.
 */
export function isCutByDeadline(error: unknown, deadlineMs: number, nowMs: number): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (code === 4 || (code === 1 && nowMs >= deadlineMs)) return true;
  }
  return false;
}
