/**
 * The events activity tells failures a retry cannot mend from those it can (issue #9): an invalid
 * event and a different event at a stored seq are non-retryable ApplicationFailures with their
 * codes, and write nothing; a retry of the same batch is a no-op.
 */
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent, CaseProjection } from '../../src/cases/case-event.js';
import { createActivities } from '../../src/engine/activities.js';
import { listCaseEvents } from '../../src/store/case-store.js';
import { silentLogger } from '../support/engine.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';

const event = (seq: number, type: CaseEvent['type']): CaseEvent => ({
  caseCode: 'A-1',
  seq,
  type,
  at: new Date(Date.UTC(2035, 0, 8, 2, seq)).toISOString(),
  actor: 'system',
  unit: 'Q7.MC',
  fromState: null,
  toState: 'receipt',
  dueAt: null,
  data: {},
});
const projection = (lastSeq: number) =>
  ({
    caseCode: 'A-1',
    procedureCode: 'D7-HKD-01',
    procedureVersion: 'v',
    receivingUnit: 'Q7.MC',
    channel: 'desk',
    applicant: {},
    receivedAt: '2035-01-08T02:00:00.000Z',
    state: 'receipt',
    status: 'in_progress',
    unit: 'Q7.MC',
    dueAt: null,
    statutoryDueAt: null,
    overdue: false,
    wasOverdue: false,
    resolvedAt: null,
    timeliness: null,
    outcome: null,
    lastSeq,
  }) as CaseProjection;

describe('recordCaseEvents', () => {
  let database: TestDatabase;
  let record: ReturnType<typeof createActivities>['recordCaseEvents'];
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    record = createActivities({ db: database.db, logger: silentLogger }).recordCaseEvents;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('writes a batch once, and a retry from the same run writes nothing', async () => {
    expect(await record({ events: [event(1, 'received')], projection: projection(1), runId: 'run-1' })).toBe(1);
    expect(await record({ events: [event(1, 'received')], projection: projection(1), runId: 'run-1' })).toBe(0);
  });

  it('fails a different event at a stored seq for good (CASE_EVENT_CONFLICT), writing nothing', async () => {
    const failure = await record({ events: [event(1, 'overdue')], projection: projection(1), runId: 'run-1' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'CASE_EVENT_CONFLICT', nonRetryable: true });
    expect((await listCaseEvents(database.db, 'A-1')).map((e) => e.type)).toEqual(['received']);
  });

  it('fails an invalid event for good (CASE_EVENT_INVALID), writing nothing', async () => {
    const invalid = { ...event(2, 'action'), type: 'teleported' } as unknown as CaseEvent;
    const failure = await record({ events: [invalid], projection: projection(2), runId: 'run-1' }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ type: 'CASE_EVENT_INVALID', nonRetryable: true });
    expect(await listCaseEvents(database.db, 'A-1')).toHaveLength(1);
  });
});
