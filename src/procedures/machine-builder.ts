/**
 * Accumulates the xstate config, the `states` table and the `actions` table in
 * step, so every state the machine has is described once, in `states` (not also in the config's
 * `meta`: the config travels in every case's workflow input).
 */
import type { ActionInfo, StateInfo } from './compiled-procedure.js';

export type Transition = { target: string } | { actions: Array<{ type: string }> };

export interface MachineStateNode {
  type?: 'parallel' | 'final';
  initial?: string;
  on?: Record<string, Transition>;
  onDone?: { target: string };
  states?: Record<string, MachineStateNode>;
}

export class MachineBuilder {
  readonly states: Record<string, StateInfo> = {};
  readonly actions: Record<string, ActionInfo> = {};

  /** Records `info` under its path and returns the node to place in the config. */
  node(info: StateInfo, shape: MachineStateNode = {}): MachineStateNode {
    this.states[info.path] = info;
    return { ...shape };
  }

  /** A transition for `action`; the first label seen for an action name wins. */
  go(action: string, info: ActionInfo, target: string): [string, Transition] {
    this.actions[action] ??= info;
    return [action, { target }];
  }

  /** A targetless transition whose effect the workflow carries out (the action comes back from `transition`). */
  effect(action: string, info: ActionInfo): [string, Transition] {
    this.actions[action] ??= info;
    return [action, { actions: [{ type: action }] }];
  }
}
