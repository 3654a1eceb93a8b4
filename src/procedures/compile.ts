/**
 * Compiles a procedure definition into the xstate machine the case workflow runs.
 *
 * Pure and deterministic: no Node APIs, no clock, no randomness, keys sorted, so the
 * same definition always gives byte-identical JSON and the module can be bundled
 * into Temporal workflow code. The definition must have passed `validateDefinition`.
 *
 * Generated around the designer's steps (see docs/procedure-authoring.md):
 * receipt → steps → approved | rejected → return (desk / online / post) → closed,
 * with supplement, withdrawal and apology paths.
 */
import type { Period } from '../calendar/period.js';
import { canonicalize, canonicalJson, sha256Hex } from './canonical-json.js';
import type { ActionInfo, CompiledProcedure, PeriodExtension, StateInfo } from './compiled-procedure.js';
import {
  isParallelStep,
  type ActionDefinition,
  type ParallelStepDefinition,
  type PeriodFact,
  type ProcedureDefinition,
  type TaskStepDefinition,
} from './definition-schema.js';
import { MachineBuilder, type MachineStateNode, type Transition } from './machine-builder.js';
import { resultReturnStates } from './result-return-states.js';
import { stepBudget } from './step-budget.js';
import { COMMON_ACTIONS, GENERATED_ACTIONS, REGION_DONE_TARGET } from './standard-actions.js';

/** Bumped when the compiled shape changes, so old and new compilations never share a version. */
export const COMPILED_FORMAT = 'motcua.procedure/1';

/** Practice default when a definition gives no supplement window (no legal figure in NĐ61). */
export const DEFAULT_SUPPLEMENT_WINDOW: Period = { amount: 30, unit: 'calendar-days' };

export const EXTEND_PERIOD_PREFIX = 'extend_period_';

export function extendPeriodAction(extensionId: string): string {
  return `${EXTEND_PERIOD_PREFIX}${extensionId}`;
}

export function awaitingSupplementStateId(stepId: string): string {
  return `awaiting_supplement_${stepId}`;
}

/** sha256 (first 16 hex) of the canonical definition and the compiled format. */
export function procedureVersion(definition: ProcedureDefinition): string {
  return sha256Hex(canonicalJson({ format: COMPILED_FORMAT, definition })).slice(0, 16);
}

/**
 * @example
 * const compiled = compileProcedure(definition);
 * const machine = createMachine(compiled.machine);
 */
export function compileProcedure(definition: ProcedureDefinition): CompiledProcedure {
  const builder = new MachineBuilder();
  const desk = definition.receivingUnit;
  const a = GENERATED_ACTIONS;
  const firstStep = definition.steps[0]?.id ?? 'approved';
  const withdraw = (): [string, Transition] => builder.go('withdraw', a.withdraw, 'withdrawn');
  const finalState = (path: string, outcome: StateInfo['outcome'], labelVi: string, labelEn: string) =>
    builder.node({ path, kind: 'final', unit: desk, outcome, labelVi, labelEn }, { type: 'final' });
  const awaitingSupplement = (returnTo: string, labelVi: string, labelEn: string) =>
    builder.node(
      { path: awaitingSupplementStateId(returnTo), kind: 'awaiting-supplement', unit: desk, labelVi: `Chờ bổ sung — ${labelVi}`, labelEn: `Awaiting supplement — ${labelEn}` },
      {
        on: Object.fromEntries([
          builder.go('supplement_completed', a.supplement_completed, returnTo),
          builder.go('supplement_window_expired', a.supplement_window_expired, 'returned_incomplete'),
          withdraw(),
        ]),
      },
    );

  const states: Record<string, MachineStateNode> = {
    receipt: builder.node(
      { path: 'receipt', kind: 'step', unit: desk, labelVi: 'Tiếp nhận hồ sơ', labelEn: 'Receipt at the desk' },
      {
        on: Object.fromEntries([
          builder.go('accept', a.accept, firstStep),
          builder.go('request_supplement', a.request_supplement, 'receipt_supplement'),
          builder.go('refuse', a.refuse, 'refused'),
          withdraw(),
        ]),
      },
    ),
    receipt_supplement: builder.node(
      { path: 'receipt_supplement', kind: 'awaiting-supplement', unit: desk, labelVi: 'Chờ bổ sung khi tiếp nhận', labelEn: 'Awaiting supplement at receipt' },
      {
        on: Object.fromEntries([
          builder.go('supplement_completed', a.supplement_completed, 'receipt'),
          builder.go('supplement_window_expired', a.supplement_window_expired, 'returned_incomplete'),
          withdraw(),
        ]),
      },
    ),
    refused: finalState('refused', 'refused', 'Từ chối tiếp nhận', 'Refused at receipt'),
    withdrawn: finalState('withdrawn', 'withdrawn', 'Công dân đã rút hồ sơ', 'Withdrawn by the applicant'),
    returned_incomplete: finalState('returned_incomplete', 'returned-incomplete', 'Trả lại do không bổ sung đúng hạn', 'Returned: supplement not completed in time'),
  };

  const extensions: PeriodExtension[] = (definition.extensions ?? []).map((extension) => ({
    id: extension.id,
    action: extendPeriodAction(extension.id),
    extension: { amount: extension.amount, unit: extension.unit },
    labelVi: extension.labelVi,
    labelEn: extension.labelEn,
    ...(extension.source ? { source: extension.source } : {}),
    invokedBy: [...extension.invokedBy],
    ...(extension.countedFrom === 'period-start' ? { countedFrom: 'period-start' as const } : {}),
  }));
  const periodStart = definition.periodStart;
  for (const step of definition.steps) {
    // Every step may ask for a supplement (NĐ61 Art. 19.4), be withdrawn, or run late (Art. 19.9);
    // an extension is invoked while the clock runs, i.e. in any working step (the rules allow it once).
    const common: Array<[string, Transition]> = [
      builder.go('request_supplement', a.request_supplement, awaitingSupplementStateId(step.id)),
      withdraw(),
      builder.effect('issue_apology', a.issue_apology),
      ...extensions.map((extension) => builder.effect(extension.action, { labelVi: extension.labelVi, labelEn: extension.labelEn, by: 'staff' })),
    ];
    states[step.id] = isParallelStep(step) ? parallelStep(builder, step, common) : taskStep(builder, step, common);
    states[awaitingSupplementStateId(step.id)] = awaitingSupplement(step.id, step.labelVi, step.labelEn);
  }
  Object.assign(states, resultReturnStates(builder, 'approved', definition.delivery, desk));
  Object.assign(states, resultReturnStates(builder, 'rejected', definition.delivery, desk));

  const compiled: CompiledProcedure = {
    code: definition.code,
    version: procedureVersion(definition),
    nameVi: definition.nameVi,
    nameEn: definition.nameEn,
    field: definition.field,
    period: toPeriod(definition.period),
    receivingUnit: desk,
    channels: [...definition.channels].sort(),
    supplementWindow: definition.supplementWindow ? toPeriod(definition.supplementWindow) : DEFAULT_SUPPLEMENT_WINDOW,
    ...(definition.supplementRequestWindow ? { supplementRequestWindow: toPeriod(definition.supplementRequestWindow) } : {}),
    machine: { id: definition.code, initial: 'receipt', states },
    states: builder.states,
    actions: builder.actions,
    ...(extensions.length > 0 ? { extensions } : {}),
    ...(periodStart
      ? {
          periodStart: {
            action: periodStart.action,
            labelVi: periodStart.labelVi,
            labelEn: periodStart.labelEn,
            ...(periodStart.source ? { source: periodStart.source } : {}),
            ...(periodStart.within ? { within: toPeriod(periodStart.within) } : {}),
          },
        }
      : {}),
    ...(definition.effectiveFrom ? { effectiveFrom: definition.effectiveFrom } : {}),
    ...(definition.effectiveTo ? { effectiveTo: definition.effectiveTo } : {}),
  };
  return canonicalize(compiled);
}

function taskStep(builder: MachineBuilder, step: TaskStepDefinition, common: Array<[string, Transition]>): MachineStateNode {
  const on = [...designerTransitions(builder, step.actions), ...common];
  if (step.canReject) on.push(builder.go('reject', GENERATED_ACTIONS.reject, 'rejected'));
  return builder.node(
    {
      path: step.id,
      kind: 'step',
      unit: step.unit,
      labelVi: step.labelVi,
      labelEn: step.labelEn,
      budget: toPeriod(step.budget),
      ...(step.excludedFromPeriod ? { excludedFromPeriod: true } : {}),
      ...actionRoles(step.actions),
    },
    { on: Object.fromEntries(on) },
  );
}

/** Each region is `working` → `done` (final); the step moves on once all regions are done. */
function parallelStep(builder: MachineBuilder, step: ParallelStepDefinition, common: Array<[string, Transition]>): MachineStateNode {
  const lead = step.regions.find((region) => region.lead) ?? step.regions[0]!;
  const budget = stepBudget(step);
  const regions: Record<string, MachineStateNode> = {};
  for (const region of step.regions) {
    const path = `${step.id}.${region.id}`;
    const shared = { kind: 'step' as const, unit: region.unit, lead: region.lead };
    const working: StateInfo = {
      ...shared,
      path: `${path}.working`,
      labelVi: region.labelVi,
      labelEn: region.labelEn,
      budget: toPeriod(region.budget),
      ...actionRoles(region.actions),
    };
    regions[region.id] = builder.node(
      { ...shared, path, labelVi: region.labelVi, labelEn: region.labelEn, budget: toPeriod(region.budget) },
      {
        initial: 'working',
        states: {
          working: builder.node(working, { on: Object.fromEntries(designerTransitions(builder, region.actions)) }),
          [REGION_DONE_TARGET]: builder.node(
            { ...shared, path: `${path}.${REGION_DONE_TARGET}`, labelVi: `${region.labelVi} — đã có ý kiến`, labelEn: `${region.labelEn} — answered` },
            { type: 'final' },
          ),
        },
      },
    );
  }
  return builder.node(
    { path: step.id, kind: 'step', unit: lead.unit, labelVi: step.labelVi, labelEn: step.labelEn, ...(budget ? { budget: toPeriod(budget) } : {}) },
    { type: 'parallel', states: regions, onDone: { target: step.next }, on: Object.fromEntries(common) },
  );
}

function designerTransitions(builder: MachineBuilder, actions: readonly ActionDefinition[]): Array<[string, Transition]> {
  return actions.map((action) => builder.go(action.action, designerActionInfo(action), action.next));
}

/** The roles a definition names on its actions, if any (absent otherwise: compiled output unchanged). */
function actionRoles(actions: readonly ActionDefinition[]): Pick<StateInfo, 'actionRoles'> {
  const named = actions.filter((action) => action.roles !== undefined).map((action) => [action.action, [...action.roles!]]);
  return named.length > 0 ? { actionRoles: Object.fromEntries(named) } : {};
}

function designerActionInfo(action: ActionDefinition): ActionInfo {
  const common = COMMON_ACTIONS[action.action];
  return {
    labelVi: action.labelVi ?? common?.labelVi ?? action.action,
    labelEn: action.labelEn ?? common?.labelEn ?? action.action,
    by: 'staff',
  };
}

function toPeriod(fact: PeriodFact): Period {
  return { amount: fact.amount, unit: fact.unit };
}
