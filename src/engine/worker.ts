import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { createActivities, type ActivityDeps } from './activities.js';

export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/**
 * Modules evaluated once per worker thread and shared by every case workflow, instead of once per
 * workflow: the case rules with xstate and the calendar (and their caches of compiled machines and
 * calendars, keyed by version). They hold no per-workflow state and read no clock, so sharing them
 * cannot leak one case into another; the workflow module itself stays per workflow.
 */
export const sharedWorkflowModules = ['../cases/case-rules.ts', '../cases/search-attributes.ts', '../errors.ts'].map((path) =>
  fileURLToPath(new URL(path, import.meta.url)),
);

/** The case workflow bundle, as the worker builds it (tests and benches build it once and share it). */
export function bundleCaseWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, preloadModules: sharedWorkflowModules, logger: new DefaultLogger('WARN') });
}

export interface CaseWorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** A prebuilt bundle (tests build it once), or the path of its code; absent → bundled from workflows/ at start. */
  workflowBundle?: WorkflowBundleWithSourceMap | { codePath: string } | undefined;
  /** Bound on cached workflows (memory per open case, see docs/benchmarks.md); absent → the SDK's default. */
  maxCachedWorkflows?: number | undefined;
  /** The payload codec (encryption) shared with the client; absent → payloads in plain JSON. */
  dataConverter?: DataConverter | undefined;
}

export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  const { connection, namespace, taskQueue, workflowBundle, maxCachedWorkflows, dataConverter, ...deps } = options;
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath, bundlerOptions: { preloadModules: sharedWorkflowModules } }),
    activities: createActivities(deps),
    ...(maxCachedWorkflows !== undefined ? { maxCachedWorkflows } : {}),
    ...(dataConverter ? { dataConverter } : {}),
  });
}
