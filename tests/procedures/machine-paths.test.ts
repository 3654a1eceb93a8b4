import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { compiledProcedure, startCase } from './support.js';

const hkd = compiledProcedure('D7-HKD-01');

describe('the compiled household-business machine in xstate', () => {
  it('starts at receipt, at the district one-stop desk', () => {
    const kase = startCase(hkd);
    expect(kase.paths()).toEqual(['receipt']);
    expect(hkd.states.receipt).toMatchObject({ kind: 'step', unit: 'Q7.MC' });
  });

  it('follows the happy path to an approved result returned at the desk', () => {
    const kase = startCase(hkd);
    kase.send('accept');
    expect(hkd.states[kase.paths()[0]!]).toMatchObject({ kind: 'step', unit: 'Q7.TCKH', budget: { amount: 2, unit: 'working-days' } });
    kase.send('submit_for_signature', 'approve');
    expect(hkd.states[kase.paths()[0]!]).toMatchObject({ kind: 'resolution', outcome: 'approved' });
    kase.send('return_at_desk');
    expect(kase.snapshot.status).toBe('done');
    expect(kase.outcome()).toBe('approved');
  });

  it('returns to the same step after a supplement, and returns the dossier when the window expires', () => {
    const kase = startCase(hkd);
    kase.send('accept', 'submit_for_signature', 'request_supplement');
    expect(kase.paths()).toEqual(['awaiting_supplement_signing']);
    expect(hkd.states.awaiting_supplement_signing?.kind).toBe('awaiting-supplement');
    expect(hkd.actions.supplement_completed?.by).toBe('applicant');
    kase.send('supplement_completed');
    expect(kase.paths()).toEqual(['signing']);
    kase.send('request_supplement', 'supplement_window_expired');
    expect(kase.snapshot.status).toBe('done');
    expect(kase.outcome()).toBe('returned-incomplete');
    expect(hkd.actions.supplement_window_expired?.by).toBe('system');
  });

  it('asks for a supplement at receipt before accepting', () => {
    const kase = startCase(hkd);
    kase.send('request_supplement', 'supplement_completed', 'accept');
    expect(kase.paths()).toEqual(['appraisal']);
  });

  it('refuses at receipt with a final refused outcome', () => {
    const kase = startCase(hkd);
    kase.send('refuse');
    expect(kase.outcome()).toBe('refused');
    expect(kase.snapshot.status).toBe('done');
  });

  it('rejects after appraisal and still returns the rejection to the applicant', () => {
    const kase = startCase(hkd);
    kase.send('accept', 'reject');
    expect(hkd.states[kase.paths()[0]!]).toMatchObject({ kind: 'resolution', outcome: 'rejected' });
    kase.send('publish_online');
    expect(kase.outcome()).toBe('rejected');
    expect(kase.snapshot.status).toBe('done');
  });

  it('lets the applicant withdraw before a result, but not after', () => {
    const kase = startCase(hkd);
    kase.send('accept', 'withdraw');
    expect(kase.outcome()).toBe('withdrawn');
    const resolved = startCase(hkd);
    resolved.send('accept', 'submit_for_signature', 'approve');
    expect(resolved.can('withdraw')).toBe(false);
  });

  it('exposes issue_apology in every step as a targetless action the workflow carries out', () => {
    const kase = startCase(hkd);
    expect(kase.can('issue_apology')).toBe(false);
    kase.send('accept');
    const machine = kase.snapshot.machine;
    const [after, effects] = transition(machine, kase.snapshot, { type: 'issue_apology' });
    expect(after.value).toEqual(kase.snapshot.value);
    expect(effects.map((effect) => effect.type)).toEqual(['issue_apology']);
  });

  it('delivers by post after a failed first attempt', () => {
    const kase = startCase(hkd);
    kase.send('accept', 'submit_for_signature', 'approve', 'consign_to_post', 'delivery_failed');
    expect(kase.paths()).toEqual(['approved_post_retry']);
    kase.send('delivered');
    expect(kase.outcome()).toBe('approved');
    expect(hkd.actions.delivered?.by).toBe('post');
  });

  it('sends the result back to the agency after two failed deliveries, then hands it over at the desk', () => {
    const kase = startCase(hkd);
    kase.send('accept', 'submit_for_signature', 'approve', 'consign_to_post', 'delivery_failed', 'delivery_failed');
    expect(hkd.states[kase.paths()[0]!]).toMatchObject({ kind: 'return', path: 'approved_post_returned' });
    expect(kase.can('delivered')).toBe(false);
    kase.send('collect_at_desk');
    expect(kase.snapshot.status).toBe('done');
  });

  it('offers only the delivery channels the definition allows', () => {
    const ward = startCase(compiledProcedure('D7-HT-01'));
    ward.send('accept', 'submit_for_signature', 'approve');
    expect(ward.can('return_at_desk')).toBe(true);
    expect(ward.can('consign_to_post')).toBe(true);
    expect(ward.can('publish_online')).toBe(false);
  });
});

describe('the construction permit: branches and a parallel consultation', () => {
  const permit = compiledProcedure('D7-XD-01');

  it('branches on site inspection and moves on only when every consulted agency has answered', () => {
    const kase = startCase(permit);
    kase.send('accept', 'order_site_inspection', 'consult_agencies');
    expect(kase.paths().sort()).toEqual(['consultation.land.working', 'consultation.urban_management.working', 'consultation.ward.working']);
    kase.send('land_answered', 'ward_answered');
    expect(kase.paths()).toContain('consultation.urban_management.working');
    kase.send('consolidate_answers');
    expect(kase.paths()).toEqual(['signing']);
  });

  it('skips the site inspection and the consultation on the short branch', () => {
    const kase = startCase(permit);
    kase.send('accept', 'submit_for_signature', 'approve');
    expect(kase.outcome()).toBe('approved');
  });

  it('marks the lead region and keeps the ward region as a role', () => {
    expect(permit.states['consultation.urban_management.working']).toMatchObject({ lead: true, unit: 'Q7.QLDT' });
    expect(permit.states['consultation.ward.working']).toMatchObject({ lead: false, unit: 'ward:committee' });
    expect(permit.states.consultation).toMatchObject({ kind: 'step', unit: 'Q7.QLDT', budget: { amount: 12, unit: 'calendar-days' } });
  });

  it('restarts the whole consultation after a supplement', () => {
    const kase = startCase(permit);
    kase.send('accept', 'consult_agencies', 'land_answered', 'request_supplement');
    expect(kase.paths()).toEqual(['awaiting_supplement_consultation']);
    kase.send('supplement_completed');
    expect(kase.paths()).toContain('consultation.land.working');
  });
});

describe('the inter-linked social allowance', () => {
  it('moves from the ward to the district and back to the ward desk for the result', () => {
    const allowance = compiledProcedure('D7-BTXH-01');
    const kase = startCase(allowance);
    const units: string[] = [];
    kase.send('accept');
    for (const action of ['submit_for_signature', 'transfer_to_district', 'submit_for_decision', 'approve']) {
      units.push(allowance.states[kase.paths()[0]!]!.unit);
      kase.send(action);
    }
    expect(units).toEqual(['ward:committee', 'ward:committee', 'Q7.LDTBXH', 'Q7.VP']);
    expect(allowance.states[kase.paths()[0]!]).toMatchObject({ kind: 'resolution', unit: 'ward:desk' });
  });
});
