import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent, CaseProjection } from '../../src/cases/case-event.js';
import { appendCaseEvents, CaseEventConflictError, getCaseRow, listCaseEvents, nextDossierSequence } from '../../src/store/case-store.js';
import { findSubmission, recordSubmission } from '../../src/store/submission-store.js';
import type { CaseInput } from '../../src/cases/case-rules.js';
import { createTestDatabase, storageKinds, type TestDatabase } from '../support/services.js';

function event(caseCode: string, seq: number, type: CaseEvent['type'] = 'action'): CaseEvent {
  return {
    caseCode,
    seq,
    type,
    at: new Date(Date.UTC(2024, 1, 1, 2, seq)).toISOString(),
    actor: 'officer-1',
    actorUnit: 'Q7.MC',
    unit: 'Q7.MC',
    fromState: 'receipt',
    toState: 'appraisal',
    dueAt: '2024-02-06T10:00:00.000Z',
    data: { action: 'accept', seq },
  };
}

function projection(caseCode: string, lastSeq: number, state: string): CaseProjection {
  return {
    caseCode,
    procedureCode: 'D7-HKD-01',
    procedureVersion: 'abc',
    receivingUnit: 'Q7.MC',
    channel: 'desk',
    applicant: { name: 'Nguyễn Văn A' },
    receivedAt: '2024-02-01T02:00:00.000Z',
    state,
    status: 'in_progress',
    unit: 'Q7.TCKH',
    dueAt: '2024-02-06T10:00:00.000Z',
    statutoryDueAt: '2024-02-06T10:00:00.000Z',
    overdue: false,
    wasOverdue: false,
    resolvedAt: null,
    timeliness: null,
    outcome: null,
    lastSeq,
  };
}

describe.each(storageKinds)('case store on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('stores events in sequence order with their data intact', async () => {
    const { db } = database;
    await appendCaseEvents(db, [event('C-1', 2), event('C-1', 1, 'received')], projection('C-1', 2, 'appraisal'));
    const events = await listCaseEvents(db, 'C-1');
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'received'],
      [2, 'action'],
    ]);
    expect(events[1]).toEqual(event('C-1', 2));
  });

  it('writes a retried batch only once', async () => {
    const { db } = database;
    const batch = [event('C-2', 1, 'received'), event('C-2', 2)];
    expect(await appendCaseEvents(db, batch, projection('C-2', 2, 'appraisal'))).toBe(2);
    expect(await appendCaseEvents(db, batch, projection('C-2', 2, 'appraisal'))).toBe(0);
    expect(await listCaseEvents(db, 'C-2')).toHaveLength(2);
  });

  it('keeps the case row moving forward when an older batch is retried late', async () => {
    const { db } = database;
    await appendCaseEvents(db, [event('C-3', 1, 'received')], projection('C-3', 1, 'receipt'));
    await appendCaseEvents(db, [event('C-3', 2)], projection('C-3', 2, 'appraisal'));
    await appendCaseEvents(db, [event('C-3', 1, 'received')], projection('C-3', 1, 'receipt'));
    const row = await getCaseRow(db, 'C-3');
    expect(row?.state).toBe('appraisal');
    expect(row?.last_seq).toBe(2);
  });

  it('numbers dossiers per unit and day from 1', async () => {
    const { db } = database;
    expect(await nextDossierSequence(db, 'Q7.MC', '2024-02-01')).toBe(1);
    expect(await nextDossierSequence(db, 'Q7.MC', '2024-02-01')).toBe(2);
    expect(await nextDossierSequence(db, 'P.TTD.MC', '2024-02-01')).toBe(1);
    expect(await nextDossierSequence(db, 'Q7.MC', '2024-02-02')).toBe(1);
  });

  it('keeps a committed write when a concurrent transaction rolls back', async () => {
    const { db } = database;
    const failing = db.transaction().execute(async (trx) => {
      await trx.insertInto('dossier_sequences').values({ unit_code: 'ROLLBACK', day: '2024-03-01', last_value: 1 }).execute();
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('abandoned');
    });
    const committed = appendCaseEvents(db, [event('C-4', 1, 'received')], projection('C-4', 1, 'receipt'));
    await expect(failing).rejects.toThrow('abandoned');
    await committed;
    expect(await listCaseEvents(db, 'C-4')).toHaveLength(1);
    expect(await getCaseRow(db, 'C-4')).toBeDefined();
    const leaked = await db.selectFrom('dossier_sequences').selectAll().where('unit_code', '=', 'ROLLBACK').execute();
    expect(leaked).toEqual([]);
  });

  it('fails loudly on a different event at a stored seq, and writes nothing of its batch', async () => {
    const { db } = database;
    await appendCaseEvents(db, [event('C-5', 1, 'received'), event('C-5', 2)], projection('C-5', 2, 'appraisal'), 'run-a');
    const different = appendCaseEvents(db, [event('C-5', 2, 'overdue'), event('C-5', 3)], projection('C-5', 3, 'signing'), 'run-a');
    await expect(different).rejects.toBeInstanceOf(CaseEventConflictError);
    await expect(different).rejects.toMatchObject({ caseCode: 'C-5', seq: 2 });
    // The statement that found the conflict moved no row: the case row is still at seq 2.
    expect((await getCaseRow(db, 'C-5'))?.state).toBe('appraisal');
  });

  it('tells a retry of the same run (same event, another instant) from another run at the same seq', async () => {
    const { db } = database;
    await appendCaseEvents(db, [event('C-6', 1, 'received')], projection('C-6', 1, 'receipt'), 'run-a');
    const retried = { ...event('C-6', 1, 'received'), at: new Date(Date.UTC(2024, 1, 1, 3)).toISOString() };
    expect(await appendCaseEvents(db, [retried], projection('C-6', 1, 'receipt'), 'run-a')).toBe(0);
    await expect(appendCaseEvents(db, [event('C-6', 1, 'received')], projection('C-6', 1, 'receipt'), 'run-b')).rejects.toBeInstanceOf(
      CaseEventConflictError,
    );
    expect(await listCaseEvents(db, 'C-6')).toHaveLength(1);
  });

  it('records a submission once per idempotency key, taking one dossier number, even when retried concurrently', async () => {
    const { db } = database;
    const input = (sequence: number) => ({ caseCode: `Q7.MC-240201-${String(sequence).padStart(4, '0')}` }) as CaseInput;
    const request = { idempotencyKey: 'key-12345', requestHash: 'h1', unitCode: 'IDEM', day: '2024-02-01', input };
    const results = await Promise.all([recordSubmission(db, request), recordSubmission(db, request), recordSubmission(db, request)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.submission.caseCode))).toEqual(new Set(['Q7.MC-240201-0001']));
    expect(await nextDossierSequence(db, 'IDEM', '2024-02-01')).toBe(2); // no number was taken by the retries
    expect((await findSubmission(db, 'key-12345'))?.input.caseCode).toBe('Q7.MC-240201-0001');
    const unkeyed = await recordSubmission(db, { ...request, idempotencyKey: undefined });
    expect(unkeyed).toMatchObject({ created: true, submission: { idempotencyKey: 'case:Q7.MC-240201-0003' } });
  });
});
