/**
 * Replays the recorded histories of every path (tests/workflows/histories, made by
 * record-histories.ts) against the current workflow code: a change that would make running cases
 * nondeterministic fails here unless it is guarded with `patched()`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { quietTemporalRuntime, workflowBundle } from '../support/engine.js';

const dir = new URL('./histories/', import.meta.url);
// One folder per release of the workflow code: cases started under each must still replay.
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('recorded case histories replay on the current workflow code', () => {
  it('has a recorded history for every path', () => {
    expect(files.length).toBeGreaterThanOrEqual(54); // 13 paths × 3 releases, 15 since the integrity rules
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    quietTemporalRuntime();
    const history = historyFromJSON(JSON.parse(readFileSync(new URL(file, dir), 'utf8')));
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file)).resolves.toBeUndefined();
  });
});
