/**
 * A case at a commune an organisation loaded: the units travel in the case's input (made concrete
 * once, from the deployment's directory), and the pure rules decide with them alone.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../src/calendar/index.js';
import type { Actor, StaffRole } from '../../src/cases/actor.js';
import { applyAction, checkAction, principalState, startCase, type CaseInput, type CaseState } from '../../src/cases/case-rules.js';
import { caseUnit, caseUnitsFor, unitReferences } from '../../src/cases/case-units.js';
import { compileProcedure } from '../../src/procedures/compile.js';
import { builtInUnitDirectory } from '../../src/procedures/unit-directory.js';
import { validateDefinition } from '../../src/procedures/validate.js';
import { provinceDirectory, provinceProcedureFile } from '../support/province-units.js';
import { compiledProcedure } from '../procedures/support.js';

const at = new Date('2026-11-26T03:00:00.000Z'); // Thursday 10:00 in Hồ Chí Minh City
const staff = (role: StaffRole, unit: string): Actor => ({ kind: 'staff', account: `${role}.${unit}`.toLowerCase(), unit, role });

const province = provinceDirectory();
function provinceProcedure() {
  const validated = validateDefinition(parseYaml(readFileSync(provinceProcedureFile, 'utf8')), provinceProcedureFile, province);
  if (!validated.ok) throw new Error(JSON.stringify(validated.issues));
  return compileProcedure(validated.definition);
}

function started(units: CaseInput['units']): CaseState {
  const procedure = provinceProcedure();
  return startCase({
    caseCode: 'HCM.X.CG.MC-261126-0001',
    procedure,
    calendar: defaultCalendarData,
    receivedAt: at.toISOString(),
    channel: 'desk',
    applicant: { name: 'Test' },
    receivingUnit: 'HCM.X.CG.MC',
    ward: 'CG',
    units,
    receivedBy: staff('desk_officer', 'HCM.X.CG.MC'),
  }).state;
}

const refusal = (state: CaseState, action: string, actor: Actor) => checkAction(state, { action, actor }, at)?.code ?? null;
const act = (state: CaseState, action: string, actor: Actor) => {
  const refused = checkAction(state, { action, actor }, at);
  if (refused) throw new Error(`${action}: ${refused.code} ${JSON.stringify(refused.params)}`);
  return applyAction(state, { action, actor }, at).state;
};

describe('the units a case carries', () => {
  it('are every reference of the procedure made concrete for the case’s commune', () => {
    const procedure = provinceProcedure();
    expect(unitReferences(procedure)).toEqual(['HCM.SYT', 'ward:committee', 'ward:desk']);
    expect(caseUnitsFor(procedure, province, 'CG')).toEqual({
      ok: true,
      units: {
        'HCM.SYT': { code: 'HCM.SYT', kind: 'office' },
        'ward:committee': { code: 'HCM.X.CG', kind: 'ward_committee' },
        'ward:desk': { code: 'HCM.X.CG.MC', kind: 'desk' },
      },
    });
    expect(caseUnitsFor(procedure, builtInUnitDirectory, 'TTD')).toMatchObject({ ok: false, code: 'PROC_UNKNOWN_UNIT', reference: 'HCM.SYT' });
    expect(caseUnitsFor(procedure, province, 'ZZ')).toMatchObject({ ok: false, code: 'PROC_UNKNOWN_WARD' });
  });

  it('let a case be received and acted on at the loaded commune and department, by the roles of their kinds', () => {
    const units = caseUnitsFor(provinceProcedure(), province, 'CG');
    if (!units.ok) throw new Error(units.message);
    let state = started(units.units);
    expect(refusal(state, 'accept', staff('desk_officer', 'P.TTD.MC'))).toBe('CASE_ACTION_WRONG_UNIT');
    state = act(state, 'accept', staff('desk_officer', 'HCM.X.CG.MC'));
    expect(principalState(state)).toMatchObject({ path: 'commune_submission', unit: 'HCM.X.CG' });
    expect(refusal(state, 'transfer_to_district', staff('ward_officer', 'P.TTD'))).toBe('CASE_ACTION_WRONG_UNIT');
    expect(refusal(state, 'transfer_to_district', staff('desk_officer', 'HCM.X.CG.MC'))).toBe('CASE_ACTION_WRONG_UNIT');
    state = act(state, 'transfer_to_district', staff('ward_officer', 'HCM.X.CG'));
    expect(principalState(state)).toMatchObject({ path: 'department_appraisal', unit: 'HCM.SYT' });
    // The department is an office: its head signs, a specialist may not.
    expect(refusal(state, 'approve', staff('specialist', 'HCM.SYT'))).toBe('CASE_ACTION_WRONG_ROLE');
    state = act(state, 'approve', staff('head', 'HCM.SYT'));
    expect(principalState(state).unit).toBe('HCM.X.CG.MC'); // the result goes back to the commune's desk
  });

  it('without carried units (cases started before units were data) come from the built-in list, as they ran', () => {
    const btxh = compiledProcedure('D7-BTXH-02');
    expect(caseUnit({ ward: 'TTD' }, 'ward:committee')).toEqual({ ok: true, unit: { code: 'P.TTD', kind: 'ward_committee' } });
    expect(caseUnit({ ward: 'TTD' }, 'Q7.LDTBXH')).toEqual({ ok: true, unit: { code: 'Q7.LDTBXH', kind: 'office' } });
    expect(caseUnit({ units: {} }, 'Q7.LDTBXH')).toMatchObject({ ok: false });
    const legacy = startCase({
      caseCode: 'P.TTD.MC-261126-0001', procedure: btxh, calendar: defaultCalendarData, receivedAt: at.toISOString(), channel: 'desk',
      applicant: { name: 'Test' }, receivingUnit: 'P.TTD.MC', ward: 'TTD', receivedBy: staff('desk_officer', 'P.TTD.MC'),
    }).state;
    expect(principalState(act(legacy, 'accept', staff('desk_officer', 'P.TTD.MC'))).unit).toBe('P.TTD');
  });
});
