import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../src/cases/case-event.js';
import { isCutByDeadline, readModelView } from '../../src/engine/read-model-view.js';
import type { CompiledProcedure } from '../../src/procedures/compiled-procedure.js';
import { testCatalogue } from '../support/engine.js';

const at = (iso: string) => new Date(iso);
const event = (seq: number, type: CaseEvent['type'], data: Record<string, unknown>, when: string): CaseEvent => ({
  caseCode: 'Q7.MC-251201-0001', seq, type, at: when, actor: 'o', unit: 'Q7.TCKH', fromState: null, toState: null, dueAt: null, data,
});

describe('a case view from the read model', () => {
  let procedure: CompiledProcedure;
  let wardProcedure: CompiledProcedure;
  beforeAll(async () => {
    const catalogue = await testCatalogue();
    procedure = catalogue.get('D7-HKD-01')!.compiled;
    wardProcedure = catalogue.get('D7-BTXH-01')!.compiled;
  });
  const row = () => ({
    case_code: 'Q7.MC-251201-0001',
    procedure_code: 'D7-HKD-01',
    procedure_version: procedure.version,
    receiving_unit: 'Q7.MC',
    channel: 'desk',
    applicant: '{}',
    received_at: at('2025-12-01T02:00:00Z'),
    state: 'appraisal',
    status: 'in_progress',
    unit: 'Q7.TCKH',
    due_at: at('2025-12-10T10:00:00Z'),
    statutory_due_at: at('2025-12-04T10:00:00Z'),
    overdue: false,
    was_overdue: false,
    ward: null as string | null,
    resolved_at: null,
    timeliness: null,
    outcome: null,
    last_seq: 4,
  });
  const events = [
    event(1, 'received', { calendarVersion: 'vn-2025.1' }, '2025-12-01T02:00:00.000Z'),
    event(2, 'action', { action: 'accept' }, '2025-12-01T03:00:00.000Z'),
    event(3, 'apology_issued', { newDueAt: '2025-12-10T10:00:00.000Z' }, '2025-12-03T03:00:00.000Z'),
    event(4, 'calendar_updated', { calendarVersion: 'vn-2025.2' }, '2025-12-03T04:00:00.000Z'),
  ];

  it('takes the state, the deadline in force and the apology from the row and the events, and offers no action', () => {
    const view = readModelView(row(), events, procedure);
    const info = procedure.states.appraisal!;
    expect(view).toMatchObject({
      caseCode: 'Q7.MC-251201-0001',
      calendarVersion: 'vn-2025.2',
      state: 'appraisal',
      status: 'in_progress',
      unit: 'Q7.TCKH',
      receivedAt: '2025-12-01T02:00:00.000Z',
      dueAt: '2025-12-10T10:00:00.000Z',
      statutoryDueAt: '2025-12-04T10:00:00.000Z',
      apology: { issuedAt: '2025-12-03T03:00:00.000Z', newDueAt: '2025-12-10T10:00:00.000Z', issuedInTime: true },
      allowedActions: [],
      actionFacts: [],
      supplementRequestOpenUntil: null,
      wasOverdue: false,
      extensionsUsed: [],
      clockPausedAt: null,
      excludedWorkingMinutes: 0,
      lastSeq: 4,
    });
    expect(view.states).toEqual([{ path: 'appraisal', kind: info.kind, unit: info.unit, labelVi: info.labelVi, labelEn: info.labelEn }]);
  });

  it('reads the overdue history, the extensions and the paused clock from the row and the events', () => {
    const later = [
      ...events,
      event(5, 'period_extended', { extension: 'complex', issuedInTime: false }, '2025-12-04T02:00:00.000Z'),
      event(6, 'clock_paused', {}, '2025-12-04T03:00:00.000Z'),
      event(7, 'clock_resumed', { excludedWorkingMinutes: 120 }, '2025-12-04T05:00:00.000Z'),
      event(8, 'clock_paused', {}, '2025-12-05T03:00:00.000Z'),
    ];
    const view = readModelView({ ...row(), was_overdue: true, last_seq: 8 }, later, procedure);
    expect(view).toMatchObject({ wasOverdue: true, extensionsUsed: ['complex'], clockPausedAt: '2025-12-05T03:00:00.000Z', excludedWorkingMinutes: 120 });
    const resumed = readModelView(row(), [...later, event(9, 'clock_resumed', { excludedWorkingMinutes: 60 }, '2025-12-05T04:00:00.000Z')], procedure);
    expect(resumed).toMatchObject({ clockPausedAt: null, excludedWorkingMinutes: 180 });
  });

  it('counts the period from receipt, stops it while the applicant completes the dossier, and from the restart afterwards', () => {
    expect(readModelView(row(), events, procedure).periodStartedAt).toBe('2025-12-01T02:00:00.000Z');
    const awaiting = Object.entries(procedure.states).find(([, info]) => info.kind === 'awaiting-supplement')![0];
    expect(readModelView({ ...row(), state: awaiting }, events, procedure).periodStartedAt).toBeNull();
    const restarted = [...events, event(5, 'deadline_restarted', { restartedAt: '2025-12-08T01:30:00.000Z' }, '2025-12-08T01:30:00.000Z')];
    expect(readModelView({ ...row(), last_seq: 5 }, restarted, procedure).periodStartedAt).toBe('2025-12-08T01:30:00.000Z');
  });

  it("makes a ward role concrete with the case's ward, as the workflow does", () => {
    const wardRow = { ...row(), procedure_code: 'D7-BTXH-01', procedure_version: wardProcedure.version, state: 'ward_review', unit: 'P.TTD', ward: 'TTD' };
    expect(readModelView(wardRow, events, wardProcedure).states[0]).toMatchObject({ path: 'ward_review', unit: 'P.TTD' });
    expect(readModelView({ ...wardRow, ward: 'TPG' }, events, wardProcedure).states[0]).toMatchObject({ unit: 'P.TPG' });
  });

  it('an apology issued late says so', () => {
    const late = [...events.slice(0, 2), event(3, 'apology_issued', { newDueAt: '2025-12-10T10:00:00.000Z', issuedInTime: false, latestInTimeAt: '2025-12-03T10:00:00.000Z' }, '2025-12-04T03:00:00.000Z')];
    expect(readModelView(row(), late, procedure).apology).toMatchObject({ issuedInTime: false, latestAt: '2025-12-03T10:00:00.000Z' });
  });

  it('falls back to the path as label when the catalogue holds another version of the procedure', () => {
    const view = readModelView({ ...row(), procedure_version: 'older' }, events.slice(0, 2), procedure);
    expect(view.states).toEqual([{ path: 'appraisal', kind: 'step', unit: 'Q7.TCKH', labelVi: 'appraisal', labelEn: 'appraisal' }]);
    expect(view).toMatchObject({ calendarVersion: 'vn-2025.1', apology: null });
  });

  it('recognises a call cut by its deadline, however deeply wrapped, and nothing else', () => {
    const wrapped = (code: number) => Object.assign(new Error('query failed'), { cause: Object.assign(new Error('grpc'), { code }) });
    expect(isCutByDeadline(wrapped(4), 1000, 900)).toBe(true);
    // "context canceled": the deadline's doing only once it has passed.
    expect(isCutByDeadline(wrapped(1), 1000, 1000)).toBe(true);
    expect(isCutByDeadline(wrapped(1), 1000, 999)).toBe(false);
    expect(isCutByDeadline(Object.assign(new Error('not found'), { code: 5 }), 1000, 2000)).toBe(false);
    expect(isCutByDeadline(new Error('plain'), 1000, 2000)).toBe(false);
  });
});
