/**
 * A real engine for tests: a Temporal server (time-skipping test server or dev server, from the
 * binaries infra/ provisions), a worker running the real workflow and activities, and the case
 * service the API uses, on a real database.
 */
import { fileURLToPath } from 'node:url';
import { IllegalStateError } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { defaultCalendarData, type CalendarData } from '../../src/calendar/index.js';
import { createCaseService, type CaseService, type ProcedureSource } from '../../src/engine/case-service.js';
import { testDataConverter } from './payload-key.js';
import { ensureCaseSearchAttributes } from '../../src/engine/search-attributes.js';
import { bundleCaseWorkflows, createCaseWorker } from '../../src/engine/worker.js';
import { createLogger } from '../../src/logger.js';
import { loadCatalogue, type Catalogue } from '../../src/procedures/catalogue.js';
import type { UnitDirectory } from '../../src/procedures/unit-directory.js';
import type { MotcuaDb } from '../../src/store/database.js';
import { afterAll, beforeAll } from 'vitest';
import { listCaseEvents } from '../../src/store/case-store.js';
import { createTestDatabase, temporalBinary, type StorageKind, type TestDatabase } from './services.js';
import { existingServerEnvironment, postgresTemporalAddress, suiteTemporalServer } from './temporal-server.js';
import { defaultStartDay, startInstantMs, type StartDay } from './fixed-instants.js';

export const proceduresDir = fileURLToPath(new URL('../../procedures', import.meta.url));
export const silentLogger = createLogger('silent');

let runtimeQuieted = false;
/**
 * The SDK's own logs (webpack, worker state) would drown the test output. Once a connection exists
 * the runtime is fixed: a later call leaves it as it is, noisier but working.
 */
export function quietTemporalRuntime(): void {
  if (runtimeQuieted) return;
  runtimeQuieted = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch (error) {
    if (!(error instanceof IllegalStateError)) throw error;
  }
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleCaseWorkflows();
  return bundle;
}

let catalogue: Promise<Catalogue> | undefined;
export function testCatalogue(): Promise<Catalogue> {
  catalogue ??= loadCatalogue(proceduresDir);
  return catalogue;
}

/**
 * The time-skipping test server, for deadline paths: time passes where a test says so (`env.sleep`).
 * Measured limitations: after an Update is *rejected* by its validator, or when an Update arrives
 * while one of the case's timers is firing, this server answers the workflow's next task with
 * "invalid history builder state for action"; and once any workflow task fails it skips no more time
 * for any workflow. Tests of refused actions therefore run on the dev server, and tests here send
 * only allowed actions to quiet cases.
 */
export async function timeSkippingEnvironment(start: StartDay = defaultStartDay): Promise<TestWorkflowEnvironment> {
  quietTemporalRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    client: { dataConverter: testDataConverter },
    server: { executable: { type: 'existing-path', path: temporalBinary('temporal-test-server') } },
  });
  // The server starts at the wall clock; move it to the fixed start so weekdays and holidays are the same on every run.
  await env.sleep(startInstantMs(start) - (await env.currentTimeMs()));
  return env;
}

export async function devServerEnvironment(extra: { dbFilename?: string; port?: number } = {}): Promise<TestWorkflowEnvironment> {
  quietTemporalRuntime();
  return TestWorkflowEnvironment.createLocal({
    client: { dataConverter: testDataConverter },
    server: {
      executable: { type: 'existing-path', path: temporalBinary('temporal') },
      ip: '127.0.0.1',
      ...extra,
    },
  });
}

/**
 * The real server of this vitest project: a fresh dev server, or a fresh namespace on the
 * PostgreSQL-backed server (project `temporal-postgres`, see temporal-server.ts).
 */
export async function serverEnvironment(): Promise<TestWorkflowEnvironment> {
  if (suiteTemporalServer() === 'dev-server') return devServerEnvironment();
  quietTemporalRuntime();
  return existingServerEnvironment(postgresTemporalAddress());
}

let queueCounter = 0;
export interface TestEngine {
  cases: CaseService;
  taskQueue: string;
  /**
   * Runs `fn` while the engine's worker serves the task queue. One worker lives for the whole
   * engine: a worker stopped between tests would strand its workflows' sticky tasks, and the
   * time-skipping server cannot skip time while a task is outstanding.
   */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  /** Stops the worker (call before tearing the environment down). */
  close(): Promise<void>;
}

export async function createTestEngine(
  env: TestWorkflowEnvironment,
  db: MotcuaDb,
  options: {
    calendar?: () => CalendarData | Promise<CalendarData>;
    now?: () => Date;
    taskQueue?: string;
    procedures?: ProcedureSource;
    units?: UnitDirectory;
    /** How long a read waits for the workflow's answer before the read model's (default: the service's). */
    queryTimeoutMs?: number;
  } = {},
): Promise<TestEngine> {
  const catalogue = await testCatalogue();
  const taskQueue = options.taskQueue ?? `test-${process.pid}-${++queueCounter}`;
  await ensureCaseSearchAttributes(env.connection, env.namespace ?? 'default');
  // The API host's clock is the Temporal server's: on the time-skipping server that is the
  // server's skipped time, read before each submission.
  let offsetMs = 0;
  const service = createCaseService({
    client: env.client,
    db,
    taskQueue,
    procedures: options.procedures ?? { get: (code, at) => catalogue.get(code, at)?.compiled },
    calendar: options.calendar ?? (() => defaultCalendarData),
    now: options.now ?? (() => new Date(Date.now() + offsetMs)),
    ...(options.units ? { units: options.units } : {}),
    ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
  });
  const cases: CaseService = {
    ...service,
    async submit(submission) {
      if (env.supportsTimeSkipping) offsetMs = (await env.currentTimeMs()) - Date.now();
      return service.submit(submission);
    },
  };
  let running: Promise<{ worker: Worker; run: Promise<void> }> | undefined;
  return {
    cases,
    taskQueue,
    async withWorker(fn) {
      running ??= (async () => {
        const worker = await createCaseWorker({
          connection: env.nativeConnection,
          namespace: env.namespace ?? 'default',
          taskQueue,
          db,
          logger: silentLogger,
          workflowBundle: await workflowBundle(),
          dataConverter: testDataConverter,
        });
        return { worker, run: worker.run() };
      })();
      await running;
      return fn();
    },
    async close() {
      if (!running) return;
      const { worker, run } = await running;
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await run;
    },
  };
}

export interface EngineFixture {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  engine: TestEngine;
  /** The types of a case's stored events, in order. */
  eventTypes(caseCode: string): Promise<string[]>;
}

/**
 * A describe block's engine: the server, a fresh database and one worker, torn down after the block.
 * 'dev-server' means this project's real server (serverEnvironment). On the time-skipping server,
 * time starts at a fixed instant (`start`).
 */
export function useEngine(server: 'time-skipping' | 'dev-server', storage: StorageKind = 'pglite', start?: StartDay): EngineFixture {
  const fixture = {
    eventTypes: async (caseCode: string) => (await listCaseEvents(fixture.database.db, caseCode)).map((e) => e.type),
  } as EngineFixture;
  beforeAll(async () => {
    fixture.env = server === 'time-skipping' ? await timeSkippingEnvironment(start) : await serverEnvironment();
    fixture.database = await createTestDatabase(storage);
    fixture.engine = await createTestEngine(fixture.env, fixture.database.db);
  });
  afterAll(async () => {
    await fixture.engine?.close();
    await fixture.env?.teardown();
    await fixture.database?.close();
  });
  return fixture;
}
