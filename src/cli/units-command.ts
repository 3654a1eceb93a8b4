/**
 * `motcua units list|load <file.yaml>`: the units accounts belong to, as data an organisation loads
 * (a province's communes and wards). The file is checked whole first; on any problem the command
 * prints each with its file and path and writes nothing. On the embedded database, run it while
 * motcua is stopped (PGlite's folder belongs to one process at a time).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { listUnitsWithParents, saveUnits } from '../auth/accounts.js';
import { checkUnitsFile, unitsFileError } from '../auth/units-file.js';
import { MotcuaError } from '../errors.js';
import type { MotcuaDb } from '../store/database.js';
import type { CommandIo } from './procedures-command.js';

const USAGE = `usage: motcua units <command>
  list [--json]            the units in the database, with level, kind, ward and parent
  load <file.yaml>         add or update the file's units (checked whole first; nothing written on error)
file format (docs/architecture.md#units-as-data):
  units:
    - { code: HCM.P.TTD, nameVi: "UBND phường Tân Thuận", nameEn: "Tan Thuan Ward People's Committee", level: ward, ward: TTD, parent: HCM }`;

export async function runUnitsCommand(args: string[], io: CommandIo, openDb: () => Promise<MotcuaDb>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, file] = parsed.positionals;
  if (command === undefined || command === 'help') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'list' && command !== 'load') {
    io.err(`unknown command: ${command}\n${USAGE}`);
    return 2;
  }
  if (command === 'load' && !file) {
    io.err(`load needs a file\n${USAGE}`);
    return 2;
  }
  let text = '';
  if (command === 'load') {
    try {
      text = await readFile(file!, 'utf8');
    } catch (error) {
      io.err(`cannot read ${file}: ${(error as Error).message}`);
      return 1;
    }
  }

  const db = await openDb();
  try {
    if (command === 'list') {
      const units = await listUnitsWithParents(db);
      if (parsed.values.json) io.out(JSON.stringify(units, null, 2));
      else for (const u of units) io.out(`${u.code.padEnd(16)} ${u.level.padEnd(9)} ${u.kind.padEnd(15)} ${(u.ward ?? '').padEnd(6)} ${(u.parent ?? '').padEnd(12)} ${u.nameVi}`);
      return 0;
    }
    const checked = checkUnitsFile(text, await listUnitsWithParents(db));
    if (!checked.ok) {
      for (const problem of checked.problems) {
        const error = unitsFileError(file!, problem);
        io.err(`${error.code}: ${error.messageVi} / ${error.message}`);
      }
      io.err(`${checked.problems.length} problem(s); nothing was written`);
      return 1;
    }
    const saved = await saveUnits(db, file!, checked.units);
    io.out(`${file}: ${saved.added} unit(s) added, ${saved.updated} updated`);
    return 0;
  } catch (error) {
    if (error instanceof MotcuaError) {
      io.err(`${error.code}: ${error.messageVi} / ${error.message}`);
      io.err('nothing was written');
      return 1;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}
