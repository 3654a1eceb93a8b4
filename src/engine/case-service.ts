/**
 * The commands on cases: submit, look up, act. The API and the CLI translate to these;
 * this module translates them to Temporal and the store.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { CalendarError, formatInstant, type CalendarData } from '../calendar/index.js';
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
import { staffActor, type Actor, type Identity } from '../cases/actor.js';
import { actionsAllowedTo, authorizeSubmission, canReadCase, involvedUnits } from '../cases/authorization.js';
import { isErrorCode, MotcuaError } from '../errors.js';
import type { CompiledProcedure } from '../procedures/compiled-procedure.js';
import { isWardRole } from '../procedures/units.js';
import { builtInUnitDirectory, resolveInDirectory, type UnitDirectory } from '../procedures/unit-directory.js';
import { caseUnitsFor } from '../cases/case-units.js';
import { getCaseRow, listCaseEvents } from '../store/case-store.js';
import { caseUnitsOf, findSubmission, findSubmissionOfCase, recordSubmission, type StoredSubmission } from '../store/submission-store.js';
import { contentHash } from '../procedures/canonical-json.js';
import type { MotcuaDb } from '../store/database.js';
import { isCutByDeadline, readModelView } from './read-model-view.js';
import { calendarChangeUpdate, caseActionUpdate, caseViewQuery, caseWorkflowType } from '../../workflows/case-messages.js';

export interface ProcedureSource {
  /** The version in force at `at` (the lawful submission instant); without `at`, the newest. */
  get(code: string, at?: Date): CompiledProcedure | undefined;
}

export interface CaseServiceDeps {
  client: Client;
  db: MotcuaDb;
  taskQueue: string;
  procedures: ProcedureSource;
  /** The calendar new cases start with (the latest announced version, see calendar-announcements.ts). */
  calendar: () => CalendarData | Promise<CalendarData>;
  /** The clock at the edge (tests pass their own). */
  now?: () => Date;
  /** How long a read waits for the workflow before answering from the read model (default 2.5 s). */
  queryTimeoutMs?: number;
  /** The deployment's units (the `units` table, read at start); default: the built-in District 7 list. */
  units?: UnitDirectory;
}

export interface Submission {
  procedureCode: string;
  applicant: Record<string, unknown>;
  channel: Channel;
  /** Required for ward procedures: the ward whose desk receives the dossier. */
  ward?: string | undefined;
  /** For postal submissions only: the signed handover to the agency (QĐ45; defaults to now). */
  receivedAt?: string | undefined;
  /** Same key → same dossier: a client's retry after a timeout creates nothing twice. */
  idempotencyKey?: string | undefined;
  /** The desk officer entering it. */
  receivedBy?: Actor | undefined;
}

export interface CaseDetails extends CaseView {
  /** Who answered: the workflow itself, or the `cases` read model while no worker could (read-model-view.ts). */
  source: 'workflow' | 'read-model';
  /** Of the allowed actions, those the reader may take (only when read as an account). */
  yourActions?: string[];
  events: CaseEvent[];
  /** Working minutes each unit held the case: where a late case lost its time. */
  timeByUnit: UnitTime[];
}

export function createCaseService(deps: CaseServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const directory = deps.units ?? builtInUnitDirectory;
  const handle = (caseCode: string) => deps.client.workflow.getHandle(caseCode);

  /** The version in force at the lawful submission instant; the case keeps it for its whole life. */
  function procedureOf(code: string, receivedAt: Date): CompiledProcedure {
    const procedure = deps.procedures.get(code, receivedAt);
    if (procedure) return procedure;
    if (deps.procedures.get(code)) throw new MotcuaError('CASE_PROCEDURE_NOT_IN_FORCE', { procedureCode: code, receivedAt: receivedAt.toISOString() });
    throw new MotcuaError('CASE_UNKNOWN_PROCEDURE', { procedureCode: code });
  }

  async function submit(submission: Submission): Promise<CaseView> {
    const receivedAt = submission.receivedAt ? new Date(submission.receivedAt) : now();
    const procedure = procedureOf(submission.procedureCode, receivedAt);
    if (!procedure.channels.includes(submission.channel)) {
      throw new MotcuaError('CASE_CHANNEL_NOT_OFFERED', { procedureCode: procedure.code, channel: submission.channel });
    }
    // Only the post carries a lawful instant of its own (the signed handover, QĐ45); for the desk
    // and online the server's clock decides, so no caller can backdate a dossier.
    if (submission.receivedAt !== undefined && submission.channel !== 'post') {
      throw new MotcuaError('CASE_RECEIVED_AT_NOT_ALLOWED', { channel: submission.channel });
    }
    if (submission.ward !== undefined && !directory.hasWard(submission.ward)) {
      throw new MotcuaError('CASE_UNKNOWN_UNIT', { unit: submission.ward });
    }
    const needsWard = [procedure.receivingUnit, ...Object.values(procedure.states).map((s) => s.unit)].some(isWardRole);
    if (needsWard && submission.ward === undefined) {
      throw new MotcuaError('REQUEST_INVALID', { detail: `procedure ${procedure.code} is handled with a ward: give "ward"` });
    }
    const receiving = resolveInDirectory(directory, procedure.receivingUnit, submission.ward);
    if (!receiving.ok) throw new MotcuaError('REQUEST_INVALID', { detail: receiving.message });
    // The case carries its units, so the pure rules need no directory and a running case keeps them.
    const units = caseUnitsFor(procedure, directory, submission.ward);
    if (!units.ok) throw new MotcuaError('REQUEST_INVALID', { detail: `procedure ${procedure.code}: ${units.message}` });
    if (receivedAt.getTime() > now().getTime()) {
      throw new MotcuaError('REQUEST_INVALID', { detail: 'receivedAt is in the future' });
    }
    const { idempotencyKey, ...request } = submission;
    const requestHash = contentHash(request);
    if (idempotencyKey !== undefined) {
      const earlier = await findSubmission(deps.db, idempotencyKey);
      if (earlier) return resume(earlier, requestHash, idempotencyKey);
    }
    const day = formatInstant(receivedAt).slice(0, 10);
    const unnumbered: Omit<CaseInput, 'caseCode'> = {
      procedure,
      calendar: await deps.calendar(),
      receivedAt: receivedAt.toISOString(),
      channel: submission.channel,
      applicant: submission.applicant,
      receivingUnit: receiving.unit.code,
      ward: submission.ward,
      units: units.units,
      ...(submission.receivedBy ? { receivedBy: submission.receivedBy } : {}),
    };
    // The rules run first, so that what they cannot start (e.g. an instant outside every calendar)
    // is refused before a dossier number is taken or a workflow exists.
    try {
      startCase({ ...unnumbered, caseCode: 'pending' });
    } catch (error) {
      if (error instanceof CalendarError) throw new MotcuaError('REQUEST_INVALID', { detail: `receivedAt: ${error.message}` });
      throw error;
    }
    const recorded = await recordSubmission(deps.db, {
      idempotencyKey,
      requestHash,
      unitCode: receiving.unit.code,
      day,
      input: (sequence) => ({ ...unnumbered, caseCode: dossierCode(receiving.unit.code, receivedAt, sequence) }),
    });
    // A concurrent retry with the same key recorded it first: answer with that dossier.
    if (!recorded.created) return resume(recorded.submission, requestHash, idempotencyKey!);
    return startWorkflow(recorded.submission.input);
  }

  /** A submission already recorded under this key: the same dossier, its workflow started if a crash left it unstarted. */
  async function resume(earlier: StoredSubmission, requestHash: string, idempotencyKey: string): Promise<CaseView> {
    if (earlier.requestHash !== requestHash) {
      throw new MotcuaError('CASE_IDEMPOTENCY_KEY_REUSED', { key: idempotencyKey, caseCode: earlier.caseCode });
    }
    return startWorkflow(earlier.input);
  }

  async function startWorkflow(input: CaseInput): Promise<CaseView> {
    try {
      await deps.client.workflow.start(caseWorkflowType, {
        workflowId: input.caseCode,
        taskQueue: deps.taskQueue,
        args: [input],
        // A dossier code names one case for ever: never a second run under a closed case's id.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
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
    const deadline = Date.now() + (deps.queryTimeoutMs ?? 2500);
    try {
      return await deps.client.withDeadline(deadline, () => handle(caseCode).query(caseViewQuery));
    } catch (error) {
      if (isCutByDeadline(error, deadline, Date.now())) return null;
      const translated = translate(error, caseCode);
      if (translated instanceof MotcuaError && translated.code === 'CASE_NOT_FOUND') return null;
      throw translated;
    }
  }

  /** The case as its workflow answers, or from the read model when no worker answers in time. */
  async function readableCase(caseCode: string): Promise<{ current: CaseView; source: CaseDetails['source']; events: CaseEvent[]; holding: string[] }> {
    const [live, events] = await Promise.all([liveView(caseCode), listCaseEvents(deps.db, caseCode)]);
    if (live) return { current: live, source: 'workflow', events, holding: live.states.map((s) => s.unit) };
    const row = await getCaseRow(deps.db, caseCode);
    if (!row) {
      // Answered 201 but not yet projected (no worker has run its first task, e.g. under a worker
      // restart at volume): the case exists as its submission says, in the state the rules start it in.
      const submitted = await findSubmissionOfCase(deps.db, caseCode);
      if (!submitted) throw new MotcuaError('CASE_NOT_FOUND', { caseCode });
      const current = caseView(startCase(submitted.input).state);
      return { current, source: 'read-model', events, holding: current.states.map((s) => s.unit) };
    }
    const units = await caseUnitsOf(deps.db, caseCode);
    const current = readModelView(row, events, deps.procedures.get(row.procedure_code, new Date(row.received_at)), units);
    return { current, source: 'read-model', events, holding: row.holding_units };
  }

  async function details(caseCode: string): Promise<CaseDetails> {
    const { current, source, events } = await readableCase(caseCode);
    const holders = [...new Set(current.states.map((s) => s.unit))];
    return { ...current, source, events, timeByUnit: timeByUnit(calendarOf(await deps.calendar()), events, now(), holders) };
  }

  /** Runs an action once per idempotency key: a retry returns the first answer and writes nothing. */
  async function act(caseCode: string, request: ActionRequest, idempotencyKey: string): Promise<CaseView> {
    try {
      return await handle(caseCode).executeUpdate(caseActionUpdate, { args: [request], updateId: idempotencyKey });
    } catch (error) {
      throw await closedOrTranslated(error, caseCode);
    }
  }

  /** Sends a new calendar to an open case; its validator refuses a malformed one (CALENDAR_INVALID). */
  async function announceCalendar(caseCode: string, calendar: CalendarData): Promise<CaseView> {
    try {
      return await handle(caseCode).executeUpdate(calendarChangeUpdate, { args: [calendar] });
    } catch (error) {
      throw await closedOrTranslated(error, caseCode);
    }
  }

  /** A finished workflow answers an Update as not found; the case itself exists and is closed. */
  async function closedOrTranslated(error: unknown, caseCode: string): Promise<unknown> {
    const translated = translate(error, caseCode);
    if (translated instanceof MotcuaError && translated.code === 'CASE_NOT_FOUND' && (await getCaseRow(deps.db, caseCode))) {
      return new MotcuaError('CASE_CLOSED', { caseCode });
    }
    return translated;
  }

  /** The case as `identity` may see it: a unit that never held nor received it is told it does not exist. */
  async function checkVisible(identity: Identity, caseCode: string) {
    const readable = await readableCase(caseCode);
    if (!canReadCase(identity, involvedUnits(readable.events, readable.holding))) {
      throw new MotcuaError('CASE_NOT_FOUND', { caseCode });
    }
    return readable;
  }

  /** Receipt by a desk officer: only at the procedure's receiving desk; a ward desk's own ward is the default. */
  async function submitAs(identity: Identity, submission: Submission): Promise<CaseView> {
    const procedure = procedureOf(submission.procedureCode, submission.receivedAt ? new Date(submission.receivedAt) : now());
    const ward = submission.ward ?? (isWardRole(procedure.receivingUnit) ? (directory.find(identity.unit)?.ward ?? undefined) : undefined);
    const receiving = resolveInDirectory(directory, procedure.receivingUnit, ward);
    const refusal = authorizeSubmission(identity, receiving.ok ? receiving.unit.code : procedure.receivingUnit);
    if (refusal) throw new MotcuaError(refusal.code, refusal.params);
    return submit({ ...submission, ward, receivedBy: staffActor(identity) });
  }

  async function detailsFor(identity: Identity, caseCode: string): Promise<CaseDetails & { yourActions: string[] }> {
    const { current, source, events } = await checkVisible(identity, caseCode);
    const holders = [...new Set(current.states.map((s) => s.unit))];
    const yourActions = actionsAllowedTo(staffActor(identity), current.actionFacts ?? []);
    return { ...current, source, events, yourActions, timeByUnit: timeByUnit(calendarOf(await deps.calendar()), events, now(), holders) };
  }

  /** An action by a signed-in account: it must see the case (else 404); the case rules decide the rest. */
  async function actAs(identity: Identity, caseCode: string, request: Omit<ActionRequest, 'actor' | 'actorUnit'>, idempotencyKey: string): Promise<CaseView> {
    await checkVisible(identity, caseCode);
    return act(caseCode, { ...request, actor: staffActor(identity) }, idempotencyKey);
  }

  return { submit, view, details, act, announceCalendar, submitAs, detailsFor, actAs };
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
