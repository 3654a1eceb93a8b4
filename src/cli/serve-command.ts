import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { startRuntime, type RuntimeParts } from '../engine/runtime.js';
import { describeDemoAccounts } from '../auth/demo-accounts.js';

/** Runs the chosen parts until SIGINT/SIGTERM, then shuts down cleanly. */
export async function runServe(parts: RuntimeParts, config: Config, makeLogger: (level: string) => Logger): Promise<number> {
  const logger = makeLogger(config.LOG_LEVEL);
  const runtime = await startRuntime(config, logger, parts);
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

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('shutting down');
  await runtime.shutdown();
  return 0;
}
