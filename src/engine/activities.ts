import { caseEventSchema, type CaseEvent, type CaseProjection } from '../cases/case-event.js';
import type { Logger } from '../logger.js';
import { appendCaseEventsWithMetrics, type MetricsContext } from '../metrics/metrics-store.js';
import { appendCaseEvents } from '../store/case-store.js';
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
    /** Appends a batch of case events and the case row they lead to; a retry writes nothing twice. */
    async recordCaseEvents(batch: { events: CaseEvent[]; projection: CaseProjection }): Promise<number> {
      const events = caseEventSchema.array().parse(batch.events);
      const inserted = metrics
        ? await appendCaseEventsWithMetrics(db, events, batch.projection, metrics)
        : await appendCaseEvents(db, events, batch.projection);
      logger.debug({ caseCode: batch.projection.caseCode, inserted, events: events.map((e) => e.type) }, 'case events recorded');
      return inserted;
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
