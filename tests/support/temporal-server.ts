/**
 * The PostgreSQL-backed Temporal server (infra/temporal/server/) in tests. The Temporal suites run
 * twice: on the dev server (vitest project `default`) and on this server (project `temporal-postgres`,
 * which sets MOTCUA_TEST_TEMPORAL_SERVER=postgres). `npm test` starts the shared server and passes its
 * address in MOTCUA_TEMPORAL_ADDRESS; when it is missing the suites fail, saying how to start it.
 * Each environment gets its own namespace, so files running at once (and earlier runs, whose data the
 * server keeps) never share a case code.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { setupNamespace } from '../../src/engine/temporal-namespace.js';
import { testDataConverter } from './payload-key.js';
import { testDatabaseUrl } from './services.js';

const infra = fileURLToPath(new URL('../../infra/temporal/server/', import.meta.url));

export type TemporalServerKind = 'dev-server' | 'postgres-server';

/** The server this vitest project runs the Temporal suites on. */
export function suiteTemporalServer(): TemporalServerKind {
  return process.env.MOTCUA_TEST_TEMPORAL_SERVER === 'postgres' ? 'postgres-server' : 'dev-server';
}

export function postgresTemporalAddress(): string {
  const address = process.env.MOTCUA_TEMPORAL_ADDRESS;
  if (!address) {
    throw new Error(
      'MOTCUA_TEMPORAL_ADDRESS is not set: the temporal-postgres project runs against the PostgreSQL-backed Temporal server. ' +
        'Run `npm test`, or `export MOTCUA_TEMPORAL_ADDRESS=$(bash infra/temporal/server/start.sh)`, ' +
        'or only the dev-server runs: `npx vitest run --project default …`',
    );
  }
  return address;
}

export const freshNamespace = (label = 't') => `motcua-${label}-${randomBytes(4).toString('hex')}`;

/**
 * A test environment on a running server: a fresh namespace (set up as `motcua temporal setup` does,
 * retention 1 day), deleted again at teardown.
 */
export async function existingServerEnvironment(address: string, namespace = freshNamespace()): Promise<TestWorkflowEnvironment> {
  // The client seals payloads as the worker does (tests/support/payload-key.ts): one key on both sides.
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address, namespace, client: { dataConverter: testDataConverter } });
  await setupNamespace(env.connection, namespace, 1);
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    await env.connection.operatorService.deleteNamespace({ namespace }).catch(() => undefined);
    await teardown();
  };
  return env;
}

export interface PrivateTemporalServer {
  address: string;
  stop(): void;
  start(): void;
  /** Stops it and drops its two databases. */
  remove(): Promise<void>;
}

/**
 * A PostgreSQL-backed Temporal server of one's own (own ports from `portBase`, own databases on the
 * test PostgreSQL), for a test that stops and restarts it without disturbing the shared one.
 */
export function startPrivateTemporalServer(portBase: number): PrivateTemporalServer {
  const id = randomBytes(4).toString('hex');
  const runDir = mkdtempSync(path.join(tmpdir(), 'motcua-temporal-'));
  const pgUrl = new URL(testDatabaseUrl());
  const databases = [`temporal_t_${id}`, `temporal_t_${id}_visibility`] as const;
  const env = {
    ...process.env,
    MOTCUA_TEMPORAL_RUN_DIR: runDir,
    MOTCUA_TEMPORAL_PG_HOST: pgUrl.hostname,
    MOTCUA_TEMPORAL_PG_PORT: pgUrl.port,
    MOTCUA_TEMPORAL_PG_USER: decodeURIComponent(pgUrl.username) || 'postgres',
    MOTCUA_TEMPORAL_DB: databases[0],
    MOTCUA_TEMPORAL_VISIBILITY_DB: databases[1],
    // Small pools: the test PostgreSQL is shared by everything else in the run.
    MOTCUA_TEMPORAL_MAX_CONNS: '3',
    MOTCUA_TEMPORAL_VISIBILITY_MAX_CONNS: '2',
    MOTCUA_TEMPORAL_PORT: String(portBase),
    MOTCUA_TEMPORAL_HTTP_PORT: String(portBase + 10),
    MOTCUA_TEMPORAL_HISTORY_PORT: String(portBase + 1),
    MOTCUA_TEMPORAL_MATCHING_PORT: String(portBase + 2),
    MOTCUA_TEMPORAL_WORKER_PORT: String(portBase + 6),
    MOTCUA_TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(portBase + 20),
    MOTCUA_TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(portBase + 21),
    MOTCUA_TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(portBase + 22),
    MOTCUA_TEMPORAL_WORKER_MEMBERSHIP_PORT: String(portBase + 26),
    MOTCUA_TEMPORAL_METRICS_PORT: String(portBase + 30),
  };
  const start = () => execFileSync('bash', [`${infra}start.sh`], { env, encoding: 'utf8' }).trim();
  const stop = () => void execFileSync('bash', [`${infra}stop.sh`], { env });
  const address = start();
  return {
    address,
    start: () => void start(),
    stop,
    async remove() {
      stop();
      rmSync(runDir, { recursive: true, force: true });
      const admin = new pg.Client({ connectionString: testDatabaseUrl() });
      await admin.connect();
      for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
