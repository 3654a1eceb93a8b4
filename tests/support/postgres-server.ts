/**
 * A private PostgreSQL server for one test file, so that a test may stop and restart it without
 * touching the shared test server. Uses the same script as CI (infra/postgres/start.sh).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const infra = fileURLToPath(new URL('../../infra/postgres/', import.meta.url));

export interface PrivatePostgres {
  url: string;
  stop(): void;
  start(): void;
  remove(): void;
}

export function startPrivatePostgres(port: number): PrivatePostgres {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-pg-'));
  const env = { ...process.env, MOTCUA_PG_PORT: String(port), MOTCUA_PG_DIR: dir };
  // Bounded: pg_ctl waits at most 60 s itself; a script stuck past that fails instead of blocking the event loop for ever.
  const start = () => execFileSync('bash', [`${infra}start.sh`], { env, encoding: 'utf8', timeout: 150_000 }).trim();
  const stop = () => {
    execFileSync('bash', [`${infra}stop.sh`], { env, timeout: 150_000 });
  };
  const url = start();
  return {
    url,
    start: () => void start(),
    stop,
    remove() {
      stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
