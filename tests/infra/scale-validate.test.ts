/**
 * infra/scale/validate.sh (run by `npm test` before vitest) checks the deployments that cannot run
 * here. `npm test` runs it on the committed files first; here it must fail on broken copies, or it checks nothing.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const scaleDir = fileURLToPath(new URL('../../infra/scale/', import.meta.url));
const script = path.join(scaleDir, 'validate.sh');
const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of infra/scale with one file changed. */
function brokenCopy(file: string, from: string, to: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-scale-'));
  copies.push(dir);
  cpSync(scaleDir, dir, { recursive: true });
  const text = readFileSync(path.join(dir, file), 'utf8');
  expect(text).toContain(from);
  writeFileSync(path.join(dir, file), text.replace(from, to));
  return dir;
}

function validate(dir: string): Promise<{ code: number; err: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, MOTCUA_SCALE_DIR: dir };
    execFile('bash', [script], { env, timeout: 240_000 }, (error, _out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, err }));
  });
}

describe('infra/scale/validate.sh', () => {
  it('fails a Kubernetes manifest with a field of the wrong type, naming the resource', async () => {
    const result = await validate(brokenCopy('kubernetes/motcua.yaml', 'replicas: 2', 'replicas: two'));
    expect(result.code).not.toBe(0);
    expect(result.err).toMatch(/motcua-worker|replicas/);
  }, 300_000);

  it('fails a compose file with an unknown service key', async () => {
    const result = await validate(brokenCopy('compose.yaml', 'stop_grace_period: 30s', 'stop_grace_period: 30s\n    restart_policy_typo: always'));
    expect(result.code).not.toBe(0);
    expect(result.err).toContain('restart_policy_typo');
  }, 300_000);
});
