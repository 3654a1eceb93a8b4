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
 *
 * `rehearsePath` runs a path through the pure case rules exactly as the case workflow would, so
 * a rule that throws is found without Temporal.
 */
import { createMachine, initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { CalendarData } from '../../src/calendar/index.js';
import {
  activePaths,
  applyAction,
  caseView,
  nextWakeUp,
  handleWakeUp,
  projectionOf,
  startCase,
  type ActionRequest,
  type CaseState,
  type Channel,
} from '../../src/cases/case-rules.js';
import type { ActionInfo, CompiledProcedure, Outcome, StateInfo } from '../../src/procedures/compiled-procedure.js';
import { resolveUnit } from '../../src/procedures/units.js';

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
  /** What the path is for; a scenario path may serve several (e.g. late, then delivered by post). */
  purposes: Purpose[];
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

  /**
   * Shortest sequence of caller moves from `from` to a configuration satisfying `goal` (empty when
   * `from` does). A supplement may be requested during processing once per dossier (NĐ61 Art. 19.4),
   * and not at all once `supplementSpent`: routes are searched with that budget.
   */
  shortest(from: AnyMachineSnapshot, goal: (snapshot: AnyMachineSnapshot) => boolean, supplementSpent = false): string[] | null {
    const key = (snapshot: AnyMachineSnapshot, spent: boolean) => `${snapshot.status}:${JSON.stringify(snapshot.value)}:${spent}`;
    const routes = new Map<string, string[]>([[key(from, supplementSpent), []]]);
    const queue: Array<[AnyMachineSnapshot, boolean]> = [[from, supplementSpent]];
    for (let item = queue.shift(); item; item = queue.shift()) {
      const [snapshot, spent] = item;
      const route = routes.get(key(snapshot, spent))!;
      if (goal(snapshot)) return route;
      if (snapshot.status === 'done') continue;
      for (const action of this.moves) {
        if (!snapshot.can({ type: action })) continue;
        const processingRequest = isProcessingRequest(snapshot, action);
        if (processingRequest && spent) continue;
        const [next] = transition(this.machine, snapshot, { type: action });
        const nextSpent = spent || processingRequest;
        if (routes.has(key(next, nextSpent))) continue;
        routes.set(key(next, nextSpent), [...route, action]);
        queue.push([next, nextSpent]);
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

/** A supplement request after receipt, during processing: once per dossier, within its window. */
function isProcessingRequest(snapshot: AnyMachineSnapshot, action: string): boolean {
  return action === 'request_supplement' && !activePaths(snapshot.value).includes('receipt');
}

class PathBuilder {
  readonly steps: PathStep[] = [];
  /** The processing supplement request is used, or its window has passed with the deadline. */
  private supplementSpent = false;
  readonly visits = new Set<string>();
  readonly purposes: Purpose[];
  snapshot: AnyMachineSnapshot;

  constructor(
    private readonly graph: MachineGraph,
    /** States earlier paths already pass through. */
    private readonly covered: ReadonlySet<string>,
    purpose: Purpose,
  ) {
    this.purposes = [purpose];
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
      if (isProcessingRequest(this.snapshot, action)) this.supplementSpent = true;
      this.snapshot = this.graph.step(this.snapshot, action);
      this.steps.push({ kind: 'act', action, by, heldBy, after: activePaths(this.snapshot.value) });
      this.visit();
    }
    return this;
  }

  /** Time passes: the deadline runs out (nothing moves), or the supplement window does (the system returns the dossier). */
  wait(until: WaitStep['until']): this {
    if (until === 'supplement-window') this.snapshot = this.graph.step(this.snapshot, WINDOW_EXPIRED);
    if (until === 'deadline') this.supplementSpent = true;
    this.steps.push({ kind: 'wait', until, after: activePaths(this.snapshot.value) });
    this.visit();
    return this;
  }

  goTo(goal: (snapshot: AnyMachineSnapshot) => boolean, what: string): this {
    const route = this.graph.shortest(this.snapshot, goal, this.supplementSpent);
    if (!route) throw new Error(`${this.graph.compiled.code}: no route to ${what} from ${activePaths(this.snapshot.value).join(' | ')}`);
    return this.act(...route);
  }

  /** Goes on through the nearest states no path visits yet, then ends, in a missing final state if one is near. */
  cover(): this {
    for (;;) {
      const route = this.graph.shortest(this.snapshot, (s) => s.status !== 'done' && this.graph.statesOf(s).some(this.missing), this.supplementSpent);
      if (!route || route.length === 0) break;
      this.act(...route);
    }
    return this.finish();
  }

  finish(): this {
    if (this.snapshot.status === 'done') return this;
    const route =
      this.graph.shortest(this.snapshot, (s) => s.status === 'done' && this.graph.statesOf(s).some(this.missing), this.supplementSpent) ??
      this.graph.shortest(this.snapshot, (s) => s.status === 'done', this.supplementSpent);
    if (!route) throw new Error(`${this.graph.compiled.code}: cannot end from ${activePaths(this.snapshot.value).join(' | ')}`);
    return this.act(...route);
  }

  /** The path serves one more purpose from here on. */
  also(purpose: Purpose): this {
    this.purposes.push(purpose);
    return this;
  }

  build(): ProcedurePath {
    const name = `${this.graph.compiled.code}: the ${this.purposes.join(' + ')} path`;
    if (this.snapshot.status !== 'done') throw new Error(`${name} does not end`);
    const outcome = this.graph.infosOf(this.snapshot)[0]?.outcome;
    if (!outcome) throw new Error(`${name} ends in a state without an outcome`);
    return { purposes: this.purposes, steps: this.steps, visits: [...this.visits].sort(), outcome };
  }
}

/**
 * The paths for one procedure: the scenarios first (late with an apology and delivered by post;
 * supplement window expired; supplement at receipt, then the post fails twice and the result is
 * collected at the desk; supplement during a step), then coverage paths until every state in
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

  const post = Boolean(compiled.actions.consign_to_post);
  // Accepted, an apology with a new date, the deadline passes, a late approval; delivered by post.
  const late = begin('late').act('accept');
  if (graph.infosOf(late.snapshot).every((info) => info.kind === 'step')) {
    late.act(APOLOGY).wait('deadline').goTo(active('approved'), 'approved');
    add(post ? late.also('postal-delivered').act('consign_to_post', 'delivered') : late.finish());
  }
  add(begin('supplement-expired').act('request_supplement').wait('supplement-window'));
  // Completed at receipt, approved, the post fails twice and the applicant collects at the desk.
  const atReceipt = begin('supplement-at-receipt').act('request_supplement', 'supplement_completed', 'accept');
  add(
    post
      ? atReceipt.also('postal-returned').goTo(active('approved'), 'approved').act('consign_to_post', 'delivery_failed', 'delivery_failed', 'collect_at_desk')
      : atReceipt.cover(),
  );
  add(begin('supplement-during-step').act('accept', 'request_supplement', 'supplement_completed').cover());
  for (const state of Object.keys(compiled.states).sort()) {
    if (covered.has(state)) continue;
    add(begin('coverage').goTo((s) => graph.statesOf(s).includes(state), state).cover());
  }
  return paths;
}

export function actionCount(path: ProcedurePath): number {
  return path.steps.filter((step) => step.kind === 'act').length;
}

const DAY_MS = 86_400_000;

/**
 * The request for an action step: actor 'post' or 'applicant' for theirs, `staff` for staff actions,
 * sent for the (ward-resolved) unit of the state that handles the action; an apology gives a new
 * date five days after the statutory deadline.
 */
export function requestFor(
  compiled: CompiledProcedure,
  step: ActStep,
  context: { staff: string; ward: string | undefined; statutoryDueAt: string | null },
): ActionRequest {
  const request: ActionRequest = { action: step.action, actor: step.by === 'staff' ? context.staff : step.by };
  if (step.by === 'staff') {
    const resolved = resolveUnit(compiled.states[step.heldBy]!.unit, context.ward);
    if (!resolved.ok) throw new Error(resolved.message);
    request.actorUnit = resolved.unit.code;
  }
  if (step.action === APOLOGY) request.newDueAt = new Date(Date.parse(context.statutoryDueAt!) + 5 * DAY_MS).toISOString();
  return request;
}

export interface Rehearsal {
  receivedAt: Date;
  channel: Channel;
  ward: string | undefined;
  calendar: CalendarData;
  staff: string;
  /** How long a wait step lets time run. */
  waitDays: number;
}

/**
 * Runs the path through the case rules as the workflow does (start, actions, every timer wake-up
 * during a wait, the view and the projection after each change). Returns why it failed, or null.
 */
export function rehearsePath(compiled: CompiledProcedure, path: ProcedurePath, options: Rehearsal): string | null {
  let now = options.receivedAt;
  let state: CaseState | undefined;
  const settle = (next: CaseState) => {
    state = next;
    caseView(state);
    projectionOf(state);
    nextWakeUp(state);
  };
  try {
    const receiving = resolveUnit(compiled.receivingUnit, options.ward);
    if (!receiving.ok) throw new Error(receiving.message);
    settle(
      startCase({
        caseCode: `REHEARSAL-${compiled.code}`,
        procedure: compiled,
        calendar: options.calendar,
        receivedAt: now.toISOString(),
        channel: options.channel,
        applicant: { name: 'rehearsal' },
        receivingUnit: receiving.unit.code,
        ward: options.ward,
      }).state,
    );
    const runTimers = (until: Date) => {
      for (let wake = nextWakeUp(state!); wake && wake <= until; wake = nextWakeUp(state!)) {
        now = wake;
        settle(handleWakeUp(state!, now).state);
      }
      now = until;
    };
    for (const step of path.steps) {
      if (step.kind === 'wait') {
        runTimers(new Date(now.getTime() + options.waitDays * DAY_MS));
        continue;
      }
      const request = requestFor(compiled, step, { staff: options.staff, ward: options.ward, statutoryDueAt: state!.statutoryDueAt });
      settle(applyAction(state!, request, now).state);
      const reached = activePaths(state!.snapshot.value);
      if (reached.sort().join() !== [...step.after].sort().join()) {
        throw new Error(`"${step.action}" led to ${reached.join(' | ')}, expected ${step.after.join(' | ')}`);
      }
    }
    return null;
  } catch (error) {
    const at = state ? activePaths(state.snapshot.value).join(' | ') : 'submission';
    return `the case rules throw at ${at}: ${(error as Error).message}`;
  }
}
