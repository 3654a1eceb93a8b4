/**
 * Step records name each step's concrete unit from the units the case carries (resolved at
 * submission from the deployment's directory), so a loaded commune's steps are its own units, not
 * the definition's ward-role tokens; a case without them (older input) resolves with the built-in list.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../src/calendar/index.js';
import type { CaseEvent } from '../../src/cases/case-event.js';
import { caseUnitsFor, type CaseUnits } from '../../src/cases/case-units.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import type { CompiledProcedure } from '../../src/procedures/compiled-procedure.js';
import { builtInUnitDirectory } from '../../src/procedures/unit-directory.js';
import { stepRecords } from '../../src/web/view-models/step-records.js';
import { testCatalogue } from '../support/engine.js';
import { provinceDirectory, provinceProceduresDir } from '../support/province-units.js';

const event = (seq: number, type: CaseEvent['type'], unit: string, toState: string, at: string): CaseEvent => ({
  caseCode: 'HCM.X.CG.MC-251201-0001', seq, type, at, actor: `actor-${seq}`, unit, fromState: null, toState, dueAt: null, data: {},
});
const now = new Date('2025-12-10T03:00:00Z');

describe('step records of a case', () => {
  let commune: CompiledProcedure;
  let communeUnits: CaseUnits;
  beforeAll(async () => {
    const catalogue = await loadCatalogue(provinceProceduresDir, undefined, provinceDirectory());
    commune = catalogue.get('HCM-BTXH-02')!.compiled;
    const resolved = caseUnitsFor(commune, provinceDirectory(), 'CG');
    if (!resolved.ok) throw new Error(resolved.message);
    communeUnits = resolved.units;
  });
  // Received at the commune's desk, sent on by its committee to the province department.
  const events = [
    event(1, 'received', 'HCM.X.CG.MC', 'receipt', '2025-12-01T02:00:00.000Z'),
    event(2, 'action', 'HCM.X.CG.MC', 'commune_submission', '2025-12-01T03:00:00.000Z'),
    event(3, 'action', 'HCM.X.CG', 'department_appraisal', '2025-12-02T03:00:00.000Z'),
  ];

  it('attributes a loaded commune’s steps to its own desk and committee, from the case’s units', () => {
    const steps = stepRecords(commune, defaultCalendarData, events, { ward: 'CG', units: communeUnits }, now);
    expect(steps.map((s) => [s.path, s.unit])).toEqual([
      ['receipt', 'HCM.X.CG.MC'],
      ['commune_submission', 'HCM.X.CG'],
      ['department_appraisal', 'HCM.SYT'],
    ]);
    expect(steps[1]).toMatchObject({ enteredBy: 'actor-2', leftBy: 'actor-3', leftAt: '2025-12-02T03:00:00.000Z' });
  });

  it('without the case’s units (an input older than the field) the built-in list cannot name the commune: the role token stays', () => {
    const steps = stepRecords(commune, defaultCalendarData, events, { ward: 'CG', units: undefined }, now);
    expect(steps.map((s) => s.unit)).toEqual(['ward:desk', 'ward:committee', 'HCM.SYT']);
  });

  it('an older District 7 case without units resolves its ward roles with the built-in list and its ward', async () => {
    const ward = (await testCatalogue()).get('D7-BTXH-01')!.compiled;
    const first = Object.entries(ward.states).find(([, info]) => info.kind === 'step' && info.unit === 'ward:committee')![0];
    const steps = stepRecords(ward, defaultCalendarData, [event(1, 'received', 'P.TTD.MC', first, '2025-12-01T02:00:00.000Z')], { ward: 'TTD', units: undefined }, now);
    expect(steps[0]).toMatchObject({ path: first, unit: 'P.TTD' });
    // The same case carrying units from the built-in directory says the same.
    const carried = caseUnitsFor(ward, builtInUnitDirectory, 'TTD');
    if (!carried.ok) throw new Error(carried.message);
    const withUnits = stepRecords(ward, defaultCalendarData, [event(1, 'received', 'P.TTD.MC', first, '2025-12-01T02:00:00.000Z')], { ward: 'TTD', units: carried.units }, now);
    expect(withUnits[0]!.unit).toBe('P.TTD');
  });
});
