/**
 * `motcua seed --cases N [--from] [--to] [--seed]`: N realistic cases through the real engine
 * (src/engine/seed-cases.ts) into the configured database — the embedded default's PGlite (motcua
 * stopped: it lives in one process) or DATABASE_URL.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { defaultCalendarData } from '../calendar/index.js';
import type { Config } from '../config.js';
import { seedCases, startSeedingEngine } from '../engine/seed-cases.js';
import { createLogger } from '../logger.js';
import { metricProceduresOf } from '../metrics/metric-procedures.js';
import type { loadCatalogue } from '../procedures/catalogue.js';
import type { MotcuaDb } from '../store/database.js';

interface Io {
  out(s: string): void;
  err(s: string): void;
}

export async function runSeedCasesCommand(
  options: { count: number; from: Date; to: Date; seed: number },
  io: Io,
  config: Config,
  db: MotcuaDb,
  catalogue: Awaited<ReturnType<typeof loadCatalogue>>,
  progressBar: (done: number, total: number) => string,
): Promise<number> {
  const logger = createLogger('warn');
  // The SDK's own logs (bundler, worker state) would break the progress bar's line.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const engine = await startSeedingEngine({
    db,
    from: options.from,
    procedures: { get: (code, at) => catalogue.get(code, at)?.compiled },
    calendar: defaultCalendarData,
    metrics: { procedures: metricProceduresOf(catalogue.procedures), calendar: defaultCalendarData },
    logger,
    testServerPath: process.env.MOTCUA_TEMPORAL_TEST_SERVER,
  });
  try {
    const days = Math.ceil((options.to.getTime() - options.from.getTime()) / 86_400_000);
    const result = await seedCases(engine, {
      ...options,
      procedures: catalogue.procedures.map((p) => p.compiled),
      calendar: defaultCalendarData,
      onProgress: (at, received) => {
        const day = Math.min(days, Math.floor((at.getTime() - options.from.getTime()) / 86_400_000));
        process.stderr.write(`\r${progressBar(day, days)} days, ${received} cases received`);
      },
    });
    process.stderr.write('\n');
    io.out(`seeded ${result.cases} cases through the engine: ${result.actions} actions, ${result.events} events in ${result.seconds.toFixed(1)} s (config: ${config.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'})`);
    return 0;
  } finally {
    await engine.close();
  }
}
