/**
 * `motcua procedures <lint|list|show|graph|schema>`: the process designer's tools.
 * Returns the exit code; output goes through `io` so tests need no process.
 */
import type { Period } from '../calendar/period.js';
import { loadCatalogue, type Catalogue } from '../procedures/catalogue.js';
import { DEFAULT_PROCEDURES_DIR } from '../procedures/load.js';
import { procedureToMermaid } from '../procedures/mermaid.js';
import { formatIssue } from '../procedures/procedure-issues.js';
import { unconfirmedValues } from '../procedures/unconfirmed.js';
import { writeProcedureJsonSchema } from '../procedures/write-json-schema.js';
import { loadUnitDirectory } from '../auth/accounts.js';
import type { UnitDirectory } from '../procedures/unit-directory.js';
import type { MotcuaDb } from '../store/database.js';

export interface CommandIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

const USAGE = `usage: motcua procedures <command> [--dir procedures]
  lint [files…] [--strict] [--db]  validate definitions (default: all under the procedures folder);
                       --strict also lists every unconfirmed statutory value and fails while any remains;
                       --db checks unit codes against the units in the database (motcua units load)
                       instead of the built-in District 7 list
  list [--json]        the valid procedures with version and period
  show <code> [--json] the compiled machine, states and budgets
  graph <code>         Mermaid stateDiagram-v2 text of the machine
  schema               write procedure.schema.json for editors
  help                 this text`;

interface ParsedArgs {
  command: string | undefined;
  positional: string[];
  json: boolean;
  strict: boolean;
  /** Check unit codes against the database's units, not the built-in list. */
  db: boolean;
  dir: string;
}

function parseArgs(args: readonly string[]): ParsedArgs | string {
  const parsed: ParsedArgs = { command: undefined, positional: [], json: false, strict: false, db: false, dir: DEFAULT_PROCEDURES_DIR };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') parsed.json = true;
    else if (arg === '--strict') parsed.strict = true;
    else if (arg === '--db') parsed.db = true;
    else if (arg === '--dir') {
      const dir = args[++i];
      if (!dir) return '--dir needs a folder';
      parsed.dir = dir;
    } else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else if (parsed.command === undefined) parsed.command = arg;
    else parsed.positional.push(arg);
  }
  return parsed;
}

const formatPeriod = (period: Period | undefined): string => (period ? `${period.amount} ${period.unit}` : '—');

/** @param openDb opens the configured database (only `lint --db` calls it) */
export async function runProceduresCommand(args: string[], io: CommandIo, openDb?: () => Promise<MotcuaDb>): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(`${parsed}\n${USAGE}`);
    return 2;
  }
  switch (parsed.command) {
    case 'lint':
      return lint(parsed, io, parsed.db ? await databaseUnits(openDb, io) : undefined);
    case 'list':
      return list(parsed, io);
    case 'show':
    case 'graph':
      return showOrGraph(parsed, io);
    case 'schema':
      io.out(`wrote ${await writeProcedureJsonSchema(parsed.dir)}`);
      return 0;
    case 'help':
      io.out(USAGE);
      return 0;
    default:
      io.err(parsed.command ? `unknown command ${parsed.command}\n${USAGE}` : USAGE);
      return 2;
  }
}

async function databaseUnits(openDb: (() => Promise<MotcuaDb>) | undefined, io: CommandIo): Promise<UnitDirectory> {
  if (!openDb) throw new Error('--db needs a database (run through the motcua command)');
  const db = await openDb();
  try {
    const units = await loadUnitDirectory(db);
    io.out(`checking unit codes against ${units.units.length} unit(s) in the database`);
    return units;
  } finally {
    await db.destroy();
  }
}

async function lint(parsed: ParsedArgs, io: CommandIo, units?: UnitDirectory): Promise<number> {
  const files = parsed.positional.length > 0 ? parsed.positional : undefined;
  const catalogue = await loadCatalogue(parsed.dir, files, units);
  const errors = catalogue.issues.filter((issue) => issue.severity === 'error');
  for (const issue of catalogue.issues) (issue.severity === 'error' ? io.err : io.out)(formatIssue(issue));
  const notes = catalogue.issues.length - errors.length;
  io.out(`${catalogue.procedures.length} procedure(s) valid, ${errors.length} error(s), ${notes} note(s)`);
  if (!parsed.strict) return errors.length > 0 ? 1 : 0;
  // The publication gate: every statutory value read in the law, or the file says it is not.
  const unconfirmed = catalogue.procedures.flatMap(({ definition, file }) => unconfirmedValues(definition, file));
  for (const issue of unconfirmed) io.out(formatIssue(issue));
  io.out(`${unconfirmed.length} unconfirmed value(s) in ${new Set(unconfirmed.map((issue) => issue.file)).size} file(s)`);
  return errors.length > 0 || unconfirmed.length > 0 ? 1 : 0;
}

async function list(parsed: ParsedArgs, io: CommandIo): Promise<number> {
  const catalogue = await loadCatalogue(parsed.dir);
  const rows = catalogue.procedures.map(({ file, definition, compiled }) => ({
    code: compiled.code,
    version: compiled.version,
    nameVi: compiled.nameVi,
    nameEn: compiled.nameEn,
    field: compiled.field,
    handlingLevel: definition.handlingLevel,
    onlineLevel: definition.onlineLevel,
    period: compiled.period,
    file,
  }));
  if (parsed.json) io.out(JSON.stringify(rows, null, 2));
  else for (const row of rows) io.out(`${row.code}\t${row.version}\t${row.handlingLevel}\t${formatPeriod(row.period)}\t${row.nameVi}`);
  reportRefused(catalogue, io);
  return 0;
}

async function showOrGraph(parsed: ParsedArgs, io: CommandIo): Promise<number> {
  const code = parsed.positional[0];
  if (!code) {
    io.err(`${parsed.command} needs a procedure code\n${USAGE}`);
    return 2;
  }
  const catalogue = await loadCatalogue(parsed.dir);
  const procedure = catalogue.get(code);
  if (!procedure) {
    io.err(`no valid procedure ${code} under ${parsed.dir} (run motcua procedures lint)`);
    return 1;
  }
  const compiled = procedure.compiled;
  if (parsed.command === 'graph') io.out(procedureToMermaid(compiled));
  else if (parsed.json) io.out(JSON.stringify(compiled, null, 2));
  else {
    io.out(`${compiled.code} ${compiled.nameVi} / ${compiled.nameEn}`);
    io.out(`version ${compiled.version}  period ${formatPeriod(compiled.period)}  receiving ${compiled.receivingUnit}  file ${procedure.file}`);
    for (const info of Object.values(compiled.states)) {
      io.out(`  ${info.path}\t${info.kind}\t${info.unit}\t${formatPeriod(info.budget)}${info.outcome ? `\t→ ${info.outcome}` : ''}`);
    }
    io.out(`actions: ${Object.keys(compiled.actions).join(', ')}`);
  }
  return 0;
}

function reportRefused(catalogue: Catalogue, io: CommandIo): void {
  const refused = new Set(catalogue.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.file));
  if (refused.size > 0) io.err(`${refused.size} file(s) refused; run motcua procedures lint`);
}
