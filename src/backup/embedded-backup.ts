/**
 * Backup and restore of the embedded default: the Temporal dev server's SQLite file and the PGlite
 * data folder, taken together so that one archive is one consistent instant of both.
 *
 * Consistency: every case event is written by a workflow task, so with the worker stopped and the
 * Temporal server and PGlite closed nothing moves, and a copy of both is the same instant. A running
 * `motcua start` does exactly that when asked through its control socket (a short pause, then it
 * starts again); a stopped one is archived as it lies. Production (a PostgreSQL server and a Temporal
 * cluster) is backed up with the servers' own tools: see docs/security.md.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { payloadKeyFileName } from '../engine/payload-codec.js';

const run = promisify(execFile);

export const temporalDbName = 'temporal.db';
export const pgliteDirName = 'pglite';
export const manifestName = 'motcua-backup.json';
const formatVersion = 1;

export interface BackupManifest {
  format: number;
  createdAt: string;
  files: string[];
}

/** The dev server's SQLite file with whatever journal or WAL files lie beside it. */
function temporalFiles(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir).filter((name) => name === temporalDbName || name.startsWith(`${temporalDbName}-`));
}

/**
 * Archives the data folder's Temporal and PGlite state into `file` (tar + gzip). Call only while
 * nothing has them open. Written beside the target and renamed, so a crash leaves no half archive.
 */
export async function archiveDataDir(dataDir: string, file: string, now = new Date()): Promise<BackupManifest> {
  const temporal = temporalFiles(dataDir);
  if (!temporal.includes(temporalDbName)) throw new Error(`no ${temporalDbName} in ${dataDir}: nothing to back up`);
  if (!existsSync(path.join(dataDir, pgliteDirName))) throw new Error(`no ${pgliteDirName}/ in ${dataDir}: nothing to back up`);
  // The payload key travels with the data: Temporal's payloads are sealed with it.
  const key = existsSync(path.join(dataDir, payloadKeyFileName)) ? [payloadKeyFileName] : [];
  const manifest: BackupManifest = { format: formatVersion, createdAt: now.toISOString(), files: [...temporal, pgliteDirName, ...key] };
  writeFileSync(path.join(dataDir, manifestName), `${JSON.stringify(manifest, null, 2)}\n`);
  const target = path.resolve(file);
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  try {
    await run('tar', ['-czf', partial, '-C', dataDir, manifestName, ...manifest.files]);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
    rmSync(path.join(dataDir, manifestName), { force: true });
  }
  return manifest;
}

/**
 * Puts an archive's state into the data folder. What was there is moved to `replaced-<instant>/`
 * beside it, never deleted. Call only while nothing has the data folder open.
 */
export async function restoreDataDir(dataDir: string, file: string, now = new Date()): Promise<{ manifest: BackupManifest; replacedDir?: string }> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`no backup file at ${file}`);
  mkdirSync(dataDir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const staging = path.join(dataDir, `.restoring-${stamp}`);
  mkdirSync(staging);
  try {
    await run('tar', ['-xzf', path.resolve(file), '-C', staging]);
    const manifestPath = path.join(staging, manifestName);
    if (!existsSync(manifestPath)) throw new Error(`${file} is not a motcua backup (no ${manifestName})`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
    if (manifest.format !== formatVersion) throw new Error(`${file}: backup format ${manifest.format}, this motcua reads ${formatVersion}`);
    const missing = manifest.files.filter((name) => !existsSync(path.join(staging, name)));
    if (missing.length > 0 || !manifest.files.includes(temporalDbName) || !manifest.files.includes(pgliteDirName)) {
      throw new Error(`${file} is incomplete: missing ${missing.join(', ') || `${temporalDbName} or ${pgliteDirName}`}`);
    }
    const present = [...temporalFiles(dataDir), pgliteDirName, payloadKeyFileName].filter(
      (name, i, all) => all.indexOf(name) === i && existsSync(path.join(dataDir, name)),
    );
    let replacedDir: string | undefined;
    if (present.length > 0) {
      replacedDir = path.join(dataDir, `replaced-${stamp}`);
      mkdirSync(replacedDir);
      for (const name of present) renameSync(path.join(dataDir, name), path.join(replacedDir, name));
    }
    for (const name of manifest.files) renameSync(path.join(staging, name), path.join(dataDir, name));
    return { manifest, ...(replacedDir ? { replacedDir } : {}) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
