/**
 * The statutory values of a definition that are not confirmed by a legal text, for
 * `motcua procedures lint --strict`. Step budgets are left out: they are internal splits of the
 * period, unconfirmed by design (docs/procedure-authoring.md).
 */
import { isParallelStep, type ProcedureDefinition } from './definition-schema.js';
import { procedureIssue, type ProcedureIssue } from './procedure-issues.js';

interface Fact {
  confirmed: boolean;
  source?: string | undefined;
}

export function unconfirmedValues(definition: ProcedureDefinition, file: string): ProcedureIssue[] {
  const issues: ProcedureIssue[] = [];
  const check = (fact: Fact | undefined, path: string, value: string) => {
    if (fact && !fact.confirmed) issues.push(procedureIssue('PROC_UNCONFIRMED_VALUE', file, path, { value, source: fact.source ?? '—' }));
  };
  const { period, fee, supplementWindow } = definition;
  check(period, 'period', `${period.amount} ${period.unit}`);
  check(fee, 'fee', fee.textVi);
  check(supplementWindow, 'supplementWindow', supplementWindow ? `${supplementWindow.amount} ${supplementWindow.unit}` : '');
  check(definition.periodStart, 'periodStart', definition.periodStart?.labelEn ?? '');
  check(definition.periodStart?.within, 'periodStart.within', definition.periodStart?.within ? `${definition.periodStart.within.amount} ${definition.periodStart.within.unit}` : '');
  (definition.extensions ?? []).forEach((extension, index) => check(extension, `extensions[${index}]`, `${extension.countedFrom === 'period-start' ? '' : '+'}${extension.amount} ${extension.unit}`));
  definition.steps.forEach((step, index) => {
    if (!isParallelStep(step)) check(step.excludedFromPeriod, `steps[${index}].excludedFromPeriod`, step.excludedFromPeriod?.reasonEn ?? '');
  });
  if (definition.onlineLevel !== null && !definition.onlineLevelSource) {
    issues.push(procedureIssue('PROC_UNCONFIRMED_VALUE', file, 'onlineLevel', { value: `level ${definition.onlineLevel}`, source: '—' }));
  }
  return issues;
}
