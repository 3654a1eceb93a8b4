/**
 * The fault matrix's bounded variant (`npm run chaos` runs 1,000 cases per fault): 50 cases in
 * flight on the embedded default and on a PostgreSQL server, each fault in turn; afterwards every
 * case is closed with exactly the events the pure case rules produce for its actions.
 */
import { describe, expect, it } from 'vitest';
import { faults, formatRow, runFaultMatrix, storages, tableHeader } from '../../bench/chaos/fault-matrix.js';
import { quietTemporalRuntime, testCatalogue } from '../support/engine.js';
import { temporalBinary } from '../support/services.js';

/** The test's limit; the matrix gives up two minutes before it, saying what it was waiting for. */
const limitMs = 1_800_000;

describe('fault matrix (50 cases per fault)', () => {
  it('loses and doubles nothing when the worker, Temporal, PostgreSQL or the API fail mid-flight', async () => {
    const deadline = Date.now() + limitMs - 120_000;
    quietTemporalRuntime();
    const procedure = (await testCatalogue()).get('D7-HKD-01')!.compiled;
    const rows = await runFaultMatrix({ cases: 50, concurrency: 16, storages, faults, temporalCli: temporalBinary('temporal'), procedure, deadline, stallMs: 300_000, log: (line) => console.log(line) });
    console.log(`${tableHeader}\n${rows.map(formatRow).join('\n')}`);
    expect(rows).toHaveLength(storages.length * faults.length);
    for (const row of rows) {
      const label = `${row.storage} / ${row.fault}`;
      expect(row.closed, label).toBe(50);
      expect({ extraCases: row.extraCases, lostEvents: row.lostEvents, doubledEvents: row.doubledEvents, wrongEvents: row.wrongEvents }, label).toEqual({
        extraCases: 0,
        lostEvents: 0,
        doubledEvents: 0,
        wrongEvents: 0,
      });
      expect(Number.isFinite(row.recoverSeconds), `${label}: the service answered again after the fault`).toBe(true);
    }
  }, limitMs);
});
