/**
 * Simulations started from the studio's page run as jobs in this process: the pure simulation is
 * driven one batch at a time (`simulateInBatches`), giving way to other requests between batches,
 * and the page polls the job for its progress bar. Jobs live in memory: a result is recomputed by
 * running the same seed again (the simulation is deterministic), so nothing is lost with them.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SimulationProgress, SimulationResult } from '../studio/simulation.js';

export interface SimulationJob<Context> {
  id: string;
  context: Context;
  done: number;
  total: number;
  result?: SimulationResult;
  error?: unknown;
}

/** The newest jobs are kept; older ones are forgotten (a page asking for one gets 404). */
export function simulationJobs<Context>(keep = 50) {
  const jobs = new Map<string, SimulationJob<Context>>();

  async function drive(job: SimulationJob<Context>, batches: Generator<SimulationProgress, SimulationResult, void>): Promise<void> {
    try {
      for (;;) {
        const step = batches.next();
        if (step.done) {
          job.result = step.value;
          job.done = job.total;
          return;
        }
        job.done = step.value.done;
        job.total = step.value.total;
        await nextTurn();
      }
    } catch (error) {
      job.error = error;
    }
  }

  return {
    /** Starts a job; `total` is the runs asked for (the progress bar's end). */
    start(context: Context, total: number, batches: Generator<SimulationProgress, SimulationResult, void>): SimulationJob<Context> {
      const job: SimulationJob<Context> = { id: randomUUID(), context, done: 0, total };
      jobs.set(job.id, job);
      for (const id of jobs.keys()) {
        if (jobs.size <= keep) break;
        jobs.delete(id);
      }
      void drive(job, batches);
      return job;
    },
    get: (id: string): SimulationJob<Context> | undefined => jobs.get(id),
  };
}
