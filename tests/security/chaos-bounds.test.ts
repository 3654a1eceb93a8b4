/**
 * The fault matrix cannot hang silently (it once idled for ten minutes in a gate behind a dead worker,
 * docs/security.md): a process of the deployment that dies, or a service that stops answering, fails
 * the batch within seconds with a message saying what it was waiting for.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runBatch, type Deployment } from '../../bench/chaos/fault-matrix.js';
import type { CompiledProcedure } from '../../src/procedures/compiled-procedure.js';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

/** An API that takes every request and never answers, like one waiting on an Update no worker serves. */
async function silentApi(): Promise<string> {
  server = createServer(() => {});
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function deployment(api: string, failure: () => string | null): Deployment {
  const auth = { authorization: 'Bearer x' };
  return {
    api: () => api,
    auth: { 'desk_officer.q7.mc': auth },
    inject: async () => {},
    close: async () => {},
    env: () => {
      throw new Error('not reached: the batch fails before it lists workflows');
    },
    failure,
    report: () => 'motcua api (pid 1, running), its last lines:\nmotcua is running',
  };
}

const options = { cases: 4, concurrency: 2, storages: ['postgres'] as const, faults: ['worker-kill'] as const, temporalCli: 'unused', procedure: {} as CompiledProcedure };

describe('fault matrix bounds', () => {
  it('fails within seconds, naming the process, when a process of the deployment dies mid-batch', async () => {
    const diedAt = Date.now() + 1500;
    const died = () => (Date.now() > diedAt ? 'motcua worker (pid 42) exited (1) with no fault stopping it' : null);
    const started = Date.now();
    const batch = runBatch('postgres', 'worker-kill', deployment(await silentApi(), died), { ...options, stallMs: 600_000 }, 'bounds');
    await expect(batch).rejects.toThrow(/postgres \/ worker-kill: motcua worker \(pid 42\) exited \(1\) with no fault stopping it\nwhile waiting for submission \d/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails after the stall bound, saying what it waited for and what runs, when nothing answers', async () => {
    const started = Date.now();
    const batch = runBatch('postgres', 'worker-kill', deployment(await silentApi(), () => null), { ...options, stallMs: 2000 }, 'bounds');
    await expect(batch).rejects.toThrow(/no answer for \d+ s \(last: none yet\) while waiting for submission \d[^]*motcua api \(pid 1, running\)/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails at the deadline even while answers come', async () => {
    // Every request answered 503: answers arrive (no stall) but the batch never gets anywhere.
    server = createServer((_, response) => response.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"UNAVAILABLE"}'));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const batch = runBatch('postgres', 'worker-kill', deployment(api, () => null), { ...options, deadline: Date.now() + 2000, stallMs: 600_000 }, 'bounds');
    await expect(batch).rejects.toThrow(/the matrix's deadline passed while waiting for submission \d \(the last try that failed: 503/);
  });
});
