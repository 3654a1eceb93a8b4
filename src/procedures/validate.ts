/**
 * Refuses a bad definition with the file, the path inside it and the reason.
 * Order: schema (zod) → references (units, ids, actions, targets) → graph and
 * budgets. Later stages only run when earlier ones pass, so every message is about
 * a real problem rather than a consequence of another one.
 */
import type { z } from 'zod';
import {
  isParallelStep,
  procedureDefinitionSchema,
  type ActionDefinition,
  type PeriodFact,
  type ProcedureDefinition,
} from './definition-schema.js';
import { EXTEND_PERIOD_PREFIX } from './compile.js';
import { formatPath, hasErrors, procedureIssue, type ProcedureIssue } from './procedure-issues.js';
import { APPROVED_TARGET, COMMON_ACTIONS, isGeneratedAction, REGION_DONE_TARGET, RESERVED_STEP_IDS } from './standard-actions.js';
import { checkBudgets, checkStepGraph } from './step-graph.js';
import { builtInUnitDirectory, type UnitDirectory } from './unit-directory.js';
import { isWardRole } from './units.js';

export type ValidationResult =
  | { ok: true; definition: ProcedureDefinition; issues: ProcedureIssue[] }
  | { ok: false; issues: ProcedureIssue[] };

/**
 * @param input the parsed YAML document
 * @param file shown in every issue; its base name must be `<code>.yaml`
 * @param units the deployment's units the definition may name (default: the built-in District 7 list)
 */
export function validateDefinition(input: unknown, file: string, units: UnitDirectory = builtInUnitDirectory): ValidationResult {
  const parsed = procedureDefinitionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: schemaIssues(parsed.error.issues, file) };
  const definition = parsed.data;
  const referenceIssues = checkReferences(definition, file, units);
  const issues = hasErrors(referenceIssues)
    ? referenceIssues
    : [...referenceIssues, ...checkStepGraph(definition, file), ...checkBudgets(definition, file)];
  return hasErrors(issues) ? { ok: false, issues } : { ok: true, definition, issues };
}

export interface VersionEntry {
  file: string;
  code: string;
  effectiveFrom?: string | undefined;
  effectiveTo?: string | undefined;
}

/**
 * Across files: each code once, unless every file of the code is a version with its own
 * effectiveFrom and no two versions are in force on the same day. The later file is refused.
 */
export function checkDuplicateCodes(entries: readonly VersionEntry[]): ProcedureIssue[] {
  const accepted = new Map<string, VersionEntry[]>();
  const issues: ProcedureIssue[] = [];
  for (const entry of entries) {
    const others = accepted.get(entry.code) ?? [];
    const clash = others.find((other) => !entry.effectiveFrom || !other.effectiveFrom || rangesOverlap(entry, other));
    if (clash === undefined) accepted.set(entry.code, [...others, entry]);
    else if (!entry.effectiveFrom || !clash.effectiveFrom) issues.push(procedureIssue('PROC_DUPLICATE_CODE', entry.file, 'code', { code: entry.code, other: clash.file }));
    else issues.push(procedureIssue('PROC_VERSION_OVERLAP', entry.file, 'effectiveFrom', { code: entry.code, other: clash.file }));
  }
  return issues;
}

/** Ranges [from, to) of YYYY-MM-DD strings (they sort as dates); a missing end is open. */
function rangesOverlap(a: VersionEntry, b: VersionEntry): boolean {
  const startsBeforeEnd = (x: VersionEntry, y: VersionEntry) => y.effectiveTo === undefined || x.effectiveFrom! < y.effectiveTo;
  return startsBeforeEnd(a, b) && startsBeforeEnd(b, a);
}

function schemaIssues(zodIssues: readonly z.core.$ZodIssue[], file: string, prefix: PropertyKey[] = []): ProcedureIssue[] {
  return zodIssues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // A step is a task or a parallel step: report the branch the author was closest to.
      const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
      return schemaIssues(closest, file, path);
    }
    // The code's own message, in both languages: a province's procedures carry their own prefix.
    if (path.length === 1 && path[0] === 'code' && issue.code === 'invalid_format') return [procedureIssue('PROC_CODE_FORMAT', file, 'code')];
    return [procedureIssue('PROC_SCHEMA', file, formatPath(path), { reason: issue.message })];
  });
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function checkReferences(definition: ProcedureDefinition, file: string, units: UnitDirectory): ProcedureIssue[] {
  const issues: ProcedureIssue[] = [];
  const add = (code: Parameters<typeof procedureIssue>[0], path: string, params?: Parameters<typeof procedureIssue>[3]) =>
    issues.push(procedureIssue(code, file, path, params));

  const fileNames = [`${definition.code}.yaml`, ...(definition.effectiveFrom ? [`${definition.code}@${definition.effectiveFrom}.yaml`] : [])];
  if (!fileNames.includes(baseName(file))) add('PROC_CODE_FILE_MISMATCH', 'code', { code: definition.code });
  if (definition.effectiveFrom && definition.effectiveTo && definition.effectiveTo <= definition.effectiveFrom) {
    add('PROC_EFFECTIVE_RANGE', 'effectiveTo', { from: definition.effectiveFrom, to: definition.effectiveTo });
  }
  // Level 3/4 means the dossier can be filed online (NĐ43/2011 Art 3.4c-d, in law/cong-nghe-thong-tin.md).
  if (definition.onlineLevel !== null && !definition.channels.includes('online')) {
    add('PROC_ONLINE_LEVEL_WITHOUT_ONLINE_CHANNEL', 'channels', { level: definition.onlineLevel });
  }

  // A unit of one commune or ward would tie the procedure to it: those are named by role.
  const checkUnit = (unit: string, path: string) => {
    if (isWardRole(unit)) return;
    const found = units.find(unit);
    if (!found) add('PROC_UNKNOWN_UNIT', path, { unit });
    else if (found.ward !== null) add('PROC_WARD_UNIT_NOT_ROLE', path, { unit });
  };
  checkUnit(definition.receivingUnit, 'receivingUnit');
  // A ward procedure is received at the case's ward desk; any other at a one-stop desk of no single
  // commune or ward (District 7's Q7.MC; a province's own centre once it loads its units).
  const wardReceives = definition.handlingLevel === 'ward' || definition.handlingLevel === 'ward-to-district';
  const expectedDesks = wardReceives ? ['ward:desk'] : units.units.filter((unit) => unit.kind === 'desk' && unit.ward === null).map((unit) => unit.code);
  if (!expectedDesks.includes(definition.receivingUnit)) {
    add('PROC_LEVEL_UNIT_MISMATCH', 'receivingUnit', { level: definition.handlingLevel, expected: expectedDesks.join(', ') });
  }

  const checkSource = (fact: PeriodFact | { confirmed: boolean; source?: string } | undefined, path: string) => {
    if (fact?.confirmed && !fact.source) add('PROC_CONFIRMED_WITHOUT_SOURCE', `${path}.source`);
  };
  checkSource(definition.period, 'period');
  checkSource(definition.fee, 'fee');
  checkSource(definition.supplementWindow, 'supplementWindow');
  // Only a law may set another window for supplement requests than NĐ61 Art. 19.4's three working days.
  if (definition.supplementRequestWindow && (!definition.supplementRequestWindow.confirmed || !definition.supplementRequestWindow.source)) {
    add('PROC_SUPPLEMENT_REQUEST_WINDOW_UNSOURCED', 'supplementRequestWindow');
  }
  const extensionIds = new Set<string>();
  (definition.extensions ?? []).forEach((extension, index) => {
    const at = `extensions[${index}]`;
    if (extensionIds.has(extension.id)) add('PROC_DUPLICATE_EXTENSION', `${at}.id`, { id: extension.id });
    extensionIds.add(extension.id);
    checkSource(extension, at);
    extension.invokedBy.forEach((unit, unitIndex) => checkUnit(unit, `${at}.invokedBy[${unitIndex}]`));
    if (extension.countedFrom === 'period-start' && definition.steps.some((step) => !isParallelStep(step) && step.excludedFromPeriod)) {
      add('PROC_EXTENSION_FROM_START_WITH_EXCLUDED_STEP', `${at}.countedFrom`);
    }
  });
  if (definition.periodStart) {
    checkSource(definition.periodStart, 'periodStart');
    checkSource(definition.periodStart.within, 'periodStart.within');
    const stepActions = definition.steps.flatMap((step) =>
      isParallelStep(step) ? step.regions.flatMap((region) => region.actions) : step.actions,
    );
    const action = definition.periodStart.action;
    if (action !== 'accept' && !stepActions.some((candidate) => candidate.action === action)) {
      add('PROC_PERIOD_START_UNKNOWN_ACTION', 'periodStart.action', { action });
    }
  }

  const stepIds = new Set<string>();
  const targets = new Set([...definition.steps.map((step) => step.id), APPROVED_TARGET]);
  const documentNames = new Set<string>();
  for (const [index, document] of (definition.documents ?? []).entries()) {
    const name = document.nameVi.toLowerCase();
    if (documentNames.has(name)) add('PROC_DUPLICATE_DOCUMENT', `documents[${index}].nameVi`, { name: document.nameVi });
    documentNames.add(name);
  }

  const checkActions = (actions: readonly ActionDefinition[], path: string, allowedTarget: (next: string) => boolean, onBadTarget: 'PROC_MISSING_STEP' | 'PROC_REGION_NEXT') => {
    const seen = new Set<string>();
    actions.forEach((action, index) => {
      const at = `${path}.actions[${index}]`;
      if (isGeneratedAction(action.action) || action.action.startsWith(EXTEND_PERIOD_PREFIX)) add('PROC_RESERVED_ACTION', `${at}.action`, { action: action.action });
      else if (!COMMON_ACTIONS[action.action] && (!action.labelVi || !action.labelEn)) add('PROC_ACTION_LABEL_MISSING', at, { action: action.action });
      if (seen.has(action.action)) add('PROC_DUPLICATE_ACTION', `${at}.action`, { action: action.action });
      seen.add(action.action);
      if (!allowedTarget(action.next)) add(onBadTarget, `${at}.next`, { target: action.next });
    });
  };

  definition.steps.forEach((step, index) => {
    const at = `steps[${index}]`;
    if (stepIds.has(step.id)) add('PROC_DUPLICATE_STEP_ID', `${at}.id`, { id: step.id });
    stepIds.add(step.id);
    if (isReservedStepId(step.id)) add('PROC_RESERVED_STEP_ID', `${at}.id`, { id: step.id });
    if (!isParallelStep(step)) {
      checkUnit(step.unit, `${at}.unit`);
      checkSource(step.budget, `${at}.budget`);
      checkSource(step.excludedFromPeriod, `${at}.excludedFromPeriod`);
      checkActions(step.actions, at, (next) => targets.has(next), 'PROC_MISSING_STEP');
      return;
    }
    if (!targets.has(step.next)) add('PROC_MISSING_STEP', `${at}.next`, { target: step.next });
    checkSource(step.budget, `${at}.budget`);
    const leads = step.regions.filter((region) => region.lead).length;
    if (leads === 0) add('PROC_PARALLEL_NO_LEAD', `${at}.regions`);
    if (leads > 1) add('PROC_PARALLEL_MANY_LEADS', `${at}.regions`, { count: leads });
    const regionIds = new Set<string>();
    const actionOwner = new Map<string, string>();
    step.regions.forEach((region, regionIndex) => {
      const regionAt = `${at}.regions[${regionIndex}]`;
      if (regionIds.has(region.id)) add('PROC_DUPLICATE_STEP_ID', `${regionAt}.id`, { id: region.id });
      regionIds.add(region.id);
      checkUnit(region.unit, `${regionAt}.unit`);
      checkSource(region.budget, `${regionAt}.budget`);
      checkActions(region.actions, regionAt, (next) => next === REGION_DONE_TARGET, 'PROC_REGION_NEXT');
      if (region.actions.length === 0) add('PROC_NO_WAY_OUT', `${regionAt}.actions`, { id: `${step.id}.${region.id}` });
      region.actions.forEach((action, actionIndex) => {
        // Regions are active together: one event name in two regions would move both.
        const owner = actionOwner.get(action.action);
        if (owner !== undefined && owner !== region.id) {
          add('PROC_PARALLEL_ACTION_CLASH', `${regionAt}.actions[${actionIndex}].action`, { action: action.action });
        }
        actionOwner.set(action.action, region.id);
      });
    });
  });
  return issues;
}

const RESERVED_PREFIXES = ['awaiting_supplement_', 'approved_', 'rejected_'];

function isReservedStepId(id: string): boolean {
  return RESERVED_STEP_IDS.includes(id) || RESERVED_PREFIXES.some((prefix) => id.startsWith(prefix));
}
