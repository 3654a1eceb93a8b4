/**
 * What the authorisation rules need to know about an action in a case's current state: which
 * states can take it (with their concrete units), whether it leads to a result, and the roles the
 * definition names for it. Read off the compiled machine; pure.
 */
import type { StaffRole } from './actor.js';
import type { ActionFacts, ActionHandler } from './authorization.js';
import { activePaths, stateInfo, stateLabel, type CaseState } from './case-state.js';
import { kindOfCaseUnit } from './case-units.js';

interface ConfigNode {
  on?: Record<string, { target?: string }>;
  states?: Record<string, ConfigNode>;
}

function nodeAt(machine: ConfigNode, segments: readonly string[]): ConfigNode | undefined {
  let node: ConfigNode | undefined = machine;
  for (const segment of segments) node = node?.states?.[segment];
  return node;
}

/** The states (innermost first, one per active region) whose node defines `action`. */
function handlerPaths(state: CaseState, action: string): Array<{ path: string; target: string | undefined; parent: string[] }> {
  const machine = state.input.procedure.machine as ConfigNode;
  const found = new Map<string, { path: string; target: string | undefined; parent: string[] }>();
  for (const active of activePaths(state.snapshot.value)) {
    const segments = active.split('.');
    for (let depth = segments.length; depth > 0; depth--) {
      const transition = nodeAt(machine, segments.slice(0, depth))?.on?.[action];
      if (!transition) continue;
      const path = segments.slice(0, depth).join('.');
      found.set(path, { path, target: transition.target, parent: segments.slice(0, depth - 1) });
      break;
    }
  }
  return [...found.values()];
}

export function actionFacts(state: CaseState, action: string): ActionFacts | null {
  const info = state.input.procedure.actions[action];
  if (!info) return null;
  const handlers: ActionHandler[] = handlerPaths(state, action).map(({ path, target, parent }) => {
    const here = stateInfo(state, path);
    const targetInfo = target === undefined ? undefined : state.input.procedure.states[[...parent, target].join('.')];
    const roles = here.actionRoles?.[action] as readonly StaffRole[] | undefined;
    // The apology letter (form 04) comes from the competent office (NĐ61 Art. 19.9); its head signs (practice).
    const signs = targetInfo?.kind === 'resolution' || action === 'issue_apology';
    return { unit: here.unit, unitKind: kindOfCaseUnit(state.input, here.unit), signs, ...(roles ? { roles } : {}) };
  });
  return { action, by: info.by, handlers, receivingUnit: state.input.receivingUnit, state: stateLabel(state) };
}
