/**
 * npm run fuzz -- [--max-examples 200] [--max-time 600] [--seed N]
 * Schemathesis against the real runtime, every check and phase, once as each staff role with its
 * bearer token (bench/fuzz/schemathesis-run.ts);
 * prints its summary and the server-side figures: requests, server errors, state changes left by
 * refused requests. The bounded run is tests/security/fuzz.test.ts.
 */
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runSchemathesis } from './fuzz/schemathesis-run.js';

const { values: args } = parseArgs({
  options: { 'max-examples': { type: 'string', default: '200' }, 'max-time': { type: 'string' }, seed: { type: 'string' } },
});
Runtime.install({ logger: new DefaultLogger('ERROR') });
const result = await runSchemathesis({
  maxExamples: Number(args['max-examples']),
  ...(args['max-time'] ? { maxTime: Number(args['max-time']) } : {}),
  ...(args.seed ? { seed: Number(args.seed) } : {}),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${result.summary}\n\n`);
process.stdout.write(
  `| account | schemathesis exit | failures by check |\n|---|---|---|\n` +
    result.byAccount.map((a) => `| ${a.account} | ${a.schemathesisExit} | ${Object.entries(a.failures).map(([c, n]) => `${c}: ${n}`).join('; ') || '—'} |`).join('\n') +
    '\n\n',
);
process.stdout.write(
  `| requests | 2xx | 4xx | 5xx | cases created / answered 201 | cases changed by refused requests | schemathesis exit | s |\n|---|---|---|---|---|---|---|---|\n` +
    `| ${result.requests} | ${result.byStatus['2xx'] ?? 0} | ${result.byStatus['4xx'] ?? 0} | ${result.serverErrors} | ${result.casesCreated} / ${result.casesAnswered201} | ${result.casesChangedByRefusals} | ${result.schemathesisExit} | ${result.seconds.toFixed(0)} |\n`,
);
process.stdout.write(`\nOther state (accounts, tokens, units, calendar versions, drafts, publications, ratings) changed without a 2xx: ${result.otherStateChanges.length === 0 ? 'none' : `\n${result.otherStateChanges.join('\n')}`}\n`);
process.exitCode = result.schemathesisExit === 0 && result.serverErrors === 0 && result.casesChangedByRefusals === 0 && result.otherStateChanges.length === 0 && result.casesCreated === result.casesAnswered201 ? 0 : 1;
