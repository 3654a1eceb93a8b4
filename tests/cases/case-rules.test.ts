import { describe, expect, it } from 'vitest';
import { defaultCalendar, defaultCalendarData, dueInstant, formatInstant, workingTimeBetween } from '../../src/calendar/index.js';
import { applyAction, checkAction, nextWakeUp, handleWakeUp, startCase, type CaseInput } from '../../src/cases/case-rules.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import { proceduresDir } from '../support/engine.js';

const catalogue = await loadCatalogue(proceduresDir);

function input(procedureCode: string, receivedAt: string): CaseInput {
  const procedure = catalogue.get(procedureCode)!.compiled;
  return {
    caseCode: `T-${procedureCode}`,
    procedure,
    calendar: defaultCalendarData,
    receivedAt,
    channel: 'desk',
    applicant: { name: 'Test' },
    receivingUnit: procedure.receivingUnit.startsWith('ward:') ? 'P.TTD.MC' : procedure.receivingUnit,
    ward: 'TTD',
  };
}

describe('case rules', () => {
  it.each(catalogue.procedures.map((p) => p.definition.code))('starts a %s case with a first wake-up no later than its deadline', (code) => {
    const { state, events } = startCase(input(code, '2026-11-26T03:00:00.000Z'));
    expect(events.map((e) => e.type)).toEqual(['received']);
    const wake = nextWakeUp(state);
    const periodStart = state.input.procedure.periodStart;
    if (periodStart && !periodStart.within) {
      // Counted from a later event with no deadline of its own (D7-DD-04: the land office's receipt): no clock yet.
      expect([state.statutoryDueAt, wake]).toEqual([null, null]);
      return;
    }
    expect(wake).not.toBeNull();
    expect(wake!.getTime()).toBeLessThanOrEqual(Date.parse(state.statutoryDueAt!));
    expect(wake!.getTime()).toBeGreaterThanOrEqual(Date.parse(state.input.receivedAt));
  });

  it('warns at the start of the working day before the deadline day, two office days ahead', () => {
    // Thursday 26 Nov 2026, 10:00: three working days → due Tuesday 1 Dec, 17:00.
    const { state } = startCase(input('D7-HKD-01', '2026-11-26T03:00:00.000Z'));
    expect(formatInstant(new Date(state.statutoryDueAt!))).toBe('2026-12-01T17:00:00+07:00');
    const warning = nextWakeUp(state)!;
    expect(workingTimeBetween(defaultCalendar, warning, new Date(state.statutoryDueAt!)).minutes).toBe(2 * 8 * 60);
    const { events } = handleWakeUp(state, warning);
    expect(events.map((e) => e.type)).toEqual(['deadline_warning']);
  });

  it('warns late in a calendar-day period, not at receipt', () => {
    const { state } = startCase(input('D7-XD-01', '2026-11-26T03:00:00.000Z'));
    const warning = nextWakeUp(state)!;
    const left = workingTimeBetween(defaultCalendar, warning, new Date(state.statutoryDueAt!)).minutes;
    expect(left).toBe(2 * 8 * 60);
    expect(warning.getTime() - Date.parse(state.input.receivedAt)).toBeGreaterThan(7 * 86_400_000);
  });

  it('warns at once when less than two office days are left, as for a same-day procedure', () => {
    const { state } = startCase(input('D7-HT-01', '2026-11-26T03:00:00.000Z'));
    expect(nextWakeUp(state)!.toISOString()).toBe(state.input.receivedAt);
  });

  it('warns a two-working-day case at the close of its receipt day, the eve of the day before the deadline', () => {
    // Thursday 10:00 → due Monday 30 Nov 17:00; the day before the deadline day is Friday.
    const { state } = startCase(input('D7-CT-05', '2026-11-26T03:00:00.000Z'));
    expect(formatInstant(new Date(state.statutoryDueAt!))).toBe('2026-11-30T17:00:00+07:00');
    expect(formatInstant(nextWakeUp(state)!)).toBe('2026-11-26T17:00:00+07:00');
  });

  it('refuses an unknown action, a system action and a second apology with their codes', () => {
    let { state } = startCase(input('D7-HKD-01', '2026-11-26T03:00:00.000Z'));
    expect(checkAction(state, { action: 'fly', actor: 'o' }, new Date('2026-11-26T03:00:00Z'))?.code).toBe('CASE_ACTION_NOT_ALLOWED');
    expect(checkAction(state, { action: 'supplement_window_expired', actor: 'o' }, new Date('2026-11-26T03:00:00Z'))?.code).toBe('CASE_ACTION_NOT_ALLOWED');
    state = applyAction(state, { action: 'accept', actor: 'o' }, new Date('2026-11-26T04:00:00Z')).state;
    const newDueAt = '2026-12-10T10:00:00.000Z';
    state = applyAction(state, { action: 'issue_apology', actor: 'o', newDueAt }, new Date('2026-11-30T04:00:00Z')).state;
    expect(checkAction(state, { action: 'issue_apology', actor: 'o', newDueAt }, new Date('2026-11-30T05:00:00Z'))?.code).toBe('CASE_APOLOGY_ALREADY_ISSUED');
    expect(() => applyAction(state, { action: 'issue_apology', actor: 'o', newDueAt }, new Date())).toThrow(/CASE_APOLOGY_ALREADY_ISSUED/);
  });

  it('computes a deadline that runs years past the calendar window it starts with, as the full calendar does', () => {
    // The rules first build a calendar for a few years around each query's instant; a period of
    // 1,500 working days (about six years) runs past it, and the rules ask the full calendar.
    const base = input('D7-HKD-01', '2026-11-26T03:00:00.000Z');
    const period = { amount: 1500, unit: 'working-days' } as const;
    const { state } = startCase({ ...base, procedure: { ...base.procedure, period } });
    expect(state.statutoryDueAt).toBe(dueInstant(defaultCalendar, new Date(base.receivedAt), period).toISOString());
    expect(Date.parse(state.statutoryDueAt!)).toBeGreaterThan(Date.parse('2031-01-01T00:00:00Z'));
  });
});
