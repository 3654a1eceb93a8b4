/**
 * Conditional periods and excluded time in the case rules (pure), from FIXED instants. Expected
 * dates are worked out by hand from the 2026 calendar (no holiday in March; 30 April and 1 May off).
 */
import { describe, expect, it } from 'vitest';
import { defaultCalendar, defaultCalendarData, formatInstant, workingTimeBetween } from '../../src/calendar/index.js';
import { applyAction, caseView, checkAction, handleWakeUp, nextWakeUp, startCase, type CaseInput } from '../../src/cases/case-rules.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import { proceduresDir } from '../support/engine.js';

const catalogue = await loadCatalogue(proceduresDir);

function input(procedureCode: string, receivedAt: string): CaseInput {
  const procedure = catalogue.get(procedureCode)!.compiled;
  return { caseCode: `T-${procedureCode}`, procedure, calendar: defaultCalendarData, receivedAt, channel: 'desk', applicant: { name: 'Test' }, receivingUnit: procedure.receivingUnit };
}
const local = (iso: string | null) => (iso === null ? null : formatInstant(new Date(iso)));

function run(procedureCode: string, receivedAt: string, steps: Array<[string, string, string]>) {
  let state = startCase(input(procedureCode, receivedAt)).state;
  const events = [];
  for (const [action, unit, at] of steps) {
    const step = applyAction(state, { action, actor: 'officer-1', actorUnit: unit }, new Date(at));
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
