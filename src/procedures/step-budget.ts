import { isParallelStep, type PeriodFact, type StepDefinition } from './definition-schema.js';

/**
 * A step's time budget. A parallel step without its own budget lasts as long as its
 * longest region (regions run at once); undefined when the regions count in
 * different units, since those cannot be compared.
 */
export function stepBudget(step: StepDefinition): PeriodFact | undefined {
  if (!isParallelStep(step)) return step.budget;
  if (step.budget) return step.budget;
  const [first, ...others] = step.regions.map((region) => region.budget);
  if (!first || others.some((budget) => budget.unit !== first.unit)) return undefined;
  return [first, ...others].reduce((longest, budget) => (budget.amount > longest.amount ? budget : longest));
}
