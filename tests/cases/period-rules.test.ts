/**
 * Conditional periods and excluded time in the case rules (pure), from FIXED instants. Expected
 * dates are worked out by hand from the 2026 calendar (no holiday in March; 30 April and 1 May off).
 */
import { describe, expect, it } from 'vitest';
import { defaultCalendar, defaultCalendarData, formatInstant, mergeCalendarUpdate, workingTimeBetween } from '../../src/calendar/index.js';
import {
  applyAction,
  caseView,
  changeCalendar,
  checkAction,
  handleWakeUp,
  nextWakeUp,
  startCase,
  type CaseInput,
  type CaseState,
} from '../../src/cases/case-rules.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import { proceduresDir } from '../support/engine.js';

const catalogue = await loadCatalogue(proceduresDir);

function input(procedureCode: string, receivedAt: string): CaseInput {
  const procedure = catalogue.get(procedureCode)!.compiled;
  return { caseCode: `T-${procedureCode}`, procedure, calendar: defaultCalendarData, receivedAt, channel: 'desk', applicant: { name: 'Test' }, receivingUnit: procedure.receivingUnit, ward: 'TTD' };
}
const local = (iso: string | null) => (iso === null ? null : formatInstant(new Date(iso)));

function run(procedureCode: string, receivedAt: string, steps: Array<[string, string, string]>) {
  return continueRun(startCase(input(procedureCode, receivedAt)).state, steps);
}

/** Applies actions in order; before each, time alone has run up to its instant (warning, overdue). */
function continueRun(start: CaseState, steps: Array<[string, string, string]>) {
  let state = start;
  const events = [];
  for (const [action, unit, at] of steps) {
    const woken = handleWakeUp(state, new Date(at));
    events.push(...woken.events);
    const step = applyAction(woken.state, { action, actor: 'officer-1', actorUnit: unit }, new Date(at));
    state = step.state;
    events.push(...step.events);
  }
  return { state, events };
}

describe('an extension (LHT Art 28.2 via 47.1 on D7-HT-13: 03 ngày làm việc, +03 for verification)', () => {
  const received = '2026-03-02T09:00:00+07:00'; // Monday
  const accepted: Array<[string, string, string]> = [['accept', 'Q7.MC', '2026-03-02T09:30:00+07:00']];

  it('moves the statutory deadline by three working days, once, and records period_extended', () => {
    const before = run('D7-HT-13', received, accepted).state;
    expect(local(before.statutoryDueAt)).toBe('2026-03-05T17:00:00+07:00'); // Tue, Wed, Thu
    const { state, events } = run('D7-HT-13', received, [...accepted, ['extend_period_verification', 'Q7.TP', '2026-03-03T10:00:00+07:00']]);
    expect(local(state.statutoryDueAt)).toBe('2026-03-10T17:00:00+07:00'); // Fri 6, Mon 9, Tue 10
    const extended = events.find((event) => event.type === 'period_extended')!;
    expect(extended.data).toMatchObject({ extension: 'verification', by: { amount: 3, unit: 'working-days' }, previousDueAt: before.statutoryDueAt });
    expect(caseView(state).allowedActions).not.toContain('extend_period_verification');
    expect(checkAction(state, { action: 'extend_period_verification', actor: 'officer-1', actorUnit: 'Q7.TP' }, new Date('2026-03-05T10:00:00+07:00'))?.code).toBe('CASE_EXTENSION_ALREADY_USED');
  });

  it('is refused to a unit the law does not name, and once the deadline has passed', () => {
    const { state } = run('D7-HT-13', received, accepted);
    expect(checkAction(state, { action: 'extend_period_verification', actor: 'x', actorUnit: 'Q7.VP' }, new Date('2026-03-05T10:00:00+07:00'))?.code).toBe('CASE_ACTION_WRONG_UNIT');
    const overdue = handleWakeUp(state, new Date('2026-03-05T17:00:00+07:00')).state;
    expect(overdue.overdue).toBe(true);
    expect(checkAction(overdue, { action: 'extend_period_verification', actor: 'x', actorUnit: 'Q7.TP' }, new Date('2026-03-05T17:00:00+07:00'))?.code).toBe('CASE_EXTENSION_TOO_LATE');
  });

  it('a procedure without extensions keeps its deadline: nothing to invoke', () => {
    const { state } = run('D7-HKD-01', received, [['accept', 'Q7.MC', '2026-03-02T09:30:00+07:00']]);
    expect(caseView(state).allowedActions.some((action) => action.startsWith('extend_period_'))).toBe(false);
  });
});

describe('excluded time (D7-DD-01: the applicant pays the financial obligations)', () => {
  const received = '2026-04-20T09:00:00+07:00'; // Monday
  const toPayment: Array<[string, string, string]> = [
    ['accept', 'Q7.MC', '2026-04-20T09:00:00+07:00'],
    ['send_to_tax', 'Q7.VPDKDD', '2026-04-21T09:00:00+07:00'],
    ['issue_tax_notice', 'Q7.THUE', '2026-04-22T09:00:00+07:00'],
  ];

  it('pauses the clock in the payment step: no dueAt, no deadline wake-up', () => {
    const { state, events } = run('D7-DD-01', received, toPayment);
    expect(events.at(-1)!.type).toBe('clock_paused');
    expect(state.clockPausedAt).toBe(new Date('2026-04-22T09:00:00+07:00').toISOString());
    expect(caseView(state).dueAt).toBeNull();
    const wake = nextWakeUp(state);
    // Only the payment step's own budget can wake the case now, not the statutory deadline.
    expect(wake === null || wake.getTime() !== Date.parse(state.statutoryDueAt!)).toBe(true);
  });

  it('resumes on payment and moves the deadline by exactly the excluded working time (across Giỗ Tổ Hùng Vương, 30 April and 1 May)', () => {
    const paused = run('D7-DD-01', received, toPayment).state;
    // Wed 22 Apr 09:00 → Mon 4 May 09:00, one working day per weekday from 09:00 to 09:00: 22→23, 23→24,
    // 24→28 (Mon 27 Apr is off: Hùng Kings' day, 10/3 lunar, falls on Sunday 26 Apr 2026), 28→29, 29 Apr→4 May
    // (Thu 30/4 and Fri 1/5 off). Five working days.
    const { state, events } = run('D7-DD-01', received, [...toPayment, ['obligations_paid', 'Q7.VPDKDD', '2026-05-04T09:00:00+07:00']]);
    const resumed = events.find((event) => event.type === 'clock_resumed')!;
    const excluded = workingTimeBetween(defaultCalendar, new Date('2026-04-22T09:00:00+07:00'), new Date('2026-05-04T09:00:00+07:00')).minutes;
    expect(excluded).toBe(5 * 8 * 60);
    expect(resumed.data).toMatchObject({ excludedWorkingMinutes: excluded, previousDueAt: paused.statutoryDueAt });
    expect(workingTimeBetween(defaultCalendar, new Date(paused.statutoryDueAt!), new Date(state.statutoryDueAt!)).minutes).toBe(excluded);
    expect(state.clockPausedAt).toBeNull();
    expect(caseView(state)).toMatchObject({ excludedWorkingMinutes: excluded, dueAt: state.statutoryDueAt });
  });
});

describe('a period counted from acceptance (Luật Khiếu nại 2011 Art 28: 30 ngày kể từ ngày thụ lý; D7-KN-01)', () => {
  // Received Monday 2 March 2026 (no holiday in March). Thụ lý within 10 ngày làm việc (TT 07/2013 Art 5.1):
  // Tue 3 … Mon 16 March (ten weekdays) → 16 March 17:00.
  const received = '2026-03-02T09:00:00+07:00';
  // Accepted Friday 6 March: the 30th day is Sunday 5 April → Monday 6 April 17:00. Counted from receipt
  // it would have been Wednesday 1 April.
  const acceptedFriday: Array<[string, string, string]> = [['accept', 'Q7.MC', '2026-03-06T10:00:00+07:00']];
  const decided = (at: string): Array<[string, string, string]> => [
    ...acceptedFriday,
    ['submit_for_decision', 'Q7.VP', '2026-03-20T10:00:00+07:00'],
    ['issue_complaint_decision', 'Q7.VP', at],
  ];

  it('until acceptance, the deadline is the acceptance deadline (10 ngày làm việc from receipt)', () => {
    const state = startCase(input('D7-KN-01', received)).state;
    expect(state.periodStartPending).toBe(true);
    expect(local(state.statutoryDueAt)).toBe('2026-03-16T17:00:00+07:00');
    expect(caseView(state)).toMatchObject({ periodStartPending: true, periodStartedAt: state.input.receivedAt });
  });

  it('acceptance starts the 30 days: period_started is recorded and the deadline counts from it', () => {
    const { state, events } = run('D7-KN-01', received, acceptedFriday);
    const started = events.find((event) => event.type === 'period_started')!;
    expect(started.data).toMatchObject({ action: 'accept', previousDueAt: new Date('2026-03-16T17:00:00+07:00').toISOString() });
    expect(local(state.statutoryDueAt)).toBe('2026-04-06T17:00:00+07:00');
    expect(local(started.dueAt)).toBe('2026-04-06T17:00:00+07:00');
    expect(caseView(state)).toMatchObject({ periodStartPending: false, periodStartedAt: new Date('2026-03-06T10:00:00+07:00').toISOString() });
  });

  it('a decision on the deadline day (6 April 16:59) is on time, five days after 30 days from receipt; one after 17:00 is late', () => {
    const onTime = run('D7-KN-01', received, decided('2026-04-06T16:59:00+07:00'));
    expect(onTime.state.timeliness).toBe('on_time');
    expect(onTime.events.map((event) => event.type)).not.toContain('overdue');
    const late = run('D7-KN-01', received, decided('2026-04-06T17:01:00+07:00'));
    expect(late.events.map((event) => event.type)).toContain('overdue');
    expect(late.state.timeliness).toBe('late');
  });

  it('acceptance on the last minute of its 10 working days is in time; after it, the case is late for good', () => {
    const inTime = run('D7-KN-01', received, [['accept', 'Q7.MC', '2026-03-16T16:59:00+07:00']]);
    expect(inTime.state.wasOverdue).toBe(false);
    // 16 March + 30 days = Wednesday 15 April.
    expect(local(inTime.state.statutoryDueAt)).toBe('2026-04-15T17:00:00+07:00');
    const lateAcceptance = run('D7-KN-01', received, [['accept', 'Q7.MC', '2026-03-17T09:00:00+07:00']]);
    expect(lateAcceptance.events.find((event) => event.type === 'overdue')?.data).toMatchObject({
      statutoryDueAt: new Date('2026-03-16T17:00:00+07:00').toISOString(),
    });
    expect(lateAcceptance.state).toMatchObject({ overdue: false, wasOverdue: true });
    // 17 March + 30 days = Thursday 16 April: the resolution period itself is whole.
    expect(local(lateAcceptance.state.statutoryDueAt)).toBe('2026-04-16T17:00:00+07:00');
    const resolved = continueRun(lateAcceptance.state, [
      ['submit_for_decision', 'Q7.VP', '2026-03-20T10:00:00+07:00'],
      ['issue_complaint_decision', 'Q7.VP', '2026-03-25T10:00:00+07:00'],
    ]);
    expect(resolved.state.timeliness).toBe('late');
  });

  it('a complex case has at most 45 days from acceptance, not 15 days after a deadline moved to a Monday', () => {
    // 6 March + 45 days = Monday 20 April; 15 days after Monday 6 April would be Tuesday 21 April.
    const { state, events } = run('D7-KN-01', received, [...acceptedFriday, ['extend_period_complex_case', 'Q7.VP', '2026-03-20T10:00:00+07:00']]);
    expect(local(state.statutoryDueAt)).toBe('2026-04-20T17:00:00+07:00');
    expect(events.find((event) => event.type === 'period_extended')!.data).toMatchObject({ countedFrom: 'period-start', extension: 'complex_case' });
  });

  it('a calendar announced later recomputes from acceptance, with the extension kept', () => {
    const extended = run('D7-KN-01', received, [...acceptedFriday, ['extend_period_complex_case', 'Q7.VP', '2026-03-20T10:00:00+07:00']]).state;
    const extraDay = { year: 2026, source: 'hypothetical extra day off (test)', daysOff: [{ date: '2026-04-20', reason: 'extra day off (test)' }], workedDays: [] };
    const announced = mergeCalendarUpdate(defaultCalendarData, { version: 'test-2026-04-20', schedules: [extraDay] });
    const { state, events } = changeCalendar(extended, announced, new Date('2026-03-25T10:00:00+07:00'));
    expect(local(state.statutoryDueAt)).toBe('2026-04-21T17:00:00+07:00');
    expect(events[0]!.data).toMatchObject({ previousDueAt: extended.statutoryDueAt, dueAt: state.statutoryDueAt });
  });

  it('procedures counted from receipt are unchanged: no pending start, no period_started', () => {
    const { state, events } = run('D7-HKD-01', received, [['accept', 'Q7.MC', '2026-03-02T09:30:00+07:00']]);
    expect(state.periodStartPending).toBe(false);
    expect(state.periodStartedAt).toBe(state.input.receivedAt);
    expect(events.map((event) => event.type)).not.toContain('period_started');
  });
});

describe('a verification extension that is a total, from receipt (Luật Hộ tịch 2014 Art 18.2: "không quá 05 ngày làm việc"; D7-HT-02)', () => {
  // Received Monday 2 March 2026 at 16:00, after the 15:00 cut-off: the same-day period ends Tuesday 3 March
  // 17:00 (Art 5.3). With verification the whole period is 05 ngày làm việc from receipt: Tue 3 … Mon 9 March.
  // Added to the deadline instead, it would have been Tuesday 10 March.
  const received = '2026-03-02T16:00:00+07:00';
  const toVerification: Array<[string, string, string]> = [
    ['accept', 'P.TTD.MC', '2026-03-02T16:05:00+07:00'],
    ['order_verification', 'P.TTD', '2026-03-03T09:00:00+07:00'],
  ];
  const extendAt = (at: string): [string, string, string] => ['extend_period_verification', 'P.TTD', at];

  it('makes the deadline five working days from receipt, not five after the same-day deadline', () => {
    const before = run('D7-HT-02', received, toVerification).state;
    expect(local(before.statutoryDueAt)).toBe('2026-03-03T17:00:00+07:00');
    const { state, events } = run('D7-HT-02', received, [...toVerification, extendAt('2026-03-03T16:59:00+07:00')]);
    expect(local(state.statutoryDueAt)).toBe('2026-03-09T17:00:00+07:00');
    expect(events.find((event) => event.type === 'period_extended')!.data).toMatchObject({
      extension: 'verification',
      countedFrom: 'period-start',
      source: expect.stringContaining('Điều 18.2'),
    });
  });

  it('must be invoked within the same-day period: at 16:59 it is, after 17:00 it is too late', () => {
    const inTime = run('D7-HT-02', received, toVerification).state;
    expect(checkAction(inTime, { action: 'extend_period_verification', actor: 'x', actorUnit: 'P.TTD' }, new Date('2026-03-03T16:59:00+07:00'))).toBeNull();
    const overdue = handleWakeUp(inTime, new Date('2026-03-03T17:00:00+07:00')).state;
    expect(checkAction(overdue, { action: 'extend_period_verification', actor: 'x', actorUnit: 'P.TTD' }, new Date('2026-03-03T17:01:00+07:00'))?.code).toBe('CASE_EXTENSION_TOO_LATE');
  });

  it('a verified marriage registered on the fifth working day is on time; the next morning it is late', () => {
    const signed = (at: string): Array<[string, string, string]> => [
      ...toVerification,
      extendAt('2026-03-03T10:00:00+07:00'),
      ['submit_for_signature', 'P.TTD', '2026-03-09T10:00:00+07:00'],
      ['approve', 'P.TTD', at],
    ];
    expect(run('D7-HT-02', received, signed('2026-03-09T16:59:00+07:00')).state.timeliness).toBe('on_time');
    expect(run('D7-HT-02', received, signed('2026-03-10T08:00:00+07:00')).state.timeliness).toBe('late');
  });
});

describe('the same for Art 52.2 (D7-HT-15) and Art 49.2 (D7-HT-17): 03 ngày làm việc in all', () => {
  it.each([
    ['D7-HT-15', 'recording'],
    ['D7-HT-17', 'verification'],
  ])('%s: received Thursday 26 February 2026 10:00, verified → Tuesday 3 March 17:00', (code) => {
    // Fri 27 Feb, Mon 2 Mar, Tue 3 Mar.
    const { state } = run(code, '2026-02-26T10:00:00+07:00', [
      ['accept', 'Q7.MC', '2026-02-26T10:05:00+07:00'],
      ['extend_period_verification', 'Q7.TP', '2026-02-26T14:00:00+07:00'],
    ]);
    expect(local(state.statutoryDueAt)).toBe('2026-03-03T17:00:00+07:00');
  });
});

describe('a same-day period counted from the land office’s receipt, with a total for good reason (Nghị định 99/2022 Art 16.1–16.2; D7-DD-04)', () => {
  // Filed at the district desk Monday 2 March 2026 09:00, handed over (accept) at 16:00, after the 15:00
  // cut-off: due Tuesday 3 March 17:00, not Monday 17:00 as counted from the desk's receipt.
  const received = '2026-03-02T09:00:00+07:00';
  const handedOver: Array<[string, string, string]> = [['accept', 'Q7.MC', '2026-03-02T16:00:00+07:00']];

  it('runs no clock at the desk (Art 16 sets no handover time), then counts from the handover', () => {
    const start = startCase(input('D7-DD-04', received)).state;
    expect(start.statutoryDueAt).toBeNull();
    expect(caseView(start)).toMatchObject({ dueAt: null, periodStartPending: true, periodStartedAt: null });
    expect(nextWakeUp(start)).toBeNull();
    const { state } = run('D7-DD-04', received, handedOver);
    expect(local(state.statutoryDueAt)).toBe('2026-03-03T17:00:00+07:00');
  });

  it('for good reason at most 03 ngày làm việc from the handover: Thursday 5 March 17:00', () => {
    const { state } = run('D7-DD-04', received, [...handedOver, ['extend_period_good_reason', 'Q7.VPDKDD', '2026-03-03T10:00:00+07:00']]);
    expect(local(state.statutoryDueAt)).toBe('2026-03-05T17:00:00+07:00');
  });
});
