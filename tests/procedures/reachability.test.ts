/**
 * Walks every compiled procedure in procedures/ through pure xstate: every state the
 * compiler describes must be reachable, every reachable configuration must be
 * described, and every configuration must still be able to end.
 */
import { describe, expect, it } from 'vitest';
import { createMachine, initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { CompiledProcedure } from '../../src/procedures/compiled-procedure.js';
import { activePaths, catalogue } from './support.js';

interface Exploration {
  visitedPaths: Set<string>;
  canFinish: Map<string, boolean>;
  undescribed: string[];
}

function explore(compiled: CompiledProcedure): Exploration {
  const machine = createMachine(compiled.machine as Parameters<typeof createMachine>[0]);
  const events = Object.keys(compiled.actions);
  const [initial] = initialTransition(machine);
  const keyOf = (snapshot: AnyMachineSnapshot) => JSON.stringify(snapshot.value);
  const successors = new Map<string, string[]>();
  const done = new Set<string>();
  const visitedPaths = new Set<string>();
  const undescribed: string[] = [];
  const queue: AnyMachineSnapshot[] = [initial];
  successors.set(keyOf(initial), []);
  for (let snapshot = queue.shift(); snapshot; snapshot = queue.shift()) {
    const key = keyOf(snapshot);
    for (const path of activePaths(snapshot.value)) {
      // The atomic path and each of its ancestors (compound and parallel states).
      path.split('.').forEach((_, index, parts) => visitedPaths.add(parts.slice(0, index + 1).join('.')));
      if (!compiled.states[path]) undescribed.push(path);
    }
    if (snapshot.status === 'done') done.add(key);
    for (const type of events) {
      if (!snapshot.can({ type })) continue;
      const [next] = transition(machine, snapshot, { type });
      const nextKey = keyOf(next);
      successors.get(key)!.push(nextKey);
      if (!successors.has(nextKey)) {
        successors.set(nextKey, []);
        queue.push(next);
      }
    }
  }
  // Fixed point: a configuration can finish if it is done or one successor can.
  const canFinish = new Map([...successors.keys()].map((key) => [key, done.has(key)]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [key, nexts] of successors) {
      if (!canFinish.get(key) && nexts.some((next) => canFinish.get(next))) {
        canFinish.set(key, true);
        changed = true;
      }
    }
  }
  return { visitedPaths, canFinish, undescribed };
}

describe.each(catalogue.procedures.map((procedure) => [procedure.definition.code, procedure.compiled] as const))('%s', (_code, compiled) => {
  const { visitedPaths, canFinish, undescribed } = explore(compiled);

  it('reaches every state it describes', () => {
    expect(Object.keys(compiled.states).filter((path) => !visitedPaths.has(path))).toEqual([]);
  });

  it('describes every state it reaches', () => {
    expect(undescribed).toEqual([]);
  });

  it('can always still end: no configuration is stuck', () => {
    expect([...canFinish].filter(([, finishes]) => !finishes).map(([key]) => key)).toEqual([]);
  });

  it('has an outcome on every final state and a budget on every working step', () => {
    for (const info of Object.values(compiled.states)) {
      if (info.kind === 'final' || info.kind === 'resolution') expect(info.outcome, info.path).toBeDefined();
    }
    const steps = Object.values(compiled.states).filter((info) => info.kind === 'step' && info.path !== 'receipt' && !info.path.endsWith('.done'));
    for (const info of steps) expect(info.budget, info.path).toBeDefined();
  });
});

it('the catalogue in procedures/ loads without errors', () => {
  expect(catalogue.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  expect(catalogue.procedures.length).toBeGreaterThanOrEqual(4);
});
