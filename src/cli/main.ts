import { loadConfig, ConfigError } from '../config.js';
import { MotcuaError } from '../errors.js';
import { createLogger } from '../logger.js';
import { runBackupCommand } from './backup-command.js';
import { runCalendarCommand } from './calendar-command.js';
import { runMetricsCommand, runSeedCommand } from './metrics-command.js';
import { runProceduresCommand } from './procedures-command.js';
import { runServe } from './serve-command.js';
import { runTemporalCommand } from './temporal-command.js';
import { runUsersCommand } from './users-command.js';
import { runUnitsCommand } from './units-command.js';
import { databaseTargetFrom, migrateToLatest, openDatabase } from '../store/database.js';
import { openStudio, runStudioCommand, STUDIO_USAGE } from './studio-command.js';

const usage = `motcua — một cửa: administrative procedures on Temporal and PostgreSQL

Usage:
  motcua start                 run everything on one machine (embedded Temporal dev server and PGlite
                               unless TEMPORAL_ADDRESS / DATABASE_URL are set), API on http://127.0.0.1:3000
  motcua worker                run only the Temporal worker (needs DATABASE_URL)
  motcua api                   run only the HTTP API (needs DATABASE_URL)
  motcua procedures <command>  lint | list | show | graph | schema (see: motcua procedures help)
  motcua calendar <command>    due | holidays (see: motcua calendar help)
  motcua metrics rebuild       rebuild the metrics projections from the stored events
  motcua seed --synthetic N    write N synthetic cases straight into the database [--from --to --seed]
  motcua seed --cases N        drive N cases through the real engine over a past year [--from --to --seed]
  motcua calendar <command>    due | holidays | announce <file> (see: motcua calendar help)
  motcua temporal setup        operator: create the namespace, register search attributes (see: motcua temporal help)
  motcua users <command>       list | add | disable | enable | reset-password | token (see: motcua users help)
  motcua backup <file>         embedded default: archive Temporal's SQLite file and PGlite together
                               (a running motcua pauses briefly); production: pg_dump, see docs/security.md
  motcua restore <file>        embedded default: put a backup back (motcua stopped)
  motcua units <command>       list | load <file.yaml>: the organisation's units (see: motcua units help)

Process designers' studio (reads the database of DATABASE_URL or MOTCUA_DATA_DIR):
${STUDIO_USAGE.replace(/^/gm, '  ')}
`;

/** The configured database, migrated: for the commands that read or write it. */
async function openMigratedDatabase() {
  const db = openDatabase(databaseTargetFrom(loadConfig()));
  await migrateToLatest(db);
  return db;
}

export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  const io = { out: (s: string) => process.stdout.write(`${s}\n`), err: (s: string) => process.stderr.write(`${s}\n`) };
  try {
    switch (command) {
      case 'start':
        return await runServe({ worker: true, api: true }, loadConfig(), createLogger);
      case 'worker':
        return await runServe({ worker: true, api: false }, loadConfig(), createLogger);
      case 'api':
        return await runServe({ worker: false, api: true }, loadConfig(), createLogger);
      case 'procedures':
        return await runProceduresCommand(rest, io, openMigratedDatabase);
      case 'calendar':
        return await runCalendarCommand(rest, io);
      case 'backup':
      case 'restore':
        return await runBackupCommand(command, rest, io, loadConfig());
      case 'metrics':
        return await runMetricsCommand(rest, io, loadConfig());
      case 'seed':
        return await runSeedCommand(rest, io, loadConfig());
      case 'temporal':
        return await runTemporalCommand(rest, io, loadConfig());
      case 'users':
        return await runUsersCommand(rest, io, openMigratedDatabase);
      case 'units':
        return await runUnitsCommand(rest, io, openMigratedDatabase);
      case 'export':
      case 'mine':
      case 'simulate':
      case 'compare':
      case 'diagram':
        return await openStudio(loadConfig(), (studio) => runStudioCommand(command, rest, io, studio));
      case undefined:
      case 'help':
      case '--help':
        io.out(usage);
        return command === undefined ? 2 : 0;
      default:
        io.err(`unknown command: ${command}\n\n${usage}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      return 2;
    }
    if (error instanceof MotcuaError) {
      // One line an operator can act on (e.g. a missing Temporal namespace), not a stack trace.
      io.err(`motcua: ${error.code}: ${error.messageVi} / ${error.message}`);
      return 1;
    }
    throw error;
  }
}
