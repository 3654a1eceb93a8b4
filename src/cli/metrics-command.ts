/**
 * `motcua metrics rebuild` and `motcua seed --synthetic N`: the projections from the events
 * alone, and synthetic volume written straight into the database (no Temporal).
 */
import { parseArgs } from 'node:util';
import { defaultCalendarData } from '../calendar/index.js';
import type { Config } from '../config.js';
import { metricProceduresOf } from '../metrics/metric-procedures.js';
import { rebuildMetrics } from '../metrics/metrics-store.js';
import { seedSynthetic } from '../metrics/synthetic.js';
import { runSeedCasesCommand } from './seed-cases-command.js';
import { loadCatalogue } from '../procedures/catalogue.js';
import { proceduresDir } from '../engine/runtime.js';
import { databaseTargetFrom, migrateToLatest, openDatabase } from '../store/database.js';

interface Io {
  out(s: string): void;
  err(s: string): void;
}

const metricsUsage = `Usage:
  motcua metrics rebuild       empty the metrics projections and fold every stored event again
  motcua seed --synthetic N [--from 2021-01-01] [--to 2021-12-31] [--seed 1]
                               write N synthetic cases (events of the pure case rules) straight into the database
  motcua seed --cases N [--from 2021-01-01] [--to 2021-12-31] [--seed 1]
                               drive N cases through the real engine (time-skipping test server under libfaketime)`;

/** A one-line progress bar on stderr. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

async function openMigrated(config: Config) {
  const db = openDatabase(databaseTargetFrom(config));
  await migrateToLatest(db);
  return db;
}

async function metricsContext() {
  const catalogue = await loadCatalogue(proceduresDir);
  return { catalogue, context: { procedures: metricProceduresOf(catalogue.procedures), calendar: defaultCalendarData } };
}

export async function runMetricsCommand(args: string[], io: Io, config: Config): Promise<number> {
  if (args[0] !== 'rebuild') {
    io.err(metricsUsage);
    return 2;
  }
  const db = await openMigrated(config);
  try {
    const { context } = await metricsContext();
    const started = performance.now();
    const result = await rebuildMetrics(db, context, { onProgress: (n) => process.stderr.write(`\r${n} cases`) });
    process.stderr.write('\n');
    io.out(`rebuilt metrics: ${result.cases} cases, ${result.events} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await db.destroy();
  }
}

const localMidnight = (day: string) => new Date(`${day}T00:00:00+07:00`);

export async function runSeedCommand(args: string[], io: Io, config: Config): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { synthetic: { type: 'string' }, cases: { type: 'string' }, from: { type: 'string', default: '2021-01-01' }, to: { type: 'string', default: '2021-12-31' }, seed: { type: 'string', default: '1' } },
  });
  const count = Number(values.synthetic ?? values.cases);
  if (!values.synthetic === !values.cases || !Number.isInteger(count) || count < 1 || !/^\d{4}-\d{2}-\d{2}$/.test(values.from) || !/^\d{4}-\d{2}-\d{2}$/.test(values.to)) {
    io.err(metricsUsage);
    return 2;
  }
  const db = await openMigrated(config);
  try {
    const { catalogue, context } = await metricsContext();
    const to = new Date(localMidnight(values.to).getTime() + 86_400_000);
    if (values.cases) return await runSeedCasesCommand({ count, from: localMidnight(values.from), to, seed: Number(values.seed) }, io, config, db, catalogue, progressBar);
    const result = await seedSynthetic(db, count, {
      procedures: catalogue.procedures.map((p) => p.compiled),
      calendar: defaultCalendarData,
      from: localMidnight(values.from),
      to,
      seed: Number(values.seed),
      metrics: context,
      onProgress: (done, total) => process.stderr.write(`\r${progressBar(done, total)}`),
    });
    process.stderr.write('\n');
    io.out(`seeded ${result.cases} synthetic cases, ${result.events} events in ${result.seconds.toFixed(1)} s (${(result.cases / result.seconds).toFixed(0)} cases/s)`);
    return 0;
  } finally {
    await db.destroy();
  }
}
