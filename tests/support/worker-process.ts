import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { testPayloadKeyBase64 } from './payload-key.js';

const bin = fileURLToPath(new URL('../../bin/motcua.mjs', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker polls its task queue. */
  ready: Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * `motcua worker` (or `motcua api`) as a separate OS process, so a test can kill it like a crash would
 * (and a bench can measure it).
 */
export function startWorkerProcess(
  env: { TEMPORAL_ADDRESS: string; DATABASE_URL: string; MOTCUA_TASK_QUEUE: string } & Record<string, string>,
  command: 'worker' | 'api' = 'worker',
): WorkerProcess {
  const child = spawn(process.execPath, [bin, command], {
    env: { MOTCUA_PAYLOAD_KEY: testPayloadKeyBase64, ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('motcua is running')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before it was ready:\n${output}`)));
  });
  return {
    child,
    ready,
    kill: (signal = 'SIGKILL') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
