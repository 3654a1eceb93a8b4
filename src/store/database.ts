import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationProvider } from 'kysely';
import { KyselyPGlite } from 'kysely-pglite';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from './database-types.js';
import { exclusiveConnectionDialect } from './exclusive-dialect.js';
import * as initial from './migrations/0001-initial.js';
import * as integrity from './migrations/0002-integrity.js';
import * as metrics from './migrations/0005-metrics.js';
import * as calendarVersions from './migrations/0006-calendar-versions.js';
import * as identity from './migrations/0003-identity.js';
import * as queueReadModel from './migrations/0004-queue-read-model.js';
import * as studio from './migrations/0007-studio.js';
import * as unitParents from './migrations/0009-unit-parents.js';
import * as metricsRollups from './migrations/0011-metrics-rollups.js';
import * as metricsOpenCounters from './migrations/0013-metrics-open-counters.js';

export type MotcuaDb = Kysely<Database>;

/** Where the data lives: a PostgreSQL server, or PGlite (real Postgres in-process) in a folder or in memory. */
export type DatabaseTarget = { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'pglite'; dataDir?: string };

// Migrations are modules, not files found at run time, so bundling and tests see the same list.
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-integrity': integrity,
  '0005-metrics': metrics,
  '0003-identity': identity,
  '0006-calendar-versions': calendarVersions,
  '0004-queue-read-model': queueReadModel,
  '0007-studio': studio,
  '0009-unit-parents': unitParents,
  '0011-metrics-rollups': metricsRollups,
  '0013-metrics-open-counters': metricsOpenCounters,
};
const migrationProvider: MigrationProvider = { getMigrations: async () => migrations };

export function openDatabase(target: DatabaseTarget): MotcuaDb {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    // An idle client losing its server (restart) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    // Nor one checked out by a transaction or a query: pg emits 'error' on it besides failing its query,
    // and the pool listens only while the client is idle. The failed query reports the error (the
    // activity or request retries) and the pool drops the dead client when it comes back.
    pool.on('connect', (client) => client.on('error', () => {}));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const pglite = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  return new Kysely<Database>({ dialect: exclusiveConnectionDialect(new KyselyPGlite(pglite).dialect) });
}

export async function migrateToLatest(db: MotcuaDb): Promise<void> {
  // Numbers are handed out per work stream, so a database may have a later one before an earlier one lands.
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}

export function databaseTargetFrom(config: { DATABASE_URL?: string | undefined; MOTCUA_DATA_DIR: string }): DatabaseTarget {
  return config.DATABASE_URL
    ? { kind: 'postgres', url: config.DATABASE_URL }
    : { kind: 'pglite', dataDir: `${config.MOTCUA_DATA_DIR}/pglite` };
}
