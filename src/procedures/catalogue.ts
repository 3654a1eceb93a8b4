/**
 * The district's procedures as loaded from `procedures/`: valid ones compiled,
 * invalid ones reported. A code may have several versions by effective date (one file each);
 * a file whose code repeats an earlier file's without a separate effective range is refused.
 */
import type { CompiledProcedure } from './compiled-procedure.js';
import { DEFAULT_PROCEDURES_DIR, listProcedureFiles, loadProcedureFile, type LoadedProcedure } from './load.js';
import type { ProcedureIssue } from './procedure-issues.js';
import { checkDuplicateCodes } from './validate.js';
import type { UnitDirectory } from './unit-directory.js';
import { latestVersion, versionInForce } from './versions.js';

export interface Catalogue {
  /** Valid procedures, every version, sorted by code then effectiveFrom. */
  procedures: LoadedProcedure[];
  /** Errors and notes of every file, in file order. */
  issues: ProcedureIssue[];
  /** The version in force at `at` (the lawful submission instant); without `at`, the newest version. */
  get(code: string, at?: Date): LoadedProcedure | undefined;
  /** Every version of a code, oldest first. */
  versions(code: string): LoadedProcedure[];
}

const rangeOf = (procedure: LoadedProcedure) => procedure.definition;

/** Loads the given files, or every file below `dir`, checking unit codes against `units` (default: the built-in list). */
export async function loadCatalogue(dir: string = DEFAULT_PROCEDURES_DIR, files?: readonly string[], units?: UnitDirectory): Promise<Catalogue> {
  const results = await Promise.all((files ?? (await listProcedureFiles(dir))).map((file) => loadProcedureFile(file, units)));
  const loaded = results.flatMap((result) => (result.ok ? [result.procedure] : []));
  const duplicates = checkDuplicateCodes(
    loaded.map(({ file, definition }) => ({ file, code: definition.code, effectiveFrom: definition.effectiveFrom, effectiveTo: definition.effectiveTo })),
  );
  const refusedFiles = new Set(duplicates.map((issue) => issue.file));
  const issues = results.flatMap((result) => (result.ok ? result.procedure.notes : result.issues)).concat(duplicates);
  const procedures = loaded
    .filter((procedure) => !refusedFiles.has(procedure.file))
    .sort((a, b) => a.definition.code.localeCompare(b.definition.code) || (a.definition.effectiveFrom ?? '').localeCompare(b.definition.effectiveFrom ?? ''));
  const byCode = new Map<string, LoadedProcedure[]>();
  for (const procedure of procedures) byCode.set(procedure.definition.code, [...(byCode.get(procedure.definition.code) ?? []), procedure]);
  return {
    procedures,
    issues,
    get: (code, at) => {
      const versions = byCode.get(code) ?? [];
      return at === undefined ? latestVersion(versions, rangeOf) : versionInForce(versions, at, rangeOf);
    },
    versions: (code) => byCode.get(code) ?? [],
  };
}

/** One procedure's compiled form (the newest version), or undefined when it is missing or invalid. */
export async function getProcedure(code: string, dir: string = DEFAULT_PROCEDURES_DIR): Promise<CompiledProcedure | undefined> {
  return (await loadCatalogue(dir)).get(code)?.compiled;
}
