/**
 * A running `motcua start` on the embedded default listens on a Unix socket in its data folder
 * (owner-only), so that `motcua backup` can ask it to pause and archive, and `motcua restore` can
 * refuse to overwrite a data folder in use. Nothing else is accepted on it.
 */
import { chmodSync, existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const controlSocketName = 'motcua.sock';

export function controlSocketPath(dataDir: string): string {
  return path.join(path.resolve(dataDir), controlSocketName);
}

export type ControlRequest = { command: 'backup'; file: string } | { command: 'ping' };
export type ControlReply = { ok: true; pausedMs?: number } | { ok: false; error: string };

export interface ControlServer {
  close(): Promise<void>;
}

export async function listenForControl(dataDir: string, handle: (request: ControlRequest) => Promise<ControlReply>): Promise<ControlServer> {
  const socketPath = controlSocketPath(dataDir);
  // A socket file left by a process that died: nobody answers it.
  if (existsSync(socketPath) && !(await isAnswering(socketPath))) rmSync(socketPath, { force: true });
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      let request: ControlRequest;
      try {
        request = JSON.parse(buffer.slice(0, end)) as ControlRequest;
      } catch {
        socket.end(`${JSON.stringify({ ok: false, error: 'malformed request' })}\n`);
        return;
      }
      handle(request).then(
        (reply) => socket.end(`${JSON.stringify(reply)}\n`),
        (error: unknown) => socket.end(`${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`),
      );
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(socketPath, { force: true });
      }),
  };
}

function isAnswering(socketPath: string): Promise<boolean> {
  return sendControl(socketPath, { command: 'ping' }).then((reply) => reply !== 'not-running');
}

/** Sends one request to the motcua running on `dataDir`; 'not-running' when none listens there. */
export async function askRunningMotcua(dataDir: string, request: ControlRequest): Promise<ControlReply | 'not-running'> {
  return sendControl(controlSocketPath(dataDir), request);
}

function sendControl(socketPath: string, request: ControlRequest): Promise<ControlReply | 'not-running'> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    let buffer = '';
    let connected = false;
    socket.on('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify(request)}\n`);
    });
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
    });
    socket.on('end', () => {
      try {
        resolve(JSON.parse(buffer.trim()) as ControlReply);
      } catch {
        reject(new Error(`unreadable answer from ${socketPath}: ${buffer}`));
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected && (error.code === 'ENOENT' || error.code === 'ECONNREFUSED')) resolve('not-running');
      else reject(error);
    });
  });
}
