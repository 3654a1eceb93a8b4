/**
 * The real services the tests run against. Nothing here mocks Temporal or PostgreSQL:
 * a missing service fails the test with a message saying how to provide it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrateToLatest, openDatabase, type MotcuaDb } from '../../src/store/database.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export function temporalBinary(name: 'temporal' | 'temporal-test-server'): string {
  const fromEnv = name === 'temporal' ? process.env.MOTCUA_TEMPORAL_CLI : process.env.MOTCUA_TEMPORAL_TEST_SERVER;
  const path = fromEnv ?? `${root}.cache/bin/${name}`;
  if (!existsSync(path)) {
    throw new Error(`${name} not found at ${path}: run the tests with \`npm test\`, which provisions it (infra/temporal/install.sh)`);
  }
  return path;
}

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`, which starts PostgreSQL (infra/postgres/start.sh)');
  }
  return url;
}

export const storageKinds = ['pglite', 'postgres'] as const;
export type StorageKind = (typeof storageKinds)[number];

export interface TestDatabase {
  db: MotcuaDb;
  /** Set for PostgreSQL: other processes can connect to the same database. */
  url?: string;
  close(): Promise<void>;
}

/** A fresh, migrated database of the given kind: in-memory PGlite, or a new database on the PostgreSQL server. */
export async function createTestDatabase(kind: StorageKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = openDatabase({ kind: 'pglite' });
    await migrateToLatest(db);
    return { db, close: () => db.destroy() };
  }
  const adminUrl = testDatabaseUrl();
  const name = `motcua_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
  await migrateToLatest(db);
  return {
    db,
    url: url.toString(),
    async close() {
      await db.destroy();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
