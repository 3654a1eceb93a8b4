/**
 * Schemathesis against the real runtime (embedded Temporal dev server, PGlite, worker and API in
 * this process, as `motcua start`): every check, every phase including the stateful one through the
 * OpenAPI links (submit → read → act). Afterwards the server's own record is compared with what it
 * answered: a server error is a failure, and so is any state change a refused request left behind —
 * a case nobody was answered 201 for, or more `action` events on a case than actions answered 200.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { issueApiToken } from '../../src/auth/api-tokens.js';
import { loadConfig } from '../../src/config.js';
import { startRuntime } from '../../src/engine/runtime.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from '../../tests/support/motcua-process.js';
import { snapshotState, unexplainedChanges } from './state-check.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

export interface FuzzOptions {
  maxExamples: number;
  /** Time budget for fuzzing and stateful phases (seconds); absent → examples decide. */
  maxTime?: number;
  seed?: number;
  workflowBundle?: WorkflowBundleWithSourceMap;
  temporalCli?: string;
  log?: (line: string) => void;
  /** Demo accounts to fuzz as, one Schemathesis run each with its bearer token (default: every role). */
  accounts?: readonly string[];
}

/** One demo account per staff role (`<role>.<unit>`, password motcua-demo); administrators last, since they may change accounts. */
export const fuzzAccounts = [
  'desk_officer.q7.mc',
  'specialist.q7.tckh',
  'head.q7.tckh',
  'ward_officer.p.ttd',
  'ward_chair.p.ttd',
  'manager.q7.vp',
  'designer.q7.vp',
  'admin.q7.vp',
] as const;

export interface FuzzResult {
  schemathesisExit: number;
  /** Schemathesis' own summary (its last lines). */
  summary: string;
  requests: number;
  serverErrors: number;
  /** Answers by status class, from the server's log. */
  byStatus: Record<string, number>;
  casesCreated: number;
  casesAnswered201: number;
  /** Cases with more action events than actions answered 200 for them. */
  casesChangedByRefusals: number;
  /** Accounts, tokens, units, calendar versions, drafts, publications, ratings changed without a 2xx that explains it (bench/fuzz/state-check.ts). */
  otherStateChanges: string[];
  /** Schemathesis' failures by check, e.g. { 'ST202 Schema-valid request rejected': 1 }, over every account's run. */
  failures: Record<string, number>;
  /** Per account: Schemathesis' exit and its failures. */
  byAccount: Array<{ account: string; schemathesisExit: number; failures: Record<string, number> }>;
  seconds: number;
}

function failuresOf(output: string): Record<string, number> {
  return Object.fromEntries([...output.matchAll(/❌ (ST\d+ [^:\n]+): (\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
}

export async function installSchemathesis(): Promise<string> {
  const { stdout } = await run('bash', [path.join(root, 'infra/fuzz/install.sh')], { maxBuffer: 10 * 1024 * 1024 });
  return stdout.trim().split('\n').pop()!;
}

export async function runSchemathesis(options: FuzzOptions): Promise<FuzzResult> {
  const started = Date.now();
  const st = await installSchemathesis();
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-fuzz-'));
  const lines: Array<Record<string, any>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const temporalPort = await freePort();
  const config = loadConfig({
    MOTCUA_DATA_DIR: dir,
    PORT: String(await freePort()),
    MOTCUA_TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(await freePort()),
    MOTCUA_TASK_QUEUE: 'fuzz',
    MOTCUA_TEMPORAL_CLI: options.temporalCli ?? process.env.MOTCUA_TEMPORAL_CLI,
    // The fuzzer is one address sending many submissions: the limit is tested in http-hardening.test.ts.
    MOTCUA_RATE_LIMIT_SUBMISSION: '0',
    MOTCUA_RATE_LIMIT_LOGIN: '0',
    LOG_LEVEL: 'info',
  });
  const runtime = await startRuntime(config, createLogger('info', 'motcua', sink), { worker: true, api: true }, { workflowBundle: options.workflowBundle });
  try {
    const api = runtime.urls.api!;
    const accounts = options.accounts ?? fuzzAccounts;
    const byAccount: FuzzResult['byAccount'] = [];
    let exit = 0;
    let output = '';
    // Bearer tokens as `motcua users token` issues them (the fuzzer sends no cookie, so no CSRF token), before the snapshot.
    const tokens = new Map<string, string>();
    for (const account of accounts) tokens.set(account, (await issueApiToken(runtime.db, account, 'schemathesis')).token);
    const before = await snapshotState(runtime.db);
    for (const account of accounts) {
      const token = tokens.get(account)!;
      const args = [
        '--config-file',
        path.join(root, 'infra/fuzz/schemathesis.toml'),
        'run',
        `${api}/openapi.json`,
        '--header',
        `Authorization: Bearer ${token}`,
        '--checks',
        'all',
        '--phases',
        'examples,coverage,fuzzing,stateful',
        '--max-examples',
        String(options.maxExamples),
        '--seed',
        String(options.seed ?? 20261130),
        '--workers',
        '1',
        '--request-timeout',
        '60',
        '--suppress-health-check',
        'all',
        '--generation-database',
        'none',
        '--no-color',
        ...(options.maxTime ? ['--max-time', String(options.maxTime)] : []),
      ];
      options.log?.(`${account}: st ${args.join(' ').replace(token, '<token>')}`);
      let accountExit = 0;
      let accountOutput = '';
      try {
        const { stdout, stderr } = await run(st, args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, SCHEMATHESIS_HOOKS: '' } });
        accountOutput = stdout + stderr;
      } catch (error) {
        const failure = error as { code?: number; stdout?: string; stderr?: string };
        accountExit = typeof failure.code === 'number' ? failure.code : 1;
        accountOutput = (failure.stdout ?? '') + (failure.stderr ?? '');
      }
      accountOutput = accountOutput.replaceAll(token, '<token>');
      byAccount.push({ account, schemathesisExit: accountExit, failures: failuresOf(accountOutput) });
      exit = Math.max(exit, accountExit);
      output += `===== as ${account}\n${accountOutput}\n`;
      options.log?.(`${account}: exit ${accountExit} ${JSON.stringify(failuresOf(accountOutput))}`);
    }

    mkdirSync(path.join(root, 'artifacts'), { recursive: true });
    writeFileSync(path.join(root, 'artifacts/fuzz-last-run.txt'), output);

    // What the server answered, from its own log: one incoming and one completed line per request id.
    const requests = new Map<string, { method: string; url: string; status?: number }>();
    for (const line of lines) {
      if (line.msg === 'incoming request') requests.set(line.requestId, { method: line.req.method, url: line.req.url });
      if (line.msg === 'request completed' && requests.has(line.requestId)) requests.get(line.requestId)!.status = line.res.statusCode;
    }
    const answered = [...requests.values()].filter((r) => r.status !== undefined);
    const byStatus: Record<string, number> = {};
    for (const r of answered) byStatus[`${String(r.status).slice(0, 1)}xx`] = (byStatus[`${String(r.status).slice(0, 1)}xx`] ?? 0) + 1;
    const casesAnswered201 = answered.filter((r) => r.method === 'POST' && r.url.split('?')[0] === '/api/cases' && r.status === 201).length;
    const actionsOk = new Map<string, number>();
    for (const r of answered) {
      const match = /^\/api\/cases\/([^/?]+)\/actions/.exec(r.url);
      if (r.method === 'POST' && match && r.status === 200) {
        const code = decodeURIComponent(match[1]!);
        actionsOk.set(code, (actionsOk.get(code) ?? 0) + 1);
      }
    }
    const cases = await runtime.db.selectFrom('cases').select('case_code').execute();
    const actionEvents = await runtime.db
      .selectFrom('case_events')
      .select(['case_code', (eb) => eb.fn.countAll<string>().as('n')])
      .where('type', '=', 'action')
      .groupBy('case_code')
      .execute();
    const otherStateChanges = unexplainedChanges(before, await snapshotState(runtime.db), answered.map((r) => ({ method: r.method, url: r.url, status: r.status! })));
    const casesChangedByRefusals = actionEvents.filter((row) => Number(row.n) > (actionsOk.get(row.case_code) ?? 0)).length;
    return {
      schemathesisExit: exit,
      summary: output.split('\n').slice(-40).join('\n'),
      requests: answered.length,
      serverErrors: answered.filter((r) => r.status! >= 500).length,
      byStatus,
      casesCreated: cases.length,
      casesAnswered201,
      casesChangedByRefusals,
      otherStateChanges,
      failures: byAccount.reduce<Record<string, number>>((all, { failures }) => {
        for (const [check, n] of Object.entries(failures)) all[check] = (all[check] ?? 0) + n;
        return all;
      }, {}),
      byAccount,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await runtime.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}
