import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { defaultCalendarData } from '../../src/calendar/index.js';
import type { Actor, Identity, StaffRole } from '../../src/cases/actor.js';
import {
  actionsAllowedTo,
  authorizeAction,
  authorizeSubmission,
  canReadCase,
  involvedUnits,
  roleFitsUnit,
  type ActionFacts,
} from '../../src/cases/authorization.js';
import { applyAction, caseView, checkAction, startCase, type CaseInput, type CaseState } from '../../src/cases/case-rules.js';
import { compileProcedure } from '../../src/procedures/compile.js';
import type { CompiledProcedure } from '../../src/procedures/compiled-procedure.js';
import { validateDefinition } from '../../src/procedures/validate.js';
import { compiledProcedure } from '../procedures/support.js';

const at = new Date('2026-11-26T03:00:00.000Z'); // Thursday 10:00 in Hồ Chí Minh City

const staff = (role: StaffRole, unit: string): Actor => ({ kind: 'staff', account: `${role}.${unit}`.toLowerCase(), unit, role });
const identity = (role: StaffRole, unit: string): Identity => ({ account: `${role}.${unit}`.toLowerCase(), name: 'T', unit, role });

function started(procedure: CompiledProcedure, ward = 'TTD'): CaseState {
  const input: CaseInput = {
    caseCode: `T-${procedure.code}`,
    procedure,
    calendar: defaultCalendarData,
    receivedAt: at.toISOString(),
    channel: 'desk',
    applicant: { name: 'Test' },
    receivingUnit: procedure.receivingUnit === 'ward:desk' ? `P.${ward}.MC` : procedure.receivingUnit,
    ward,
    receivedBy: staff('desk_officer', procedure.receivingUnit === 'ward:desk' ? `P.${ward}.MC` : procedure.receivingUnit),
  };
  return startCase(input).state;
}

/** Takes actions in turn, each by the actor given, failing loudly on a refusal. */
function walk(state: CaseState, steps: Array<[string, Actor]>): CaseState {
  let current = state;
  for (const [action, actor] of steps) {
    const refusal = checkAction(current, { action, actor }, new Date(current.input.receivedAt));
    if (refusal) throw new Error(`${action} by ${JSON.stringify(actor)}: ${refusal.code} ${JSON.stringify(refusal.params)}`);
    current = applyAction(current, { action, actor }, at).state;
  }
  return current;
}

const refusalCode = (state: CaseState, action: string, actor: Actor) => checkAction(state, { action, actor }, new Date(state.input.receivedAt))?.code ?? null;

describe('who may act on a district case (D7-HKD-01: desk Q7.MC, appraisal and signing at Q7.TCKH)', () => {
  const hkd = compiledProcedure('D7-HKD-01');
  const desk = staff('desk_officer', 'Q7.MC');

  it('lets only a desk officer of the receiving desk accept the dossier', () => {
    const state = started(hkd);
    expect(refusalCode(state, 'accept', desk)).toBeNull();
    expect(refusalCode(state, 'accept', staff('desk_officer', 'P.TTD.MC'))).toBe('CASE_ACTION_WRONG_UNIT');
    expect(refusalCode(state, 'accept', staff('manager', 'Q7.MC'))).toBe('CASE_ACTION_WRONG_ROLE');
    expect(refusalCode(state, 'accept', staff('specialist', 'Q7.TCKH'))).toBe('CASE_ACTION_WRONG_UNIT');
  });

  it('lets a specialist or the head of the holding office work, nobody of another office', () => {
    const state = walk(started(hkd), [['accept', desk]]);
    expect(refusalCode(state, 'submit_for_signature', staff('specialist', 'Q7.TCKH'))).toBeNull();
    expect(refusalCode(state, 'submit_for_signature', staff('head', 'Q7.TCKH'))).toBeNull();
    expect(refusalCode(state, 'submit_for_signature', staff('specialist', 'Q7.TP'))).toBe('CASE_ACTION_WRONG_UNIT');
    expect(refusalCode(state, 'submit_for_signature', staff('manager', 'Q7.TCKH'))).toBe('CASE_ACTION_WRONG_ROLE');
    expect(refusalCode(state, 'submit_for_signature', desk)).toBe('CASE_ACTION_WRONG_UNIT');
  });

  it('lets only the head sign (approve, and reject with reasons), not the specialist', () => {
    const signing = walk(started(hkd), [
      ['accept', desk],
      ['submit_for_signature', staff('specialist', 'Q7.TCKH')],
    ]);
    expect(refusalCode(signing, 'approve', staff('head', 'Q7.TCKH'))).toBeNull();
    expect(refusalCode(signing, 'approve', staff('specialist', 'Q7.TCKH'))).toBe('CASE_ACTION_WRONG_ROLE');
    expect(refusalCode(signing, 'approve', staff('head', 'Q7.TP'))).toBe('CASE_ACTION_WRONG_UNIT');
    expect(refusalCode(signing, 'reject', staff('head', 'Q7.TCKH'))).toBeNull();
    expect(refusalCode(signing, 'reject', staff('specialist', 'Q7.TCKH'))).toBe('CASE_ACTION_WRONG_ROLE');
    // Sending it back for rework is work, not a signature.
    expect(refusalCode(signing, 'return_for_rework', staff('specialist', 'Q7.TCKH'))).toBeNull();
    // The apology letter with a new date is signed by the office's head (NĐ61 Art. 19.9).
    const apology = { action: 'issue_apology', newDueAt: '2026-12-10T10:00:00.000Z' };
    expect(checkAction(signing, { ...apology, actor: staff('head', 'Q7.TCKH') }, new Date(signing.input.receivedAt))).toBeNull();
    expect(checkAction(signing, { ...apology, actor: staff('specialist', 'Q7.TCKH') }, new Date(signing.input.receivedAt))?.code).toBe('CASE_ACTION_WRONG_ROLE');
  });

  it('takes applicant-side actions only from a desk officer of the receiving desk, wherever the case is, and records it', () => {
    const appraisal = walk(started(hkd), [['accept', desk]]);
    expect(refusalCode(appraisal, 'withdraw', desk)).toBeNull();
    expect(refusalCode(appraisal, 'withdraw', staff('specialist', 'Q7.TCKH'))).toBe('CASE_ACTION_WRONG_UNIT');
    expect(refusalCode(appraisal, 'withdraw', staff('desk_officer', 'P.TTD.MC'))).toBe('CASE_ACTION_WRONG_UNIT');
    expect(refusalCode(appraisal, 'withdraw', staff('manager', 'Q7.MC'))).toBe('CASE_ACTION_WRONG_ROLE');

    const awaiting = walk(appraisal, [['request_supplement', staff('specialist', 'Q7.TCKH')]]);
    expect(refusalCode(awaiting, 'supplement_completed', staff('specialist', 'Q7.TCKH'))).toBe('CASE_ACTION_WRONG_UNIT');
    const { events } = applyAction(awaiting, { action: 'supplement_completed', actor: desk }, at);
    expect(events[0]).toMatchObject({ actor: 'desk_officer.q7.mc', actorUnit: 'Q7.MC', data: { onBehalfOf: 'applicant', role: 'desk_officer' } });
  });

  it('takes delivery events only from the post, and nothing else from it', () => {
    const sent = walk(started(hkd), [
      ['accept', desk],
      ['submit_for_signature', staff('specialist', 'Q7.TCKH')],
      ['approve', staff('head', 'Q7.TCKH')],
      ['consign_to_post', desk],
    ]);
    expect(refusalCode(sent, 'delivered', { kind: 'post' })).toBeNull();
    expect(refusalCode(sent, 'delivered', desk)).toBe('CASE_ACTION_NOT_ALLOWED');
    expect(refusalCode(started(hkd), 'accept', { kind: 'post' })).toBe('CASE_ACTION_NOT_ALLOWED');
    expect(refusalCode(started(hkd), 'accept', { kind: 'system' })).toBe('CASE_ACTION_NOT_ALLOWED');
  });

  it('records the account and its unit on every event of an action, and the desk officer on receipt', () => {
    const { events } = startCase({ ...started(hkd).input });
    expect(events[0]).toMatchObject({ type: 'received', actor: 'desk_officer.q7.mc', actorUnit: 'Q7.MC' });
    const step = applyAction(started(hkd), { action: 'accept', actor: desk }, at);
    expect(step.events.filter((e) => e.type === 'action')).toEqual([expect.objectContaining({ actor: 'desk_officer.q7.mc', actorUnit: 'Q7.MC', unit: 'Q7.MC' })]);
  });

  it('keeps the legacy path for string actors recorded before accounts', () => {
    const state = walk(started(hkd), [['accept', desk]]);
    expect(checkAction(state, { action: 'submit_for_signature', actor: 'officer-1' }, new Date(state.input.receivedAt))).toBeNull();
    expect(checkAction(state, { action: 'submit_for_signature', actor: 'officer-1', actorUnit: 'Q7.TP' }, new Date(state.input.receivedAt))?.code).toBe('CASE_ACTION_WRONG_UNIT');
    expect(checkAction(state, { action: 'withdraw', actor: 'post' }, new Date(state.input.receivedAt))?.code).toBe('CASE_ACTION_NOT_ALLOWED');
  });

  it('lists the buttons each account may press', () => {
    const view = caseView(walk(started(hkd), [['accept', desk]]));
    expect(actionsAllowedTo(staff('specialist', 'Q7.TCKH'), view.actionFacts).sort()).toEqual(['request_supplement', 'submit_for_signature']);
    expect(actionsAllowedTo(staff('head', 'Q7.TCKH'), view.actionFacts).sort()).toEqual(['issue_apology', 'reject', 'request_supplement', 'submit_for_signature']);
    expect(actionsAllowedTo(desk, view.actionFacts)).toEqual(['withdraw']);
    expect(actionsAllowedTo(staff('manager', 'Q7.VP'), view.actionFacts)).toEqual([]);
  });
});

describe('who may act on a ward case and in a consultation', () => {
  it('lets the ward chair sign and the ward officer work at the ward committee of the case', () => {
    const btxh = compiledProcedure('D7-BTXH-06');
    const wardDesk = staff('desk_officer', 'P.TTD.MC');
    const council = walk(started(btxh), [['accept', wardDesk]]);
    expect(refusalCode(council, 'submit_for_signature', staff('ward_officer', 'P.TTD'))).toBeNull();
    expect(refusalCode(council, 'submit_for_signature', staff('ward_officer', 'P.TTT'))).toBe('CASE_ACTION_WRONG_UNIT');
    const certification = walk(council, [['submit_for_signature', staff('ward_officer', 'P.TTD')]]);
    expect(refusalCode(certification, 'approve', staff('ward_chair', 'P.TTD'))).toBeNull();
    expect(refusalCode(certification, 'approve', staff('ward_officer', 'P.TTD'))).toBe('CASE_ACTION_WRONG_ROLE');
    expect(refusalCode(certification, 'approve', staff('ward_chair', 'P.TTT'))).toBe('CASE_ACTION_WRONG_UNIT');
    // The district's desk did not receive this case: it cannot act for the applicant.
    expect(refusalCode(certification, 'withdraw', staff('desk_officer', 'Q7.MC'))).toBe('CASE_ACTION_WRONG_UNIT');
    expect(refusalCode(certification, 'withdraw', wardDesk)).toBeNull();
  });

  it('lets each consulted unit answer for its own region only; the lead unit keeps the case-wide actions', () => {
    const mt = compiledProcedure('D7-MT-01');
    const consultation = walk(started(mt), [
      ['accept', staff('desk_officer', 'Q7.MC')],
      ['consult_agencies', staff('specialist', 'Q7.TNMT')],
    ]);
    expect(refusalCode(consultation, 'urban_answered', staff('specialist', 'Q7.QLDT'))).toBeNull();
    expect(refusalCode(consultation, 'urban_answered', staff('specialist', 'Q7.TNMT'))).toBe('CASE_ACTION_WRONG_UNIT');
    expect(refusalCode(consultation, 'ward_answered', staff('ward_officer', 'P.TTD'))).toBeNull();
    expect(refusalCode(consultation, 'ward_answered', staff('specialist', 'Q7.QLDT'))).toBe('CASE_ACTION_WRONG_UNIT');
    expect(refusalCode(consultation, 'consolidate_answers', staff('specialist', 'Q7.TNMT'))).toBeNull();
    expect(refusalCode(consultation, 'request_supplement', staff('specialist', 'Q7.TNMT'))).toBeNull();
    expect(refusalCode(consultation, 'request_supplement', staff('specialist', 'Q7.QLDT'))).toBe('CASE_ACTION_WRONG_UNIT');
  });

  it('follows the roles a definition names on an action instead of the table', () => {
    const document = parseYaml(readFileSync('procedures/ho-kinh-doanh/D7-HKD-01.yaml', 'utf8')) as { steps: Array<{ actions: Array<Record<string, unknown>> }> };
    document.steps[0]!.actions[0]!.roles = ['head'];
    const validated = validateDefinition(document, 'D7-HKD-01.yaml');
    if (!validated.ok) throw new Error(JSON.stringify(validated.issues));
    const headOnly = compileProcedure(validated.definition);
    const appraisal = walk(started(headOnly), [['accept', staff('desk_officer', 'Q7.MC')]]);
    expect(refusalCode(appraisal, 'submit_for_signature', staff('specialist', 'Q7.TCKH'))).toBe('CASE_ACTION_WRONG_ROLE');
    expect(refusalCode(appraisal, 'submit_for_signature', staff('head', 'Q7.TCKH'))).toBeNull();
    // Definitions without roles compile as before.
    expect(compiledProcedure('D7-HKD-01').states.appraisal).not.toHaveProperty('actionRoles');
  });

  it('refuses an unknown role in a definition', () => {
    const document = parseYaml(readFileSync('procedures/ho-kinh-doanh/D7-HKD-01.yaml', 'utf8')) as { steps: Array<{ actions: Array<Record<string, unknown>> }> };
    document.steps[0]!.actions[0]!.roles = ['mayor'];
    const validated = validateDefinition(document, 'D7-HKD-01.yaml');
    expect(validated.ok).toBe(false);
  });
});

describe('the pure decisions on their own', () => {
  const facts: ActionFacts = {
    action: 'approve',
    by: 'staff',
    handlers: [{ unit: 'Q7.TCKH', unitKind: 'office', signs: true }],
    receivingUnit: 'Q7.MC',
    state: 'signing',
  };

  it('names the roles a refused actor lacks', () => {
    expect(authorizeAction(staff('specialist', 'Q7.TCKH'), facts)).toEqual({
      code: 'CASE_ACTION_WRONG_ROLE',
      params: { action: 'approve', role: 'specialist', roles: 'head' },
    });
    expect(authorizeAction(staff('head', 'Q7.TCKH'), facts)).toBeNull();
  });

  it('lets nobody sign at a desk unless the definition names a role', () => {
    const atDesk = { ...facts, handlers: [{ unit: 'Q7.MC', unitKind: 'desk' as const, signs: true }] };
    expect(authorizeAction(staff('desk_officer', 'Q7.MC'), atDesk)?.code).toBe('CASE_ACTION_WRONG_ROLE');
    const named = { ...facts, handlers: [{ unit: 'Q7.MC', unitKind: 'desk' as const, signs: true, roles: ['desk_officer' as const] }] };
    expect(authorizeAction(staff('desk_officer', 'Q7.MC'), named)).toBeNull();
  });

  it('scopes reading to the units a case involved, and lets the manager read all', () => {
    const events = startCase({ ...started(compiledProcedure('D7-HKD-01')).input }).events;
    const units = involvedUnits(events, ['Q7.TCKH']);
    expect(units.sort()).toEqual(['Q7.MC', 'Q7.TCKH']);
    expect(canReadCase(identity('specialist', 'Q7.TCKH'), units)).toBe(true);
    expect(canReadCase(identity('specialist', 'Q7.TP'), units)).toBe(false);
    expect(canReadCase(identity('manager', 'Q7.VP'), units)).toBe(true);
    expect(canReadCase(identity('admin', 'Q7.VP'), units)).toBe(false);
  });

  it('counts units that held a case through handoffs and parallel holders', () => {
    const mt = compiledProcedure('D7-MT-01');
    const step = applyAction(walk(started(mt), [['accept', staff('desk_officer', 'Q7.MC')]]), { action: 'consult_agencies', actor: staff('specialist', 'Q7.TNMT') }, at);
    // The consultation's events alone name the three consulted units (the ward's committee included).
    expect(involvedUnits(step.events, []).sort()).toEqual(['P.TTD', 'Q7.QLDT', 'Q7.TNMT']);
  });

  it('receives dossiers only from a desk officer of the receiving desk', () => {
    expect(authorizeSubmission(identity('desk_officer', 'Q7.MC'), 'Q7.MC')).toBeNull();
    expect(authorizeSubmission(identity('desk_officer', 'P.TTD.MC'), 'Q7.MC')?.code).toBe('CASE_SUBMIT_NOT_ALLOWED');
    expect(authorizeSubmission(identity('specialist', 'Q7.MC'), 'Q7.MC')?.code).toBe('CASE_SUBMIT_NOT_ALLOWED');
  });

  it('places each role only in the kind of unit where it works', () => {
    expect(roleFitsUnit('desk_officer', 'desk')).toBe(true);
    expect(roleFitsUnit('desk_officer', 'office')).toBe(false);
    expect(roleFitsUnit('head', 'office')).toBe(true);
    expect(roleFitsUnit('head', 'ward_committee')).toBe(false);
    expect(roleFitsUnit('ward_chair', 'ward_committee')).toBe(true);
    expect(roleFitsUnit('ward_chair', 'desk')).toBe(false);
    expect(roleFitsUnit('manager', 'office')).toBe(true);
    expect(roleFitsUnit('admin', 'desk')).toBe(true);
  });
});
