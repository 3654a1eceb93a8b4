/** `motcua temporal setup`: what an operator does once per Temporal namespace, before workers and APIs start. */
import { parseArgs } from 'node:util';
import { Connection } from '@temporalio/client';
import type { Config } from '../config.js';
import { hostname } from 'node:os';
import { setupNamespace, workerPollsFrom } from '../engine/temporal-namespace.js';
import type { CommandIo } from './calendar-command.js';

const usage = `Usage: motcua temporal <command>

  setup [--retention-days N]
      On the Temporal server at TEMPORAL_ADDRESS: creates the namespace TEMPORAL_NAMESPACE when it is
      missing (closed workflows kept N days, default 30; the case record stays in PostgreSQL), then
      registers the case search attributes (MotcuaProcedure, MotcuaUnit, MotcuaStatus, MotcuaDueAt,
      MotcuaOverdue). Needs operator rights; safe to run again. Workers and APIs then run with
      MOTCUA_REGISTER_SEARCH_ATTRIBUTES=false.
  check-worker
      Health check of a worker container: exits 0 when a worker on this host polls MOTCUA_TASK_QUEUE
      (polled within the last minute), 1 otherwise.
  help
      This text.`;

/** Runs one temporal command; returns the exit code (0 ok, 1 failed, 2 bad arguments). */
export async function runTemporalCommand(args: string[], io: CommandIo, config: Config): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'help' || command === '--help') {
    io.out(usage);
    return 0;
  }
  if (command === 'check-worker') return checkWorker(io, config);
  if (command !== 'setup') {
    io.err(`${command === undefined ? 'missing command' : `unknown command: ${command}`}\n\n${usage}`);
    return 2;
  }
  let retentionDays: number;
  try {
    const { values } = parseArgs({ args: rest, options: { 'retention-days': { type: 'string', default: '30' } } });
    retentionDays = Number(values['retention-days']);
    if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new Error(`--retention-days must be a whole number of days ≥ 1, got ${values['retention-days']}`);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (!config.TEMPORAL_ADDRESS) {
    io.err('TEMPORAL_ADDRESS is not set: give the Temporal frontend as host:port (e.g. 127.0.0.1:7433, from infra/temporal/server/start.sh)');
    return 2;
  }
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const result = await setupNamespace(connection, config.TEMPORAL_NAMESPACE, retentionDays);
    io.out(
      `namespace ${result.namespace} on ${config.TEMPORAL_ADDRESS}: ${result.created ? `created (closed workflows kept ${retentionDays} days)` : 'already there'}`,
    );
    io.out(
      result.searchAttributesAdded.length > 0
        ? `search attributes registered: ${result.searchAttributesAdded.join(', ')}`
        : 'search attributes: all already registered',
    );
    return 0;
  } finally {
    await connection.close();
  }
}

async function checkWorker(io: CommandIo, config: Config): Promise<number> {
  if (!config.TEMPORAL_ADDRESS) {
    io.err('TEMPORAL_ADDRESS is not set');
    return 2;
  }
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const polls = await workerPollsFrom(connection, config.TEMPORAL_NAMESPACE, config.MOTCUA_TASK_QUEUE, hostname());
    (polls ? io.out : io.err)(`worker on ${hostname()} ${polls ? 'polls' : 'does not poll'} task queue ${config.MOTCUA_TASK_QUEUE}`);
    return polls ? 0 : 1;
  } finally {
    await connection.close();
  }
}
