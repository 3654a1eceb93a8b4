/**
 * Reads procedure files (fs + yaml), validates and compiles them. Node only: the
 * workflow receives compiled procedures, never files.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { compileProcedure } from './compile.js';
import type { CompiledProcedure } from './compiled-procedure.js';
import type { ProcedureDefinition } from './definition-schema.js';
import { procedureIssue, type ProcedureIssue } from './procedure-issues.js';
import { validateDefinition } from './validate.js';
import type { UnitDirectory } from './unit-directory.js';

export const DEFAULT_PROCEDURES_DIR = 'procedures';

export interface LoadedProcedure {
  file: string;
  definition: ProcedureDefinition;
  compiled: CompiledProcedure;
  /** Notes only (errors refuse the file). */
  notes: ProcedureIssue[];
}

export type LoadResult = { ok: true; procedure: LoadedProcedure } | { ok: false; file: string; issues: ProcedureIssue[] };

/** Parses, validates and compiles one definition given as YAML text (units: see validateDefinition). */
export function loadProcedureText(text: string, file: string, units?: UnitDirectory): LoadResult {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    const issues = document.errors.map((error) => {
      const line = error.linePos?.[0];
      const where = line ? `line ${line.line}, column ${line.col}` : '';
      return procedureIssue('PROC_YAML_SYNTAX', file, where, { reason: error.message.split(' at line ')[0] ?? error.code });
    });
    return { ok: false, file, issues };
  }
  const validation = validateDefinition(document.toJS(), file, units);
  if (!validation.ok) return { ok: false, file, issues: validation.issues };
  return { ok: true, procedure: { file, definition: validation.definition, compiled: compileProcedure(validation.definition), notes: validation.issues } };
}

export async function loadProcedureFile(file: string, units?: UnitDirectory): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, file, issues: [procedureIssue('PROC_FILE_UNREADABLE', file, '', { reason: (error as Error).message })] };
  }
  return loadProcedureText(text, file, units);
}

/** Every `*.yaml` below `dir`, sorted so listings and benchmarks are stable. */
export async function listProcedureFiles(dir: string = DEFAULT_PROCEDURES_DIR): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries
    .filter((entry) => entry.endsWith('.yaml') || entry.endsWith('.yml'))
    .map((entry) => join(dir, entry))
    .sort();
}
