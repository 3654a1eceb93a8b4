/**
 * The edges of the rules that keep the on-time figures honest (issue #9), on the pure case rules.
 * Expected instants are worked out by hand from the articles (office hours 08:00–17:00 +07:00,
 * periods counted from the day after receipt), for March 2024, which has no holiday.
 */
import { describe, expect, it } from 'vitest';
import { defaultCalendarData, mergeCalendarUpdate, type CalendarData } from '../../src/calendar/index.js';
import {
  applyAction,
  caseView,
  changeCalendar,
  checkAction,
  handleWakeUp,
  startCase,
  type ActionRequest,
  type CaseInput,
  type CaseState,
  type RuleVersions,
} from '../../src/cases/case-rules.js';
import { RefusalError } from '../../src/errors.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import { proceduresDir } from '../support/engine.js';

const catalogue = await loadCatalogue(proceduresDir);
const at = (local: string) => new Date(`${local}+07:00`);

function input(procedureCode: string, receivedAt: Date, calendar: CalendarData = defaultCalendarData): CaseInput {
  const procedure = catalogue.get(procedureCode)!.compiled;
  return {
    caseCode: `T-${procedureCode}`,
    procedure,
    calendar,
    receivedAt: receivedAt.toISOString(),
    channel: 'desk',
    applicant: { name: 'Test' },
    receivingUnit: procedure.receivingUnit.startsWith('ward:') ? 'P.TKG.MC' : procedure.receivingUnit,
    ward: 'TKG',
  };
}

/** Applies actions in turn, each at its instant, running the timers due before it. */
function run(state: CaseState, steps: Array<[string, string, Partial<ActionRequest>?]>): CaseState {
  for (const [action, local, extra] of steps) {
    const now = at(local);
    state = handleWakeUp(state, now).state;
    state = applyAction(state, { action, actor: 'officer-1', ...extra }, now).state;
  }
  return state;
}

const start = (code: string, local: string, rules: RuleVersions = {}, calendar?: CalendarData) =>
  startCase(input(code, at(local), calendar), rules).state;
const refusalOf = (state: CaseState, action: string, local: string, extra: Partial<ActionRequest> = {}) =>
  checkAction(state, { action, actor: 'officer-1', ...extra }, at(local))?.code ?? null;

describe('supplement request during processing (NĐ61 Art. 19.4: within 3 working days of receipt, once)', () => {
  // D7-XD-01: 15 working days. Received Monday 4 March 09:00 → the window closes Thursday 7 March 17:00.
  const accepted = () => run(start('D7-XD-01', '2024-03-04T09:00:00'), [['accept', '2024-03-04T10:00:00']]);

  it('allows a request at the last minute of the third working day and refuses one the next morning', () => {
    expect(caseView(accepted(), at('2024-03-04T10:00:00')).supplementRequestOpenUntil).toBe(at('2024-03-07T17:00:00').toISOString());
    expect(refusalOf(accepted(), 'request_supplement', '2024-03-07T16:59:00')).toBeNull();
    expect(refusalOf(accepted(), 'request_supplement', '2024-03-08T08:00:00')).toBe('CASE_SUPPLEMENT_WINDOW_CLOSED');
    expect(caseView(accepted(), at('2024-03-08T08:00:00')).allowedActions).not.toContain('request_supplement');
  });

  it('refuses a second request during processing, even after the completed supplement restarted the period', () => {
    const restarted = run(accepted(), [
      ['request_supplement', '2024-03-05T09:00:00'],
      ['supplement_completed', '2024-03-06T09:00:00'],
    ]);
    expect(restarted.statutoryDueAt).not.toBeNull();
    expect(refusalOf(restarted, 'request_supplement', '2024-03-06T10:00:00')).toBe('CASE_SUPPLEMENT_ALREADY_REQUESTED');
    expect(() => applyAction(restarted, { action: 'request_supplement', actor: 'o' }, at('2024-03-06T10:00:00'))).toThrow(RefusalError);
  });

  it('leaves requests at receipt, before processing, as they were', () => {
    const atReceipt = start('D7-XD-01', '2024-03-04T09:00:00');
    expect(refusalOf(atReceipt, 'request_supplement', '2024-03-11T09:00:00')).toBeNull();
  });

  it('refuses the laundering path: an overdue case cannot be restarted by a supplement request', () => {
    // D7-HKD-01: 3 working days. Received Monday 4 March 09:00 → due Thursday 7 March 17:00.
    const late = run(start('D7-HKD-01', '2024-03-04T09:00:00'), [['accept', '2024-03-08T09:00:00']]);
    expect(late).toMatchObject({ overdue: true, wasOverdue: true, statutoryDueAt: at('2024-03-07T17:00:00').toISOString() });
    expect(refusalOf(late, 'request_supplement', '2024-03-08T09:30:00')).toBe('CASE_SUPPLEMENT_WINDOW_CLOSED');
  });

  it('under the first rules (recorded histories) the same path launders a late case into an early one', () => {
    const legacy = run(start('D7-HKD-01', '2024-03-04T09:00:00', { legacyIntegrity: true }), [
      ['accept', '2024-03-08T09:00:00'],
      ['request_supplement', '2024-03-08T09:30:00'],
      ['supplement_completed', '2024-03-08T10:00:00'],
      ['submit_for_signature', '2024-03-08T11:00:00'],
      ['approve', '2024-03-08T14:00:00'],
    ]);
    expect(legacy.timeliness).toBe('early');
  });
});

describe('overdue is history', () => {
  it('is never cleared by a later calendar, and a case overdue in any period resolves late', () => {
    const overdue = run(start('D7-HKD-01', '2024-03-04T09:00:00'), [['accept', '2024-03-08T09:00:00']]);
    // A day off announced afterwards for Wednesday 6 March moves the deadline to Friday 8 March 17:00.
    const announced = mergeCalendarUpdate(defaultCalendarData, {
      version: 'test-6-march-off',
      schedules: [{ year: 2024, source: 'test notice', daysOff: [{ date: '2024-03-06', reason: 'test' }], workedDays: [] }],
    });
    const moved = changeCalendar(overdue, announced, at('2024-03-08T09:30:00')).state;
    expect(moved.statutoryDueAt).toBe(at('2024-03-08T17:00:00').toISOString());
    expect(moved).toMatchObject({ overdue: true, wasOverdue: true });
    const resolved = run(moved, [
      ['submit_for_signature', '2024-03-08T10:00:00'],
      ['approve', '2024-03-08T11:00:00'],
    ]);
    expect(resolved.timeliness).toBe('late');

    const legacy = changeCalendar({ ...overdue, legacyIntegrity: true }, announced, at('2024-03-08T09:30:00')).state;
    expect(legacy.overdue).toBe(false);
  });
});

describe('apology letter (NĐ61 Art. 19.9: no later than one working day before the deadline, once per dossier)', () => {
  // D7-HKD-01 received Monday 4 March 09:00, due Thursday 7 March 17:00: the latest day is Wednesday 6 March, until 17:00.
  const accepted = () => run(start('D7-HKD-01', '2024-03-04T09:00:00'), [['accept', '2024-03-04T10:00:00']]);
  const newDueAt = at('2024-03-12T17:00:00').toISOString();
  const apologyAt = (local: string) => run(accepted(), [['issue_apology', local, { newDueAt }]]).apology!;

  it('is in time at the close of the day before the deadline day, late from the deadline day on, and accepted after the deadline', () => {
    expect(apologyAt('2024-03-06T16:59:00')).toMatchObject({ issuedInTime: true, latestAt: at('2024-03-06T17:00:00').toISOString() });
    expect(apologyAt('2024-03-06T17:00:00').issuedInTime).toBe(true);
    expect(apologyAt('2024-03-07T08:00:00').issuedInTime).toBe(false);
    const afterDeadline = run(accepted(), [['issue_apology', '2024-03-08T09:00:00', { newDueAt }]]);
    expect(afterDeadline.apology!.issuedInTime).toBe(false);
    expect(caseView(afterDeadline).apology).toMatchObject({ issuedInTime: false, newDueAt });
  });

  it('sets the new date once per dossier: a restarted period neither resets the rule nor takes over the old date', () => {
    const restarted = run(accepted(), [
      ['issue_apology', '2024-03-05T09:00:00', { newDueAt }],
      ['request_supplement', '2024-03-05T10:00:00'],
      ['supplement_completed', '2024-03-06T09:00:00'],
    ]);
    expect(refusalOf(restarted, 'issue_apology', '2024-03-06T10:00:00', { newDueAt: at('2024-03-20T17:00:00').toISOString() })).toBe(
      'CASE_APOLOGY_ALREADY_ISSUED',
    );
    expect(caseView(restarted).dueAt).toBe(restarted.statutoryDueAt);

    const legacy = run(start('D7-HKD-01', '2024-03-04T09:00:00', { legacyIntegrity: true }), [
      ['accept', '2024-03-04T10:00:00'],
      ['issue_apology', '2024-03-05T09:00:00', { newDueAt }],
      ['request_supplement', '2024-03-05T10:00:00'],
      ['supplement_completed', '2024-03-06T09:00:00'],
    ]);
    expect(refusalOf(legacy, 'issue_apology', '2024-03-06T10:00:00', { newDueAt: at('2024-03-20T17:00:00').toISOString() })).toBeNull();
  });
});

describe('shared caches are keyed by content, not by version labels', () => {
  it('gives two calendars with one label their own deadlines on the same thread', () => {
    const relabelled = mergeCalendarUpdate(defaultCalendarData, {
      version: 'another-label',
      schedules: [{ year: 2024, source: 'test notice', daysOff: [{ date: '2024-03-05', reason: 'test' }], workedDays: [] }],
    });
    const sameLabel = { ...relabelled, version: defaultCalendarData.version };
    const due = (calendar: CalendarData) => start('D7-HKD-01', '2024-03-04T09:00:00', {}, calendar).statutoryDueAt;
    expect(due(defaultCalendarData)).toBe(at('2024-03-07T17:00:00').toISOString());
    expect(due(sameLabel)).toBe(at('2024-03-08T17:00:00').toISOString());
    expect(due(defaultCalendarData)).toBe(at('2024-03-07T17:00:00').toISOString());
  });
});
