/**
 * Checks on the designer's step graph: every step reachable, every step with a way
 * out and a path to the result, and step budgets that fit in the statutory period.
 * Generated paths (supplement, reject, withdraw) do not count as ways forward.
 */
import { isParallelStep, type ProcedureDefinition, type StepDefinition } from './definition-schema.js';
import { procedureIssue, type ProcedureIssue } from './procedure-issues.js';
import { APPROVED_TARGET } from './standard-actions.js';
import { stepBudget } from './step-budget.js';

/** Step id → the step ids (or `approved`) its actions lead to. */
export function stepEdges(definition: ProcedureDefinition): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const step of definition.steps) {
    edges.set(step.id, isParallelStep(step) ? [step.next] : step.actions.map((action) => action.next));
  }
  return edges;
}

function reachableFrom(edges: Map<string, string[]>, start: string): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    for (const next of edges.get(node) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** Only call once every `next` is known to exist (validate.ts checks references first). */
export function checkStepGraph(definition: ProcedureDefinition, file: string): ProcedureIssue[] {
  const issues: ProcedureIssue[] = [];
  const edges = stepEdges(definition);
  const first = definition.steps[0];
  if (!first) return issues;
  const reachable = reachableFrom(edges, first.id);
  definition.steps.forEach((step, index) => {
    const where = `steps[${index}]`;
    const exits = (edges.get(step.id) ?? []).filter((next) => next !== step.id);
    if (!reachable.has(step.id)) issues.push(procedureIssue('PROC_UNREACHABLE_STEP', file, `${where}.id`, { id: step.id }));
    if (exits.length === 0) {
      issues.push(procedureIssue('PROC_NO_WAY_OUT', file, isParallelStep(step) ? `${where}.next` : `${where}.actions`, { id: step.id }));
    } else if (!reachableFrom(edges, step.id).has(APPROVED_TARGET)) {
      issues.push(procedureIssue('PROC_NO_RESULT_PATH', file, where, { id: step.id }));
    }
  });
  return issues;
}

interface Route {
  total: number;
  steps: string[];
}

/** The heaviest simple route from `stepId` to the result; loops (return for rework) are not followed twice. */
function heaviestRoute(byId: Map<string, StepDefinition>, edges: Map<string, string[]>, stepId: string, onRoute: Set<string>): Route | undefined {
  if (stepId === APPROVED_TARGET) return { total: 0, steps: [] };
  const step = byId.get(stepId);
  if (!step || onRoute.has(stepId)) return undefined;
  onRoute.add(stepId);
  let best: Route | undefined;
  for (const next of edges.get(stepId) ?? []) {
    const rest = heaviestRoute(byId, edges, next, onRoute);
    if (rest && (!best || rest.total > best.total)) best = rest;
  }
  onRoute.delete(stepId);
  // An excluded step's time is outside the period (the clock pauses), so its budget does not count.
  const counted = !isParallelStep(step) && step.excludedFromPeriod ? 0 : (stepBudget(step)?.amount ?? 0);
  return best && { total: best.total + counted, steps: [stepId, ...best.steps] };
}

export function checkBudgets(definition: ProcedureDefinition, file: string): ProcedureIssue[] {
  const period = definition.period;
  const budgetUnits = definition.steps.flatMap((step, index) => {
    if (!isParallelStep(step) && step.excludedFromPeriod) return [];
    const budgets = isParallelStep(step) ? [step.budget, ...step.regions.map((region) => region.budget)] : [step.budget];
    return budgets.filter((budget) => budget !== undefined).map((budget) => ({ step, index, unit: budget.unit }));
  });
  const foreign = budgetUnits.find((entry) => entry.unit !== period.unit);
  if (foreign) {
    return [procedureIssue('PROC_BUDGET_UNITS_DIFFER', file, `steps[${foreign.index}].budget`, { id: foreign.step.id, unit: foreign.unit, periodUnit: period.unit })];
  }
  const first = definition.steps[0];
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const route = first && heaviestRoute(byId, stepEdges(definition), first.id, new Set());
  // A route may use the lawful extensions (a verification branch exists because the law extends the period for it).
  const extra = (definition.extensions ?? []).filter((extension) => extension.unit === period.unit).reduce((sum, extension) => sum + extension.amount, 0);
  if (!route || route.total <= period.amount + extra) return [];
  return [
    procedureIssue('PROC_BUDGET_EXCEEDS_PERIOD', file, 'period.amount', {
      total: route.total,
      period: extra > 0 ? `${period.amount} (+${extra})` : period.amount,
      unit: period.unit,
      route: route.steps.join(' → '),
    }),
  ];
}
