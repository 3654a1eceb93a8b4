/**
 * The commands on cases: submit, look up, act. The API and the CLI translate to these;
 * this module translates them to Temporal and the store.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { formatInstant, type CalendarData } from '../calendar/index.js';
import type { CaseEvent } from '../cases/case-event.js';
import {
  calendarOf,
  caseView,
  startCase,
  type ActionRequest,
  type CaseInput,
  type CaseView,
  type Channel,
} from '../cases/case-rules.js';
import { timeByUnit, type UnitTime } from '../cases/time-attribution.js';
import { dossierCode } from '../cases/dossier-code.js';
import { isErrorCode, MotcuaError } from '../errors.js';
import type { CompiledProcedure } from '../procedures/compiled-procedure.js';
import { findWard, isWardRole, resolveUnit } from '../procedures/units.js';
import { getCaseRow, listCaseEvents, nextDossierSequence } from '../store/case-store.js';
import type { MotcuaDb } from '../store/database.js';
import { isDeadlineExceeded, readModelView } from './read-model-view.js';
import { calendarUpdatedSignal, caseActionUpdate, caseViewQuery, caseWorkflowType } from '../../workflows/case-messages.js';

export interface ProcedureSource {
  get(code: string): CompiledProcedure | undefined;
}

export interface CaseServiceDeps {
  client: Client;
  db: MotcuaDb;
  taskQueue: string;
  procedures: ProcedureSource;
  calendar: () => CalendarData;
  /** The clock at the edge (tests pass their own). */
  now?: () => Date;
  /** How long a read waits for the workflow before answering from the read model (default 2.5 s). */
  queryTimeoutMs?: number;
}

export interface Submission {
  procedureCode: string;
  applicant: Record<string, unknown>;
  channel: Channel;
  /** Required for ward procedures: the ward whose desk receives the dossier. */
  ward?: string | undefined;
  /** For postal submissions: the signed handover to the agency (defaults to now). */
  receivedAt?: string | undefined;
}

export interface CaseDetails extends CaseView {
  /** Who answered: the workflow itself, or the `cases` read model while no worker could (read-model-view.ts). */
  source: 'workflow' | 'read-model';
  events: CaseEvent[];
  /** Working minutes each unit held the case: where a late case lost its time. */
  timeByUnit: UnitTime[];
}

export function createCaseService(deps: CaseServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const handle = (caseCode: string) => deps.client.workflow.getHandle(caseCode);

  function procedureOf(code: string): CompiledProcedure {
    const procedure = deps.procedures.get(code);
    if (!procedure) throw new MotcuaError('CASE_UNKNOWN_PROCEDURE', { procedureCode: code });
    return procedure;
  }

  async function submit(submission: Submission): Promise<CaseView> {
    const procedure = procedureOf(submission.procedureCode);
    if (!procedure.channels.includes(submission.channel)) {
      throw new MotcuaError('CASE_CHANNEL_NOT_OFFERED', { procedureCode: procedure.code, channel: submission.channel });
    }
    if (submission.ward !== undefined && !findWard(submission.ward)) {
      throw new MotcuaError('CASE_UNKNOWN_UNIT', { unit: submission.ward });
    }
    const needsWard = [procedure.receivingUnit, ...Object.values(procedure.states).map((s) => s.unit)].some(isWardRole);
    if (needsWard && submission.ward === undefined) {
      throw new MotcuaError('REQUEST_INVALID', { detail: `procedure ${procedure.code} is handled with a ward: give "ward"` });
    }
    const receiving = resolveUnit(procedure.receivingUnit, submission.ward);
    if (!receiving.ok) throw new MotcuaError('REQUEST_INVALID', { detail: receiving.message });
    const receivedAt = submission.receivedAt ? new Date(submission.receivedAt) : now();
    if (receivedAt.getTime() > now().getTime()) {
      throw new MotcuaError('REQUEST_INVALID', { detail: 'receivedAt is in the future' });
    }
    const day = formatInstant(receivedAt).slice(0, 10);
    const sequence = await nextDossierSequence(deps.db, receiving.unit.code, day);
    const input: CaseInput = {
      caseCode: dossierCode(receiving.unit.code, receivedAt, sequence),
      procedure,
      calendar: deps.calendar(),
      receivedAt: receivedAt.toISOString(),
      channel: submission.channel,
      applicant: submission.applicant,
      receivingUnit: receiving.unit.code,
      ward: submission.ward,
    };
    await deps.client.workflow.start(caseWorkflowType, {
      workflowId: input.caseCode,
      taskQueue: deps.taskQueue,
      args: [input],
    });
    // The first view is pure: the same function the workflow runs on the same input.
    return caseView(startCase(input).state);
  }

  async function view(caseCode: string): Promise<CaseView> {
    try {
      return await handle(caseCode).query(caseViewQuery);
    } catch (error) {
      throw translate(error, caseCode);
    }
  }

  /** The workflow's view; null when no worker answered in time or the workflow is past retention. */
  async function liveView(caseCode: string): Promise<CaseView | null> {
    try {
      return await deps.client.withDeadline(Date.now() + (deps.queryTimeoutMs ?? 2500), () => handle(caseCode).query(caseViewQuery));
    } catch (error) {
      if (isDeadlineExceeded(error)) return null;
      const translated = translate(error, caseCode);
      if (translated instanceof MotcuaError && translated.code === 'CASE_NOT_FOUND') return null;
      throw translated;
    }
  }

  async function details(caseCode: string): Promise<CaseDetails> {
    const [live, events] = await Promise.all([liveView(caseCode), listCaseEvents(deps.db, caseCode)]);
    let current: CaseView;
    if (live) current = live;
    else {
      const row = await getCaseRow(deps.db, caseCode);
      if (!row) throw new MotcuaError('CASE_NOT_FOUND', { caseCode });
      current = readModelView(row, events, deps.procedures.get(row.procedure_code));
    }
    const holders = [...new Set(current.states.map((s) => s.unit))];
    const source = live ? 'workflow' : 'read-model';
    return { ...current, source, events, timeByUnit: timeByUnit(calendarOf(deps.calendar()), events, now(), holders) };
  }

  /** Runs an action once per idempotency key: a retry returns the first answer and writes nothing. */
  async function act(caseCode: string, request: ActionRequest, idempotencyKey: string): Promise<CaseView> {
    try {
      return await handle(caseCode).executeUpdate(caseActionUpdate, { args: [request], updateId: idempotencyKey });
    } catch (error) {
      throw translate(error, caseCode);
    }
  }

  async function announceCalendar(caseCode: string, calendar: CalendarData): Promise<void> {
    await handle(caseCode).signal(calendarUpdatedSignal, calendar);
  }

  return { submit, view, details, act, announceCalendar };
}

export type CaseService = ReturnType<typeof createCaseService>;

/** Temporal's failures back to the error registry, so the API answers with stable codes. */
function translate(error: unknown, caseCode: string): unknown {
  if (error instanceof WorkflowNotFoundError) return new MotcuaError('CASE_NOT_FOUND', { caseCode });
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && isErrorCode(cause.type)) {
      const described = cause.details?.[0] as { params?: Record<string, string | number> } | undefined;
      return new MotcuaError(cause.type, described?.params ?? {});
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/workflow execution already completed/i.test(message)) return new MotcuaError('CASE_CLOSED', { caseCode });
  if (/not found/i.test(message) && /workflow/i.test(message)) return new MotcuaError('CASE_NOT_FOUND', { caseCode });
  return error;
}
