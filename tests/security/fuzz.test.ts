/**
 * The bounded Schemathesis run (`npm run fuzz` runs longer and as every role): every check and phase,
 * as two roles with bearer tokens, stateful through
 * the OpenAPI links, against the real runtime. 0 server errors, 0 responses breaking the schema
 * (Schemathesis exits 0), 0 state changes left by refused requests (read back from the database).
 */
import { describe, expect, it } from 'vitest';
import { runSchemathesis } from '../../bench/fuzz/schemathesis-run.js';
import { quietTemporalRuntime, workflowBundle } from '../support/engine.js';
import { temporalBinary } from '../support/services.js';

describe('Schemathesis against /openapi.json (bounded)', () => {
  it('finds no server error, no schema violation and no state change from a refused request', async () => {
    quietTemporalRuntime();
    // Two roles here (the desk submits and acts; the administrator reaches accounts, calendar and codec); npm run fuzz runs all.
    const accounts = ['desk_officer.q7.mc', 'admin.q7.vp'];
    const result = await runSchemathesis({ maxExamples: 5, accounts, workflowBundle: await workflowBundle(), temporalCli: temporalBinary('temporal') });
    expect(result.byAccount.map((a) => a.account)).toEqual(accounts);
    expect(result.requests, 'the fuzzer reached the API').toBeGreaterThan(50);
    expect(result.serverErrors).toBe(0);
    // No response breaks the schema and none is a server error, by Schemathesis' own checks.
    const schemaOrServer = Object.keys(result.failures).filter((f) => /server error|schema|status code|content-type|header/i.test(f) && !/request rejected/i.test(f));
    expect(schemaOrServer, result.summary).toEqual([]);
    expect(result.casesAnswered201, 'the stateful phase submitted dossiers').toBeGreaterThan(0);
    expect(result.casesCreated).toBe(result.casesAnswered201);
    expect(result.casesChangedByRefusals).toBe(0);
    expect(result.otherStateChanges, 'accounts, tokens, calendar versions… changed only by writes answered 2xx').toEqual([]);
  }, 900_000);
});
