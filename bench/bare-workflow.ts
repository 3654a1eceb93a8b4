/**
 * The bare baseline of bench/engine.ts: a workflow shaped like a case (started, then driven by
 * Updates one at a time, ending after the last) with nothing inside. It is bundled on its own and
 * runs on its own task queue and worker, on the same Temporal server as the case workflow.
 *
 * - `activities: false` — the Update handler does nothing: the cost of Temporal alone
 *   (start, Update round trips, workflow tasks, completion).
 * - `activities: 'activity'` — one no-op activity at start and one awaited per Update, chained in
 *   order like the case workflow's `recordCaseEvents` (5 activities for 4 Updates, as a case has):
 *   the cost of the activity round trips without the database write and the case rules.
 * - `activities: 'local'` — the same with local activities (run by the worker inside the workflow
 *   task, no activity task through the server): what-if for the write's transport.
 */
import * as wf from '@temporalio/workflow';

export interface BareActivities {
  noop(): Promise<void>;
}

export interface BareInput {
  updates: number;
  activities: 'none' | 'activity' | 'local';
}

export const bareActionUpdate = wf.defineUpdate<number, [string]>('bareAction');
export const bareWorkflowType = 'bareWorkflow';

const remote = wf.proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });
const local = wf.proxyLocalActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

export async function bareWorkflow(input: BareInput): Promise<number> {
  let done = 0;
  let written: Promise<void> = Promise.resolve();
  const record = (): Promise<void> => {
    if (input.activities !== 'none') {
      const { noop } = input.activities === 'local' ? local : remote;
      written = written.then(() => noop());
    }
    return written;
  };
  void record();

  wf.setHandler(bareActionUpdate, async () => {
    await record();
    done += 1;
    return done;
  });

  await wf.condition(() => done >= input.updates && wf.allHandlersFinished());
  await written;
  return done;
}
