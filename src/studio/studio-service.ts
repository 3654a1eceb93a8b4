/**
 * The process designers' studio as commands: export and mine the event log, simulate, compare,
 * draw, keep drafts and publish. Reads and writes go through studio-store; the rules (mining,
 * simulation, comparison, layout) are the pure modules beside it. Identity is data passed in.
 *
 * Published versions: the newest publication of a code wins over the file in procedures/, and the
 * case service takes its procedures from `procedures` here (see src/engine/runtime.ts), so new cases
 * use a version as soon as it is published in this process; running cases keep the version pinned
 * in their workflow input.
 */
import { createHash } from 'node:crypto';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { MotcuaError } from '../errors.js';
import type { Catalogue } from '../procedures/catalogue.js';
import type { CompiledProcedure } from '../procedures/compiled-procedure.js';
import { loadProcedureText } from '../procedures/load.js';
import type { UnitDirectory } from '../procedures/unit-directory.js';
import { formatIssue, type ProcedureIssue } from '../procedures/procedure-issues.js';
import type { MotcuaDb } from '../store/database.js';
import { compareVersions, type VersionComparison } from './compare.js';
import { procedureDiagramSvg } from './diagram.js';
import { eventLogOf, type LogTrace } from './event-log.js';
import { mineEventLog, type VersionMining } from './mining.js';
import { toOcel } from './ocel.js';
import { buildSimulationModel } from './simulation-model.js';
import { simulate, simulateInBatches, simulatePair, type SimulationProgress, type SimulationResult } from './simulation.js';
import {
  getDraft,
  insertPublication,
  latestPublications,
  listLogEvents,
  listPublications,
  openCaseCounts,
  saveDraft,
  type Draft,
  type LogFilter,
  type Publication,
} from './studio-store.js';
import { toXes } from './xes.js';

/** Who acts in the studio (the auth plugin's `request.identity` fits). */
export interface StudioActor {
  account: string;
  role: string;
}

const DESIGNER_ROLES = new Set(['designer', 'admin']);

export interface StudioDeps {
  db: MotcuaDb;
  catalogue: Catalogue;
  calendar: WorkingCalendar;
  now?: () => Date;
  /** The units drafts may name (the catalogue's directory); default: the built-in District 7 list. */
  units?: UnitDirectory;
}

export interface SimulateRequest {
  version?: string | undefined;
  /** A draft's YAML instead of a stored version. */
  yaml?: string | undefined;
  runs?: number | undefined;
  seed?: number | undefined;
  /** First day of the arrival horizon (default: today, Vietnam). */
  from?: string | undefined;
  onProgress?: (done: number, total: number) => void;
}

export interface DraftCheck {
  ok: boolean;
  issues: ProcedureIssue[];
  version?: string;
}

export const DEFAULT_RUNS = 20_000;
export const MAX_RUNS = 1_000_000;

export function requireDesigner(actor: StudioActor | null | undefined, action: string): StudioActor {
  if (!actor || !DESIGNER_ROLES.has(actor.role)) throw new MotcuaError('STUDIO_FORBIDDEN', { action });
  return actor;
}

export const contentHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function createStudioService(deps: StudioDeps) {
  const now = deps.now ?? (() => new Date());
  const published = new Map<string, Publication>();

  // A publication replaces the file for new cases; files keep their versions by effective date.
  const current = (code: string, at?: Date): CompiledProcedure | undefined => published.get(code)?.compiled ?? deps.catalogue.get(code, at)?.compiled;

  async function versionOf(code: string, version?: string): Promise<CompiledProcedure> {
    const latest = current(code);
    if (!latest) throw new MotcuaError('CASE_UNKNOWN_PROCEDURE', { procedureCode: code });
    if (!version || version === latest.version) return latest;
    const file = deps.catalogue.get(code)?.compiled;
    if (file?.version === version) return file;
    const stored = (await listPublications(deps.db, code)).find((p) => p.version === version);
    if (!stored) throw new MotcuaError('STUDIO_UNKNOWN_VERSION', { procedureCode: code, version });
    return stored.compiled;
  }

  function checkYaml(code: string, yaml: string): { ok: true; compiled: CompiledProcedure; issues: ProcedureIssue[] } | { ok: false; issues: ProcedureIssue[] } {
    const result = loadProcedureText(yaml, `${code}.yaml`, deps.units);
    return result.ok ? { ok: true, compiled: result.procedure.compiled, issues: result.procedure.notes } : { ok: false, issues: result.issues };
  }

  function compiledDraft(code: string, yaml: string): CompiledProcedure {
    const checked = checkYaml(code, yaml);
    if (!checked.ok) {
      throw new MotcuaError('STUDIO_DRAFT_INVALID', { procedureCode: code, detail: checked.issues.map(formatIssue).join('; ') });
    }
    return checked.compiled;
  }

  async function traces(filter: LogFilter): Promise<LogTrace[]> {
    return eventLogOf(await listLogEvents(deps.db, filter));
  }

  const today = () => new Date(now().getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

  async function simulationOf(code: string, request: SimulateRequest) {
    const procedure = request.yaml ? compiledDraft(code, request.yaml) : await versionOf(code, request.version);
    const runs = Math.min(MAX_RUNS, Math.max(1, Math.floor(request.runs ?? DEFAULT_RUNS)));
    const model = buildSimulationModel(procedure, await traces({ procedureCode: code }), deps.calendar);
    return { model, options: { runs, seed: request.seed ?? 1, from: request.from ?? today(), onProgress: request.onProgress } };
  }

  async function runSimulation(code: string, request: SimulateRequest): Promise<SimulationResult> {
    const { model, options } = await simulationOf(code, request);
    return simulate(model, deps.calendar, options);
  }

  return {
    /** For the case service: the newest published version, else the file's. */
    procedures: { get: current },

    /** Reads the newest publications; call once at start. */
    async load(): Promise<void> {
      for (const publication of await latestPublications(deps.db)) published.set(publication.procedureCode, publication);
    },

    versionOf,

    async exportLog(format: 'xes' | 'ocel', filter: LogFilter): Promise<string> {
      const log = await traces(filter);
      return format === 'xes' ? toXes(log) : `${JSON.stringify(toOcel(log), null, 1)}\n`;
    },

    async mine(code: string): Promise<VersionMining[]> {
      const versions = new Map<string, CompiledProcedure>();
      for (const p of await listPublications(deps.db, code)) versions.set(p.version, p.compiled);
      const file = deps.catalogue.get(code)?.compiled;
      if (file) versions.set(file.version, file);
      return mineEventLog(deps.calendar, await traces({ procedureCode: code }), versions);
    },

    simulate: runSimulation,

    /** The same simulation batch by batch (see `simulateInBatches`), for a caller that reports progress. */
    async simulationInBatches(code: string, request: SimulateRequest): Promise<Generator<SimulationProgress, SimulationResult, void>> {
      const { model, options } = await simulationOf(code, request);
      return simulateInBatches(model, deps.calendar, options);
    },

    /** `after` is a version or a draft's YAML; both simulated with the same seed and runs. */
    async compare(code: string, request: { before?: string; after?: string; afterYaml?: string; runs?: number; seed?: number; from?: string }): Promise<VersionComparison> {
      const before = await versionOf(code, request.before);
      const after = request.afterYaml ? compiledDraft(code, request.afterYaml) : await versionOf(code, request.after);
      const history = await traces({ procedureCode: code });
      const runs = Math.min(MAX_RUNS, Math.max(1, Math.floor(request.runs ?? DEFAULT_RUNS)));
      const pair = simulatePair(
        buildSimulationModel(before, history, deps.calendar),
        buildSimulationModel(after, history, deps.calendar),
        deps.calendar,
        { runs, seed: request.seed ?? 1, from: request.from ?? today() },
      );
      return compareVersions(before, after, pair);
    },

    async diagram(code: string, version?: string): Promise<string> {
      const procedure = await versionOf(code, version);
      const counts = (await openCaseCounts(deps.db, code)).filter((c) => c.version === procedure.version);
      return procedureDiagramSvg(procedure, counts);
    },

    checkDraft(code: string, yaml: string): DraftCheck {
      const checked = checkYaml(code, yaml);
      return checked.ok ? { ok: true, issues: checked.issues, version: checked.compiled.version } : { ok: false, issues: checked.issues };
    },

    async saveDraft(actor: StudioActor | null, code: string, yaml: string): Promise<DraftCheck> {
      const who = requireDesigner(actor, 'lưu bản nháp / save drafts');
      await saveDraft(deps.db, { procedureCode: code, definitionYaml: yaml, author: who.account, updatedAt: now().toISOString() });
      return this.checkDraft(code, yaml);
    },

    async draft(code: string): Promise<Draft | undefined> {
      return getDraft(deps.db, code);
    },

    /** Validates and publishes `yaml` (default: the saved draft); new cases use it from now on. */
    async publish(actor: StudioActor | null, code: string, request: { yaml?: string; reason: string; republishes?: number }): Promise<Publication> {
      const who = requireDesigner(actor, 'công bố phiên bản / publish versions');
      if (!request.reason.trim()) throw new MotcuaError('STUDIO_REASON_REQUIRED');
      const yaml = request.yaml ?? (await getDraft(deps.db, code))?.definitionYaml;
      if (yaml === undefined) throw new MotcuaError('STUDIO_NO_DRAFT', { procedureCode: code });
      const compiled = compiledDraft(code, yaml);
      const publication = await insertPublication(deps.db, {
        procedureCode: code,
        version: compiled.version,
        contentHash: contentHash(yaml),
        definitionYaml: yaml,
        compiled,
        author: who.account,
        reason: request.reason.trim(),
        publishedAt: now().toISOString(),
        republishes: request.republishes ?? null,
      });
      published.set(code, publication);
      return publication;
    },

    /** Publishes an earlier publication's text again (the rollback), audited like any publication. */
    async rollback(actor: StudioActor | null, code: string, publicationId: number, reason: string): Promise<Publication> {
      requireDesigner(actor, 'công bố phiên bản / publish versions');
      const earlier = (await listPublications(deps.db, code)).find((p) => p.id === publicationId);
      if (!earlier) throw new MotcuaError('STUDIO_UNKNOWN_VERSION', { procedureCode: code, version: `#${publicationId}` });
      return this.publish(actor, code, { yaml: earlier.definitionYaml, reason, republishes: earlier.id });
    },

    publications: (code: string) => listPublications(deps.db, code),
  };
}

export type StudioService = ReturnType<typeof createStudioService>;
