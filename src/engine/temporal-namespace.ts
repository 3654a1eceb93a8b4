/**
 * The namespace motcua's cases live in: created by an operator (`motcua temporal setup`), checked by
 * every `motcua worker` / `motcua api` at start so that a missing one is one clear line, not a stack trace.
 */
import type { Connection } from '@temporalio/client';
import { msToTs, tsToMs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import { MotcuaError } from '../errors.js';
import { ensureCaseSearchAttributes } from './search-attributes.js';

const GRPC_NOT_FOUND = 5;
const GRPC_ALREADY_EXISTS = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function namespaceExists(connection: Connection, namespace: string): Promise<boolean> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === GRPC_NOT_FOUND) return false;
    throw error;
  }
}

/** Stops a start against a namespace that does not exist, saying what to run. */
export async function requireNamespace(connection: Connection, namespace: string, address: string): Promise<void> {
  if (!(await namespaceExists(connection, namespace))) throw new MotcuaError('TEMPORAL_NAMESPACE_MISSING', { namespace, address });
}

export interface NamespaceSetup {
  namespace: string;
  created: boolean;
  retentionDays: number;
  searchAttributesAdded: string[];
}

/**
 * Creates the namespace when missing (closed workflows kept `retentionDays`; the case record itself
 * stays in PostgreSQL), then registers the case search attributes. Idempotent.
 */
export async function setupNamespace(connection: Connection, namespace: string, retentionDays: number): Promise<NamespaceSetup> {
  let created = false;
  if (!(await namespaceExists(connection, namespace))) {
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        description: 'motcua: hồ sơ một cửa / one-stop dossiers',
        workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
      });
      created = true;
    } catch (error) {
      if ((error as { code?: number }).code !== GRPC_ALREADY_EXISTS) throw error;
    }
  }
  // A new namespace reaches every service's cache within seconds (system.namespaceCacheRefreshInterval).
  const searchAttributesAdded = await retryWhileNamespaceSettles(() => ensureCaseSearchAttributes(connection, namespace));
  return { namespace, created, retentionDays, searchAttributesAdded };
}

async function retryWhileNamespaceSettles<T>(fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > until) throw error;
      await sleep(500);
    }
  }
}

/**
 * Whether a worker on `host` polls the task queue: a poller whose identity (the SDK's `pid@host`) ends
 * with the host and that polled within `withinMs`. The worker's health check (infra/scale/).
 */
export async function workerPollsFrom(connection: Connection, namespace: string, taskQueue: string, host: string, withinMs = 60_000): Promise<boolean> {
  const { pollers } = await connection.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  const since = Date.now() - withinMs;
  return (pollers ?? []).some((p) => (p.identity ?? '').endsWith(`@${host}`) && tsToMs(p.lastAccessTime) >= since);
}
