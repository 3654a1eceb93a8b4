/**
 * Plans, for one compiled procedure, a small set of action sequences (paths) from receipt to a
 * final state that together pass through every state the procedure describes. Pure: it only
 * steps the compiled machine with xstate's `initialTransition` / `transition` / `snapshot.can`,
 * so the plan can be checked without Temporal and then replayed on the real engine.
 *
 * Named scenarios come first (late with an apology, supplement window expired, supplement at
 * receipt and during a step, postal return and postal delivery); greedy coverage paths then
 * reach each state still missing by the shortest route and continue through the nearest states
 * still missing before they end.
 */
import { createMachine, initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { activePaths } from '../../src/cases/case-rules.js';
import type { ActionInfo, CompiledProcedure, Outcome, StateInfo } from '../../src/procedures/compiled-procedure.js';

/** The system action the workflow sends itself when the applicant's supplement window ends. */
export const WINDOW_EXPIRED = 'supplement_window_expired';
/** Targetless, once per case, needs `newDueAt`: only the late scenario sends it. */
export const APOLOGY = 'issue_apology';

export type Purpose =
  | 'late'
  | 'supplement-expired'
  | 'supplement-at-receipt'
  | 'supplement-during-step'
  | 'postal-returned'
  | 'postal-delivered'
  | 'coverage';

export interface ActStep {
  kind: 'act';
  action: string;
  by: Exclude<ActionInfo['by'], 'system'>;
  /** The state (atomic, or the parallel step for its shared actions) whose transition handles the action. */
  heldBy: string;
  /** Active atomic state paths once the action is applied. */
  after: string[];
}

export interface WaitStep {
  kind: 'wait';
  /** What the wait is for: the statutory deadline passing, or the supplement window running out. */
  until: 'deadline' | 'supplement-window';
  /** Active atomic state paths once the wait is over. */
  after: string[];
}

export type PathStep = ActStep | WaitStep;

export interface ProcedurePath {
  purpose: Purpose;
  steps: PathStep[];
  /** Every state path (atomic and ancestors) the path passes through, `receipt` included, sorted. */
  visits: string[];
  /** Outcome of the final state the path ends in. */
  outcome: Outcome;
}

/** The atomic paths and each of their ancestors (compound and parallel states). */
export function withAncestors(atomicPaths: Iterable<string>): string[] {
  const all = new Set<string>();
  for (const path of atomicPaths) {
    path.split('.').forEach((_, index, parts) => all.add(parts.slice(0, index + 1).join('.')));
  }
  return [...all].sort();
}

interface ConfigNode {
  type?: string;
  on?: Record<string, unknown>;
  states?: Record<string, ConfigNode>;
}

class MachineGraph {
  readonly machine: AnyStateMachine;
  readonly initial: AnyMachineSnapshot;
  /** Actions a caller may send that move the case (no system action, no apology). */
  readonly moves: string[];

  constructor(readonly compiled: CompiledProcedure) {
    this.machine = createMachine(compiled.machine as Parameters<typeof createMachine>[0]);
    [this.initial] = initialTransition(this.machine);
    this.moves = Object.entries(compiled.actions)
      .filter(([name, info]) => info.by !== 'system' && name !== APOLOGY)
      .map(([name]) => name)
      .sort();
  }

  step(snapshot: AnyMachineSnapshot, action: string): AnyMachineSnapshot {
    if (!snapshot.can({ type: action })) {
      throw new Error(`${this.compiled.code}: "${action}" is not possible in ${activePaths(snapshot.value).join(' | ')}`);
    }
    return transition(this.machine, snapshot, { type: action })[0];
  }

  /** Shortest sequence of caller moves from `from` to a configuration satisfying `goal` (empty when `from` does). */
  shortest(from: AnyMachineSnapshot, goal: (snapshot: AnyMachineSnapshot) => boolean): string[] | null {
    const key = (snapshot: AnyMachineSnapshot) => `${snapshot.status}:${JSON.stringify(snapshot.value)}`;
    const routes = new Map<string, string[]>([[key(from), []]]);
    const queue: AnyMachineSnapshot[] = [from];
    for (let snapshot = queue.shift(); snapshot; snapshot = queue.shift()) {
      const route = routes.get(key(snapshot))!;
      if (goal(snapshot)) return route;
      if (snapshot.status === 'done') continue;
      for (const action of this.moves) {
        if (!snapshot.can({ type: action })) continue;
        const [next] = transition(this.machine, snapshot, { type: action });
        if (routes.has(key(next))) continue;
        routes.set(key(next), [...route, action]);
        queue.push(next);
      }
    }
    return null;
  }

  /** The deepest active state whose transitions name `action`. */
  heldBy(snapshot: AnyMachineSnapshot, action: string): string {
    for (const atomic of activePaths(snapshot.value)) {
      const chain: Array<[string, ConfigNode]> = [];
      let node = this.compiled.machine as ConfigNode;
      const parts = atomic.split('.');
      parts.forEach((part, index) => {
        node = node.states![part]!;
        chain.push([parts.slice(0, index + 1).join('.'), node]);
      });
      const holder = chain.reverse().find(([, n]) => n.on && Object.hasOwn(n.on, action));
      if (holder) return holder[0];
    }
    throw new Error(`${this.compiled.code}: no active state handles "${action}"`);
  }

  statesOf(snapshot: AnyMachineSnapshot): string[] {
    return withAncestors(activePaths(snapshot.value));
  }

  infosOf(snapshot: AnyMachineSnapshot): StateInfo[] {
    return activePaths(snapshot.value).map((path) => this.compiled.states[path]!);
  }
}

class PathBuilder {
  readonly steps: PathStep[] = [];
  readonly visits = new Set<string>();
  snapshot: AnyMachineSnapshot;

  constructor(
    private readonly graph: MachineGraph,
    /** States earlier paths already pass through. */
    private readonly covered: ReadonlySet<string>,
    readonly purpose: Purpose,
  ) {
    this.snapshot = graph.initial;
    this.visit();
  }

  private visit(): void {
    for (const path of this.graph.statesOf(this.snapshot)) this.visits.add(path);
  }

  private missing = (path: string): boolean => !this.covered.has(path) && !this.visits.has(path);

  act(...actions: string[]): this {
    for (const action of actions) {
      const by = this.graph.compiled.actions[action]?.by;
      if (!by || by === 'system') throw new Error(`${this.graph.compiled.code}: "${action}" is not a caller's action`);
      const heldBy = this.graph.heldBy(this.snapshot, action);
      this.snapshot = this.graph.step(this.snapshot, action);
      this.steps.push({ kind: 'act', action, by, heldBy, after: activePaths(this.snapshot.value) });
      this.visit();
    }
    return this;
  }

  /** Time passes: the deadline runs out (nothing moves), or the supplement window does (the system returns the dossier). */
  wait(until: WaitStep['until']): this {
    if (until === 'supplement-window') this.snapshot = this.graph.step(this.snapshot, WINDOW_EXPIRED);
    this.steps.push({ kind: 'wait', until, after: activePaths(this.snapshot.value) });
    this.visit();
    return this;
  }

  goTo(goal: (snapshot: AnyMachineSnapshot) => boolean, what: string): this {
    const route = this.graph.shortest(this.snapshot, goal);
    if (!route) throw new Error(`${this.graph.compiled.code}: no route to ${what} from ${activePaths(this.snapshot.value).join(' | ')}`);
    return this.act(...route);
  }

  /** Goes on through the nearest states no path visits yet, then ends, in a missing final state if one is near. */
  cover(): this {
    for (;;) {
      const route = this.graph.shortest(this.snapshot, (s) => s.status !== 'done' && this.graph.statesOf(s).some(this.missing));
      if (!route || route.length === 0) break;
      this.act(...route);
    }
    return this.finish();
  }

  finish(): this {
    if (this.snapshot.status === 'done') return this;
    const route =
      this.graph.shortest(this.snapshot, (s) => s.status === 'done' && this.graph.statesOf(s).some(this.missing)) ??
      this.graph.shortest(this.snapshot, (s) => s.status === 'done');
    if (!route) throw new Error(`${this.graph.compiled.code}: cannot end from ${activePaths(this.snapshot.value).join(' | ')}`);
    return this.act(...route);
  }

  build(): ProcedurePath {
    if (this.snapshot.status !== 'done') throw new Error(`${this.graph.compiled.code}: ${this.purpose} path does not end`);
    const outcome = this.graph.infosOf(this.snapshot)[0]?.outcome;
    if (!outcome) throw new Error(`${this.graph.compiled.code}: final state of the ${this.purpose} path has no outcome`);
    return { purpose: this.purpose, steps: this.steps, visits: [...this.visits].sort(), outcome };
  }
}

/**
 * The paths for one procedure, scenarios first, then coverage paths until every state in
 * `compiled.states` is visited by some path. Throws when a state cannot be reached.
 */
export function planProcedurePaths(compiled: CompiledProcedure): ProcedurePath[] {
  const graph = new MachineGraph(compiled);
  const covered = new Set<string>();
  const paths: ProcedurePath[] = [];
  const add = (builder: PathBuilder) => {
    const path = builder.build();
    path.visits.forEach((state) => covered.add(state));
    paths.push(path);
  };
  const active = (path: string) => (s: AnyMachineSnapshot) => activePaths(s.value).includes(path);
  const begin = (purpose: Purpose) => new PathBuilder(graph, covered, purpose);

  // Accepted, an apology with a new date, the deadline passes, then a (late) approval.
  const late = begin('late').act('accept');
  if (graph.infosOf(late.snapshot).every((info) => info.kind === 'step')) {
    add(late.act(APOLOGY).wait('deadline').goTo(active('approved'), 'approved').cover());
  }
  add(begin('supplement-expired').act('request_supplement').wait('supplement-window'));
  add(begin('supplement-at-receipt').act('request_supplement', 'supplement_completed').cover());
  add(begin('supplement-during-step').act('accept', 'request_supplement', 'supplement_completed').cover());
  if (compiled.actions.consign_to_post) {
    add(begin('postal-returned').goTo(active('approved'), 'approved').act('consign_to_post', 'delivery_failed', 'delivery_failed', 'collect_at_desk'));
    add(begin('postal-delivered').goTo(active('approved'), 'approved').act('consign_to_post', 'delivered'));
  }
  for (const state of Object.keys(compiled.states).sort()) {
    if (covered.has(state)) continue;
    add(begin('coverage').goTo((s) => graph.statesOf(s).includes(state), state).cover());
  }
  return paths;
}

export function actionCount(path: ProcedurePath): number {
  return path.steps.filter((step) => step.kind === 'act').length;
}
