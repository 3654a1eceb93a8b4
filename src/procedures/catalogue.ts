/**
 * The district's procedures as loaded from `procedures/`: valid ones compiled,
 * invalid ones reported. A file whose code repeats an earlier file's is refused.
 */
import type { CompiledProcedure } from './compiled-procedure.js';
import { DEFAULT_PROCEDURES_DIR, listProcedureFiles, loadProcedureFile, type LoadedProcedure } from './load.js';
import type { ProcedureIssue } from './procedure-issues.js';
import { checkDuplicateCodes } from './validate.js';

export interface Catalogue {
  /** Valid procedures, sorted by code. */
  procedures: LoadedProcedure[];
  /** Errors and notes of every file, in file order. */
  issues: ProcedureIssue[];
  get(code: string): LoadedProcedure | undefined;
}

/** Loads the given files, or every file below `dir`. */
export async function loadCatalogue(dir: string = DEFAULT_PROCEDURES_DIR, files?: readonly string[]): Promise<Catalogue> {
  const results = await Promise.all((files ?? (await listProcedureFiles(dir))).map((file) => loadProcedureFile(file)));
  const loaded = results.flatMap((result) => (result.ok ? [result.procedure] : []));
  const duplicates = checkDuplicateCodes(loaded.map(({ file, definition }) => ({ file, code: definition.code })));
  const refusedFiles = new Set(duplicates.map((issue) => issue.file));
  const issues = results.flatMap((result) => (result.ok ? result.procedure.notes : result.issues)).concat(duplicates);
  const procedures = loaded.filter((procedure) => !refusedFiles.has(procedure.file)).sort((a, b) => a.definition.code.localeCompare(b.definition.code));
  const byCode = new Map(procedures.map((procedure) => [procedure.definition.code, procedure]));
  return { procedures, issues, get: (code) => byCode.get(code) };
}

/** One procedure's compiled form, or undefined when it is missing or invalid. */
export async function getProcedure(code: string, dir: string = DEFAULT_PROCEDURES_DIR): Promise<CompiledProcedure | undefined> {
  return (await loadCatalogue(dir)).get(code)?.compiled;
}
