/**
 * PostgreSQL restarting under a running motcua: a connection lost while a transaction holds it fails
 * that transaction (the activity or the request retries) and the process lives on. Before the fix the
 * pg client emitted an 'error' with no listener and the whole process died — the worker of the
 * bounded fault matrix died so at a PostgreSQL restart and its clients waited for it (docs/security.md).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../support/services.js';

const probe = fileURLToPath(new URL('./fixtures/connection-loss-probe.ts', import.meta.url));

describe('a PostgreSQL connection lost in a transaction', () => {
  it('fails that transaction, does not crash the process, and the next query reconnects', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', probe, testDatabaseUrl()], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).not.toContain("Unhandled 'error' event");
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^between queries: transaction failed: .+; next query answered 1$/);
    expect(lines[1]).toMatch(/^during a query: transaction failed: .+; next query answered 1$/);
  });
});
