import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { archiveDataDir } from '../backup/embedded-backup.js';
import { listenForControl, type ControlServer } from '../backup/control-socket.js';
import { startRuntime, type Runtime, type RuntimeParts } from '../engine/runtime.js';
import { bundleCaseWorkflows } from '../engine/worker.js';
import { Runtime as TemporalRuntime } from '@temporalio/worker';
import { describeDemoAccounts } from '../auth/demo-accounts.js';

/** Runs the chosen parts until SIGINT/SIGTERM, then shuts down cleanly. */
export async function runServe(parts: RuntimeParts, config: Config, makeLogger: (level: string) => Logger): Promise<number> {
  const logger = makeLogger(config.LOG_LEVEL);
  // motcua orders its own shutdown on SIGINT/SIGTERM: the API first, then the worker (Runtime.shutdown).
  // Left to itself the SDK stops the worker's polling at the signal while the API still waits on
  // Updates that need it: those hung until their clients gave up (91.6 s to recover, docs/security.md).
  if (parts.worker) TemporalRuntime.install({ shutdownSignals: [] });
  const embedded = !config.DATABASE_URL && !config.TEMPORAL_ADDRESS && parts.worker && parts.api;
  // Bundled once: a backup stops and starts the runtime again in this process.
  const workflowBundle = embedded ? await bundleCaseWorkflows() : undefined;
  let runtime: Runtime = await startRuntime(config, logger, parts, { workflowBundle });
  const lines = [
    'motcua is running',
    runtime.urls.api && `  API            ${runtime.urls.api}  (docs: ${runtime.urls.api}/docs, OpenAPI: ${runtime.urls.api}/openapi.json)`,
    `  Temporal       ${runtime.urls.temporal}${runtime.urls.temporalUi ? `  (UI: ${runtime.urls.temporalUi})` : ''}`,
    `  Database       ${runtime.urls.database}`,
    parts.worker && `  Worker         task queue ${config.MOTCUA_TASK_QUEUE}`,
    runtime.demoAccounts.length > 0 && describeDemoAccounts(runtime.demoAccounts),
    'Ctrl-C stops everything.',
  ].filter(Boolean);
  process.stdout.write(`${lines.join('\n')}\n`);

  // The embedded default backs itself up on request (motcua backup): stop everything, archive, start again.
  let busy: Promise<unknown> = Promise.resolve();
  let control: ControlServer | undefined;
  if (embedded) {
    control = await listenForControl(config.MOTCUA_DATA_DIR, async (request) => {
      if (request.command === 'ping') return { ok: true };
      const backup = busy.then(async () => {
        const pausedAt = Date.now();
        logger.info('backup: pausing (worker, API, Temporal dev server and PGlite stop)');
        await runtime.shutdown();
        try {
          await archiveDataDir(config.MOTCUA_DATA_DIR, request.file);
        } finally {
          runtime = await startRuntime(config, logger, parts, { workflowBundle });
        }
        const pausedMs = Date.now() - pausedAt;
        logger.info({ pausedMs }, 'backup written, running again');
        return { ok: true as const, pausedMs };
      });
      busy = backup.catch(() => undefined);
      return backup;
    });
  }

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('shutting down');
  await control?.close();
  await busy;
  await runtime.shutdown();
  return 0;
}
