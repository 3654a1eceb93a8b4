import { ApplicationFailure } from '@temporalio/common';
import { caseEventSchema, type CaseEvent, type CaseProjection } from '../cases/case-event.js';
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { appendCaseEventsWithMetrics, type MetricsContext } from '../metrics/metrics-store.js';
import { appendCaseEvents, CaseEventConflictError } from '../store/case-store.js';
import type { MotcuaDb } from '../store/database.js';

export interface ActivityDeps {
  db: MotcuaDb;
  logger: Logger;
  /** When given, the metrics projections are kept in the same transaction as the events. */
  metrics?: MetricsContext | undefined;
}

/** Activities as a factory over their dependencies, so tests pass a real database of their choice. */
export function createActivities({ db, logger, metrics }: ActivityDeps) {
  return {
    /**
     * Appends a batch of case events and the case row they lead to; a retry writes nothing twice.
     * Failures that no retry can mend (an invalid event, a different event at a stored seq) are
     * non-retryable and logged as errors; an unreachable database is retried.
     */
    async recordCaseEvents(batch: { events: CaseEvent[]; projection: CaseProjection; runId?: string }): Promise<number> {
      const caseCode = batch.projection.caseCode;
      const parsed = caseEventSchema.array().safeParse(batch.events);
      if (!parsed.success) throw permanentFailure(logger, 'CASE_EVENT_INVALID', { caseCode, detail: parsed.error.message });
      try {
        const inserted = metrics
          ? await appendCaseEventsWithMetrics(db, parsed.data, batch.projection, metrics, batch.runId)
          : await appendCaseEvents(db, parsed.data, batch.projection, batch.runId);
        logger.debug({ caseCode, inserted, events: parsed.data.map((e) => e.type) }, 'case events recorded');
        return inserted;
      } catch (error) {
        if (error instanceof CaseEventConflictError) throw permanentFailure(logger, 'CASE_EVENT_CONFLICT', { caseCode, seq: error.seq });
        // Integrity (23xxx) and data (22xxx) errors of PostgreSQL fail the same way on every retry.
        const sqlState = (error as { code?: unknown }).code;
        if (typeof sqlState === 'string' && /^2[23]/.test(sqlState)) {
          throw permanentFailure(logger, 'CASE_EVENT_INVALID', { caseCode, detail: `${sqlState} ${(error as Error).message}` });
        }
        throw error;
      }
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;

function permanentFailure(logger: Logger, code: 'CASE_EVENT_CONFLICT' | 'CASE_EVENT_INVALID', params: Record<string, string | number>): ApplicationFailure {
  const described = describeError(code, params);
  logger.error({ code, ...params }, described.message);
  return ApplicationFailure.nonRetryable(described.message, code, { params, messageVi: described.messageVi });
}
