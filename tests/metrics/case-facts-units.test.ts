/**
 * The metrics' step units of a loaded commune's case come from the units and ward the case carries
 * from its submission; a case without them (older input) keeps the built-in list's answer, which
 * cannot name a commune District 7 never had.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { calendarOf } from '../../src/cases/case-rules.js';
import { defaultCalendarData } from '../../src/calendar/index.js';
import type { CaseEvent } from '../../src/cases/case-event.js';
import { caseUnitsFor, type CaseUnits } from '../../src/cases/case-units.js';
import { caseFacts } from '../../src/metrics/case-facts.js';
import { metricProceduresOf, type MetricProcedure } from '../../src/metrics/metric-procedures.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import { provinceDirectory, provinceProceduresDir } from '../support/province-units.js';

const event = (seq: number, type: CaseEvent['type'], unit: string, toState: string, at: string, data: Record<string, unknown> = {}): CaseEvent => ({
  caseCode: 'HCM.X.CG.MC-251201-0001', seq, type, at, actor: `actor-${seq}`, unit, fromState: null, toState, dueAt: null, data,
});

describe('metrics facts of a loaded commune’s case', () => {
  let procedure: MetricProcedure;
  let units: CaseUnits;
  beforeAll(async () => {
    const catalogue = await loadCatalogue(provinceProceduresDir, undefined, provinceDirectory());
    procedure = metricProceduresOf(catalogue.procedures).get('HCM-BTXH-02')!;
    const resolved = caseUnitsFor(catalogue.get('HCM-BTXH-02')!.compiled, provinceDirectory(), 'CG');
    if (!resolved.ok) throw new Error(resolved.message);
    units = resolved.units;
  });
  const events = [
    event(1, 'received', 'HCM.X.CG.MC', 'receipt', '2025-12-01T02:00:00.000Z', { procedureCode: 'HCM-BTXH-02', channel: 'desk' }),
    event(2, 'action', 'HCM.X.CG.MC', 'commune_submission', '2025-12-01T03:00:00.000Z', { action: 'accept' }),
    event(3, 'action', 'HCM.X.CG', 'department_appraisal', '2025-12-02T03:00:00.000Z', { action: 'transfer_to_district' }),
  ];
  const calendar = calendarOf(defaultCalendarData);

  it('attributes the desk’s and the committee’s steps to the commune’s units, and knows its ward', () => {
    const facts = caseFacts(events, procedure, calendar, { units, ward: 'CG' })!;
    expect(facts.ward).toBe('CG');
    expect(facts.steps.map((s) => [s.state, s.unit])).toEqual([
      ['receipt', 'HCM.X.CG.MC'],
      ['commune_submission', 'HCM.X.CG'],
    ]);
  });

  it('without them the built-in list leaves the role tokens and no ward', () => {
    const facts = caseFacts(events, procedure, calendar)!;
    expect(facts.ward).toBeNull();
    expect(facts.steps.map((s) => s.unit)).toEqual(['ward:desk', 'ward:committee']);
  });
});
