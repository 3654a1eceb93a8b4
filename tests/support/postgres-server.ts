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
  const start = () => execFileSync('bash', [`${infra}start.sh`], { env, encoding: 'utf8' }).trim();
  const stop = () => {
    execFileSync('bash', [`${infra}stop.sh`], { env });
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
