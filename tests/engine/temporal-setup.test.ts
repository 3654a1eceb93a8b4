/**
 * What an operator does once (`motcua temporal setup`) and what workers and APIs do at every start:
 * check the namespace (one clear line when it is missing) and, unless told not to, register the
 * case search attributes. On this project's real server (dev server, or the PostgreSQL-backed one).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msToTs } from '@temporalio/common/lib/time.js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { runTemporalCommand } from '../../src/cli/temporal-command.js';
import { loadConfig } from '../../src/config.js';
import { namespaceExists } from '../../src/engine/temporal-namespace.js';
import { serverEnvironment } from '../support/engine.js';
import { runCliCommand } from '../support/run-cli-command.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';
import { freshNamespace } from '../support/temporal-server.js';
import { startWorkerProcess } from '../support/worker-process.js';

const bin = fileURLToPath(new URL('../../bin/motcua.mjs', import.meta.url));
const caseAttributes = ['MotcuaProcedure', 'MotcuaUnit', 'MotcuaStatus', 'MotcuaDueAt', 'MotcuaOverdue'];

describe('Temporal namespace set-up', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  const created: string[] = [];

  beforeAll(async () => {
    env = await serverEnvironment();
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    for (const namespace of created) await env.connection.operatorService.deleteNamespace({ namespace }).catch(() => undefined);
    await env?.teardown();
    await database?.close();
  });

  const setup = (namespace: string, ...args: string[]) =>
    runCliCommand((a, io) => runTemporalCommand(a, io, loadConfig({ TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: namespace })), ['setup', ...args]);
  const registered = async (namespace: string) =>
    Object.keys((await env.connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {}).filter((n) => n.startsWith('Motcua'));

  it('`motcua temporal setup` creates a missing namespace with the search attributes, and a second run changes nothing', async () => {
    const namespace = freshNamespace('setup');
    created.push(namespace);
    expect(await namespaceExists(env.connection, namespace)).toBe(false);

    const first = await setup(namespace, '--retention-days', '7');
    expect(first.exitCode, first.err).toBe(0);
    expect(first.out).toContain(`namespace ${namespace} on ${env.address}: created (closed workflows kept 7 days)`);
    expect(first.out).toContain(`search attributes registered: ${caseAttributes.join(', ')}`);
    const described = await env.connection.workflowService.describeNamespace({ namespace });
    expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(7 * 86_400);
    expect((await registered(namespace)).sort()).toEqual([...caseAttributes].sort());

    const again = await setup(namespace);
    expect(again.exitCode).toBe(0);
    expect(again.out).toContain('already there');
    expect(again.out).toContain('search attributes: all already registered');
  });

  it('refuses a bad retention and a missing TEMPORAL_ADDRESS, creating nothing', async () => {
    const namespace = freshNamespace('bad');
    expect((await setup(namespace, '--retention-days', '0')).exitCode).toBe(2);
    const noAddress = await runCliCommand((a, io) => runTemporalCommand(a, io, loadConfig({ TEMPORAL_NAMESPACE: namespace })), ['setup']);
    expect(noAddress.exitCode).toBe(2);
    expect(noAddress.err).toMatch(/^TEMPORAL_ADDRESS is not set/);
    expect(await namespaceExists(env.connection, namespace)).toBe(false);
  });

  it('`motcua temporal check-worker` fails where no worker of this host polls the task queue', async () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: env.namespace ?? 'default', MOTCUA_TASK_QUEUE: 'nobody-polls-here' });
    const result = await runCliCommand((a, io) => runTemporalCommand(a, io, config), ['check-worker']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('does not poll task queue nobody-polls-here');
  });

  it('`motcua worker` against a missing namespace prints one line saying what to run, and exits non-zero', async () => {
    const namespace = freshNamespace('missing');
    const child = spawn(process.execPath, [bin, 'worker'], {
      env: { ...process.env, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: namespace, DATABASE_URL: database.url!, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toContain('TEMPORAL_NAMESPACE_MISSING');
    expect(lines[0]).toContain(`"${namespace}"`);
    expect(lines[0]).toContain('motcua temporal setup');
    expect(await namespaceExists(env.connection, namespace)).toBe(false);
  }, 120_000);

  it('`motcua api` registers no search attributes with MOTCUA_REGISTER_SEARCH_ATTRIBUTES=false, and does by default', async () => {
    const namespace = freshNamespace('noreg');
    created.push(namespace);
    await env.connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    const api = (flag: Record<string, string>) =>
      startWorkerProcess(
        { TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: namespace, DATABASE_URL: database.url!, MOTCUA_TASK_QUEUE: 'setup-test', PORT: '0', ...flag },
        'api',
      );
    // A namespace is usable by every service a moment after it is registered.
    await expect.poll(() => namespaceExists(env.connection, namespace), { timeout: 15_000 }).toBe(true);

    const told = api({ MOTCUA_REGISTER_SEARCH_ATTRIBUTES: 'false' });
    await told.ready;
    await told.kill('SIGTERM');
    expect(await registered(namespace)).toEqual([]);

    const byDefault = api({});
    await byDefault.ready;
    await byDefault.kill('SIGTERM');
    expect((await registered(namespace)).sort()).toEqual([...caseAttributes].sort());
  }, 240_000);
});
