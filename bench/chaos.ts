/**
 * npm run chaos -- [--cases 1000] [--concurrency 32] [--storage embedded,postgres] [--fault worker-kill,...]
 * Prints the fault matrix (bench/chaos/fault-matrix.ts): for each storage and fault, N cases in
 * flight, the fault injected after 30% of their actions, then every case checked against the pure
 * case rules — lost, doubled and wrong events, and the time to recover. Not a timed test: the
 * figures go to docs/security.md.
 */
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadCatalogue } from '../src/procedures/catalogue.js';
import { proceduresDir } from '../src/engine/runtime.js';
import { temporalExecutable } from '../src/engine/temporal-server.js';
import { faults, formatRow, runFaultMatrix, storages, tableHeader, type Fault, type Storage } from './chaos/fault-matrix.js';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '32' },
    storage: { type: 'string', default: storages.join(',') },
    fault: { type: 'string', default: faults.join(',') },
  },
});
const pick = <T extends string>(given: string, all: readonly T[], name: string): T[] =>
  given.split(',').map((value) => {
    if (!all.includes(value as T)) throw new Error(`--${name}: ${value} is not one of ${all.join(', ')}`);
    return value as T;
  });

Runtime.install({ logger: new DefaultLogger('ERROR') });
const executable = temporalExecutable('temporal', process.env.MOTCUA_TEMPORAL_CLI);
if (executable.type !== 'existing-path') throw new Error('the Temporal CLI is not provisioned: run `npm run setup` first');
const procedure = (await loadCatalogue(proceduresDir)).get('D7-HKD-01')!.compiled;
const started = new Date();
const rows = await runFaultMatrix({
  cases: Number(args.cases),
  concurrency: Number(args.concurrency),
  storages: pick<Storage>(args.storage!, storages, 'storage'),
  faults: pick<Fault>(args.fault!, faults, 'fault'),
  temporalCli: executable.path,
  procedure,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`\nFault matrix, ${args.cases} cases per fault, ${args.concurrency} clients, started ${started.toISOString()}\n\n${tableHeader}\n${rows.map(formatRow).join('\n')}\n`);
const bad = rows.filter((r) => r.closed !== r.cases || r.extraCases || r.lostEvents || r.doubledEvents || r.wrongEvents);
process.exitCode = bad.length > 0 ? 1 : 0;
