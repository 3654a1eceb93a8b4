/**
 * Found by the fault matrix at 1,000 cases (worker killed while the batch was in flight): a dossier
 * answered 201 whose workflow no worker had run yet (no `cases` row) read as 404 CASE_NOT_FOUND, so its
 * actions were refused. A submitted dossier is never "not found": without a worker and a projection it
 * reads in the state the rules start it in, from its recorded submission.
 */
import { describe, expect, it } from 'vitest';
import { MotcuaError } from '../../src/errors.js';
import { useEngine } from '../support/engine.js';

const desk = { account: 'desk_officer.q7.mc', name: 'Cán bộ một cửa', unit: 'Q7.MC', role: 'desk_officer' as const };

describe('a submitted case while no worker has run it', () => {
  const fixture = useEngine('dev-server');

  it('reads from its submission (not 404) and an unknown code is still 404', async () => {
    // No worker on this task queue: the workflow is started, nothing projects it.
    const submitted = await fixture.engine.cases.submitAs(desk, { procedureCode: 'D7-HKD-01', applicant: { name: 'Chưa chạy' }, channel: 'desk', idempotencyKey: 'unprojected-1' });
    expect(await fixture.eventTypes(submitted.caseCode)).toEqual([]);
    const details = await fixture.engine.cases.detailsFor(desk, submitted.caseCode);
    expect(details).toMatchObject({ caseCode: submitted.caseCode, source: 'read-model', status: submitted.status, events: [] });
    expect(details.states).toEqual(submitted.states);
    expect(details.yourActions).toContain('accept');
    // Another unit's officer is told it does not exist, as for a projected case.
    const otherUnit = { account: 'desk_officer.p.ttd.mc', name: 'Một cửa phường', unit: 'P.TTD.MC', role: 'desk_officer' as const };
    await expect(fixture.engine.cases.detailsFor(otherUnit, submitted.caseCode)).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
    const unknown = fixture.engine.cases.detailsFor(desk, 'Q7.MC-261130-9999');
    await expect(unknown).rejects.toBeInstanceOf(MotcuaError);
    await expect(unknown).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
  }, 120_000);
});
