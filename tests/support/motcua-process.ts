import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

import { testPayloadKeyBase64 } from './payload-key.js';

const bin = fileURLToPath(new URL('../../bin/motcua.mjs', import.meta.url));

/** A port nobody listens on now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface MotcuaProcess {
  child: ChildProcess;
  /** The API's base URL once it listens. */
  ready: Promise<string>;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * `motcua <command>` as its own OS process (start, api, worker), with the given environment. The
 * payload key is the tests' one, or with `payloadKey: 'data-dir'` the one motcua keeps in its data folder.
 */
export function startMotcuaProcess(
  command: 'start' | 'api' | 'worker',
  env: Record<string, string>,
  options: { payloadKey?: 'test' | 'data-dir' } = {},
): MotcuaProcess {
  const processEnv: Record<string, string | undefined> = { ...process.env, MOTCUA_PAYLOAD_KEY: testPayloadKeyBase64, LOG_LEVEL: 'info', ...env };
  if (options.payloadKey === 'data-dir') delete processEnv.MOTCUA_PAYLOAD_KEY;
  const child = spawn(process.execPath, [bin, command], {
    env: processEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const api = /API\s+(http:\/\/\S+)/.exec(output);
      if (output.includes('motcua is running')) resolve(api?.[1] ?? '');
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code, signal) => reject(new Error(`motcua ${command} exited (${code ?? signal}) before it was ready:\n${output}`)));
  });
  ready.catch(() => undefined);
  return {
    child,
    ready,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** Runs a `motcua` command to its end; its exit code and output. */
export function runMotcua(args: string[], env: Record<string, string>): Promise<{ exitCode: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => resolve({ exitCode: code ?? 1, out, err }));
  });
}
