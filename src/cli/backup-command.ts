import path from 'node:path';
import type { Config } from '../config.js';
import { askRunningMotcua } from '../backup/control-socket.js';
import { archiveDataDir, restoreDataDir } from '../backup/embedded-backup.js';

type Io = { out: (s: string) => void; err: (s: string) => void };

const productionNote =
  'backup/restore cover the embedded default (Temporal dev server + PGlite); with DATABASE_URL or TEMPORAL_ADDRESS set, ' +
  'back up PostgreSQL with pg_dump and Temporal with its own database backup (docs/security.md)';

/**
 * `motcua backup <file>`: asks the motcua running on the data folder to pause and archive, or
 * archives a stopped one directly. `motcua restore <file>`: only while no motcua runs there.
 */
export async function runBackupCommand(command: 'backup' | 'restore', args: string[], io: Io, config: Config): Promise<number> {
  try {
    return await backupOrRestore(command, args, io, config);
  } catch (error) {
    // One line the operator can act on (missing file, nothing to back up), not a stack trace.
    io.err(`${command} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function backupOrRestore(command: 'backup' | 'restore', args: string[], io: Io, config: Config): Promise<number> {
  const [file] = args;
  if (!file || args.length > 1) {
    io.err(`usage: motcua ${command} <file>   (data folder: MOTCUA_DATA_DIR=${config.MOTCUA_DATA_DIR})`);
    return 2;
  }
  if (config.DATABASE_URL || config.TEMPORAL_ADDRESS) {
    io.err(productionNote);
    return 2;
  }
  const target = path.resolve(file);
  const dataDir = path.resolve(config.MOTCUA_DATA_DIR);
  if (command === 'backup') {
    const reply = await askRunningMotcua(dataDir, { command: 'backup', file: target });
    if (reply === 'not-running') {
      const manifest = await archiveDataDir(dataDir, target);
      io.out(`backup written: ${target} (${manifest.files.join(', ')}; motcua was not running)`);
      return 0;
    }
    if (!reply.ok) {
      io.err(`backup failed: ${reply.error}`);
      return 1;
    }
    io.out(`backup written: ${target} (motcua paused ${reply.pausedMs} ms)`);
    return 0;
  }
  if ((await askRunningMotcua(dataDir, { command: 'ping' })) !== 'not-running') {
    io.err(`motcua is running on ${dataDir}: stop it before restoring`);
    return 1;
  }
  const { manifest, replacedDir } = await restoreDataDir(dataDir, target);
  io.out(`restored ${target} (taken ${manifest.createdAt}) into ${dataDir}${replacedDir ? `; what was there is in ${replacedDir}` : ''}`);
  return 0;
}
