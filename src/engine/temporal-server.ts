import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EphemeralServerExecutable } from '@temporalio/testing';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = `${dir}/${name}`;
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Where a Temporal binary comes from: an explicit path, the one infra/temporal/install.sh
 * provisioned, one on PATH, and last the SDK's own download (needs internet).
 */
export function temporalExecutable(
  binary: 'temporal' | 'temporal-test-server',
  explicitPath?: string,
): EphemeralServerExecutable {
  const candidates = [explicitPath, `${projectRoot}.cache/bin/${binary}`, onPath(binary)];
  const path = candidates.find((p): p is string => !!p && existsSync(p));
  if (path) return { type: 'existing-path', path };
  if (explicitPath) throw new Error(`Temporal binary not found at ${explicitPath}`);
  return { type: 'cached-download' };
}
