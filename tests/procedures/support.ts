/** Helpers shared by the procedure tests: load the real catalogue, drive a compiled machine. */
import { createMachine, initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { activePaths } from '../../src/cases/case-rules.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import type { CompiledProcedure } from '../../src/procedures/compiled-procedure.js';

export const catalogue = await loadCatalogue('procedures');

export function compiledProcedure(code: string): CompiledProcedure {
  const procedure = catalogue.get(code);
  if (!procedure) throw new Error(`procedure ${code} is missing or invalid`);
  return procedure.compiled;
}

/** Dot paths of the active atomic states: the workflow's own function. */
export { activePaths };

export function startCase(compiled: CompiledProcedure) {
  const machine = createMachine(compiled.machine as Parameters<typeof createMachine>[0]);
  let [snapshot] = initialTransition(machine);
  return {
    get snapshot(): AnyMachineSnapshot {
      return snapshot;
    },
    paths: () => activePaths(snapshot.value),
    /** Sends each action in turn; fails loudly if the machine would not accept one. */
    send(...actions: string[]): void {
      for (const type of actions) {
        if (!snapshot.can({ type })) throw new Error(`${compiled.code}: "${type}" not allowed in ${activePaths(snapshot.value).join(', ')}`);
        [snapshot] = transition(machine, snapshot, { type });
      }
    },
    can: (type: string) => snapshot.can({ type }),
    outcome: () => compiled.states[activePaths(snapshot.value)[0]!]?.outcome,
  };
}
