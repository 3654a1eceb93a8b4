/**
 * Cases written to a database the way the workflow writes them (the pure case rules, then
 * appendCaseEvents with each batch's projection), without Temporal: for read-model tests and the
 * queue benchmark, where only the rows matter.
 */
import { defaultCalendarData } from '../../src/calendar/index.js';
import { applyAction, projectionOf, startCase, type CaseInput, type Channel, type Step } from '../../src/cases/case-rules.js';
import { dossierCode } from '../../src/cases/dossier-code.js';
import type { Catalogue } from '../../src/procedures/catalogue.js';
import { resolveUnit } from '../../src/procedures/units.js';
import { appendCaseEvents } from '../../src/store/case-store.js';
import type { MotcuaDb } from '../../src/store/database.js';

export interface RecordedCase {
  procedureCode: string;
  receivedAt: string;
  sequence: number;
  applicantName: string;
  ward?: string;
  channel?: Channel;
  /** Actions in order, each at its instant. */
  actions?: Array<{ action: string; at: string; note?: string; newDueAt?: string }>;
}

export function caseInputOf(catalogue: Catalogue, spec: RecordedCase): CaseInput {
  const procedure = catalogue.get(spec.procedureCode)?.compiled;
  if (!procedure) throw new Error(`no procedure ${spec.procedureCode}`);
  const receiving = resolveUnit(procedure.receivingUnit, spec.ward);
  if (!receiving.ok) throw new Error(receiving.message);
  return {
    caseCode: dossierCode(receiving.unit.code, new Date(spec.receivedAt), spec.sequence),
    procedure,
    calendar: defaultCalendarData,
    receivedAt: new Date(spec.receivedAt).toISOString(),
    channel: spec.channel ?? 'desk',
    applicant: { name: spec.applicantName },
    receivingUnit: receiving.unit.code,
    ward: spec.ward,
  };
}

/** The case's steps as the rules take them (first: received). */
export function caseSteps(catalogue: Catalogue, spec: RecordedCase): Step[] {
  const steps: Step[] = [startCase(caseInputOf(catalogue, spec))];
  for (const { action, at, note, newDueAt } of spec.actions ?? []) {
    steps.push(applyAction(steps[steps.length - 1]!.state, { action, actor: 'staff.test', note, newDueAt }, new Date(at)));
  }
  return steps;
}

/** Writes each step's batch as the workflow does; returns the case code. */
export async function recordCase(db: MotcuaDb, catalogue: Catalogue, spec: RecordedCase): Promise<string> {
  const steps = caseSteps(catalogue, spec);
  for (const step of steps) await appendCaseEvents(db, step.events, projectionOf(step.state));
  return steps[0]!.state.input.caseCode;
}
