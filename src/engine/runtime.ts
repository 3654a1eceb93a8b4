/**
 * Puts the parts together: Temporal (a server given by address, or an embedded dev server),
 * the database (a PostgreSQL server, or embedded PGlite), the worker and the API.
 * `motcua start` runs all of them; `motcua worker` / `motcua api` run one part for scale-out.
 */
import { defaultCalendar, defaultCalendarData } from '../calendar/index.js';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { loadCatalogue } from '../procedures/catalogue.js';
import { metricProceduresOf } from '../metrics/metric-procedures.js';
import { pingDatabase } from '../store/case-store.js';
import { databaseTargetFrom, migrateToLatest, openDatabase, type MotcuaDb } from '../store/database.js';
import { createCalendarAnnouncer, currentCalendarData } from './calendar-announcements.js';
import { createStudioService } from '../studio/studio-service.js';
import { createCaseService } from './case-service.js';
import { EncryptionCodec, encryptingDataConverter, loadPayloadKey } from './payload-codec.js';
import { ensureCaseSearchAttributes } from './search-attributes.js';
import { requireNamespace } from './temporal-namespace.js';
import { temporalExecutable } from './temporal-server.js';
import { createCaseWorker } from './worker.js';
import { seedDemoAccounts, type DemoAccount } from '../auth/demo-accounts.js';
import { loadSessionKey } from '../auth/session-key.js';
import { consoleProcedures } from '../web/console-deps.js';
import { loadUnitDirectory } from '../auth/accounts.js';

/** How long requests in flight may take to finish when motcua stops. */
const shutdownGraceMs = 10_000;

export const proceduresDir = fileURLToPath(new URL('../../procedures', import.meta.url));

export interface RuntimeParts {
  worker: boolean;
  api: boolean;
}

export interface Runtime {
  db: MotcuaDb;
  client: Client;
  app?: FastifyInstance;
  worker?: Worker;
  /** Demo accounts created by this start (first run of the embedded default), to announce once. */
  demoAccounts: DemoAccount[];
  /** Where things are, for the start-up message. */
  urls: { api?: string; temporal: string; temporalUi?: string; database: string };
  shutdown(): Promise<void>;
}

async function connectTemporal(config: Config, logger: Logger) {
  if (config.TEMPORAL_ADDRESS) {
    const address = config.TEMPORAL_ADDRESS;
    const connection = await Connection.connect({ address });
    const nativeConnection = await NativeConnection.connect({ address });
    return {
      address,
      connection,
      nativeConnection,
      teardown: async () => {
        await nativeConnection.close();
        await connection.close();
      },
    };
  }
  mkdirSync(config.MOTCUA_DATA_DIR, { recursive: true });
  const executable = temporalExecutable('temporal', config.MOTCUA_TEMPORAL_CLI);
  logger.info({ executable }, 'starting the embedded Temporal dev server');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable,
      ip: '127.0.0.1',
      port: config.MOTCUA_TEMPORAL_PORT,
      ui: true,
      uiPort: config.TEMPORAL_UI_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
      dbFilename: path.resolve(config.MOTCUA_DATA_DIR, 'temporal.db'),
    },
  });
  return {
    address: `127.0.0.1:${config.MOTCUA_TEMPORAL_PORT}`,
    uiUrl: `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`,
    connection: env.connection,
    nativeConnection: env.nativeConnection,
    teardown: () => env.teardown(),
  };
}

export interface RuntimeOptions {
  /** A prebuilt workflow bundle, so a runtime started again in the same process does not bundle again. */
  workflowBundle?: WorkflowBundleWithSourceMap | undefined;
}

export async function startRuntime(config: Config, logger: Logger, parts: RuntimeParts, options: RuntimeOptions = {}): Promise<Runtime> {
  const dbTarget = databaseTargetFrom(config);
  if (dbTarget.kind === 'pglite' && !(parts.worker && parts.api)) {
    throw new Error('the embedded database (PGlite) lives in one process: set DATABASE_URL to run the worker and the API apart');
  }
  if (dbTarget.kind === 'pglite') mkdirSync(config.MOTCUA_DATA_DIR, { recursive: true });
  // Payloads leave this process encrypted: Temporal holds no personal data (docs/architecture.md).
  const payloadCodec = new EncryptionCodec(loadPayloadKey(config));
  const dataConverter = encryptingDataConverter(payloadCodec);
  const db = openDatabase(dbTarget);
  await migrateToLatest(db);
  const demoAccounts = demoAccountsWanted(config) ? await seedDemoAccounts(db) : [];
  let temporal: Awaited<ReturnType<typeof connectTemporal>>;
  try {
    temporal = await connectTemporal(config, logger);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  try {
    // The embedded dev server creates its namespace; a real server's is the operator's (motcua temporal setup).
    if (config.TEMPORAL_ADDRESS) await requireNamespace(temporal.connection, config.TEMPORAL_NAMESPACE, temporal.address);
    if (config.MOTCUA_REGISTER_SEARCH_ATTRIBUTES) await ensureCaseSearchAttributes(temporal.connection, config.TEMPORAL_NAMESPACE);
  } catch (error) {
    // Close what is open, so that the process exits with the error instead of hanging on its sockets.
    await temporal.teardown();
    await db.destroy();
    throw error;
  }
  const client = new Client({ connection: temporal.connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });

  // Definitions and new cases name the units this organisation loaded (`motcua units load`).
  const units = await loadUnitDirectory(db);
  const catalogue = await loadCatalogue(proceduresDir, undefined, units);
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  if (parts.worker) {
    worker = await createCaseWorker({
      connection: temporal.nativeConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.MOTCUA_TASK_QUEUE,
      db,
      logger,
      metrics: { procedures: metricProceduresOf(catalogue.procedures), calendar: defaultCalendarData },
      maxCachedWorkflows: config.MOTCUA_MAX_CACHED_WORKFLOWS,
      workflowBundle: options.workflowBundle ?? (config.MOTCUA_WORKFLOW_BUNDLE ? { codePath: config.MOTCUA_WORKFLOW_BUNDLE } : undefined),
      dataConverter,
    });
    workerRun = worker.run();
  }

  let app: FastifyInstance | undefined;
  let apiUrl: string | undefined;
  if (parts.api) {
    logger.info({ procedures: catalogue.procedures.length }, 'procedures loaded');
    // New cases take the newest published version of a procedure (the studio), else its file.
    const studio = createStudioService({ db, catalogue, calendar: defaultCalendar, units });
    await studio.load();
    const cases = createCaseService({
      client,
      db,
      taskQueue: config.MOTCUA_TASK_QUEUE,
      procedures: studio.procedures,
      calendar: () => currentCalendarData(db),
      queryTimeoutMs: config.MOTCUA_CASE_QUERY_TIMEOUT_MS,
      units,
    });
    app = await buildApp({
      cases,
      units,
      studio,
      studioPages: { studio, catalogue, now: () => new Date() },
      calendar: createCalendarAnnouncer({ db, client, cases }),
      logger,
      console: {
        cases,
        db,
        procedures: consoleProcedures(catalogue),
        calendar: () => defaultCalendarData,
        now: () => new Date(),
        ratingSecret: config.MOTCUA_RATING_SECRET,
      },
      postalToken: config.MOTCUA_POSTAL_TOKEN,
      codec: { codec: payloadCodec, uiOrigin: config.MOTCUA_TEMPORAL_UI_ORIGIN },
      rateLimits: { login: config.MOTCUA_RATE_LIMIT_LOGIN, lookup: config.MOTCUA_RATE_LIMIT_LOOKUP, submission: config.MOTCUA_RATE_LIMIT_SUBMISSION },
      metrics: { db, ratingSecret: config.MOTCUA_RATING_SECRET },
      metricsPages: { db, procedures: metricProceduresOf(catalogue.procedures), ratingSecret: config.MOTCUA_RATING_SECRET, now: () => new Date() },
      auth: { db, sessionKey: loadSessionKey(config), sessionHours: config.MOTCUA_SESSION_HOURS },
      health: {
        database: () => pingDatabase(db),
        temporal: async () => {
          await temporal.connection.workflowService.getSystemInfo({});
        },
      },
    });
    apiUrl = await app.listen({ host: config.HOST, port: config.PORT });
  }

  return {
    db,
    client,
    app,
    worker,
    demoAccounts,
    urls: {
      api: apiUrl,
      temporal: temporal.address,
      temporalUi: 'uiUrl' in temporal ? temporal.uiUrl : undefined,
      database: dbTarget.kind === 'postgres' ? dbTarget.url.replace(/:[^:@/]*@/, ':***@') : `PGlite ${dbTarget.dataDir}`,
    },
    async shutdown() {
      if (app) {
        // Requests in flight finish while the worker still runs; one waiting on a workflow that has no
        // worker (motcua api alone) is cut after a grace period instead of holding the shutdown.
        const cut = setTimeout(() => app.server.closeAllConnections(), shutdownGraceMs);
        await app.close();
        clearTimeout(cut);
      }
      if (worker) {
        // Another owner of the Temporal runtime may have started draining on a signal; ask only if not.
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await workerRun;
      }
      await temporal.teardown();
      await db.destroy();
    },
  };
}

/**
 * Demo accounts exist only where nobody can mistake them for real ones: on the embedded database
 * (no DATABASE_URL). With DATABASE_URL (a real server, possibly production) only if asked for
 * explicitly with MOTCUA_DEMO_ACCOUNTS=on.
 */
export function demoAccountsWanted(config: Pick<Config, 'DATABASE_URL' | 'MOTCUA_DEMO_ACCOUNTS'>): boolean {
  if (config.MOTCUA_DEMO_ACCOUNTS === 'auto') return config.DATABASE_URL === undefined;
  return config.MOTCUA_DEMO_ACCOUNTS === 'on';
}
