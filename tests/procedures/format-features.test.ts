/**
 * The definition format's conditional periods, excluded steps and versions by effective date,
 * through the validator and compiler (pure), on small definitions written here.
 */
import { describe, expect, it } from 'vitest';
import { compileProcedure } from '../../src/procedures/compile.js';
import type { ProcedureDefinitionInput } from '../../src/procedures/definition-schema.js';
import { validateDefinition } from '../../src/procedures/validate.js';
import { isInForce, versionInForce, vietnamDay } from '../../src/procedures/versions.js';
import { startCase } from './support.js';

function definition(overrides: Partial<ProcedureDefinitionInput> = {}): ProcedureDefinitionInput {
  return {
    code: 'D7-FMT-01',
    nameVi: 'Thủ tục thử',
    nameEn: 'Test procedure',
    field: 'Thử nghiệm',
    handlingLevel: 'district',
    onlineLevel: 3,
    legalBasis: ['Test basis'],
    fee: { amountVnd: 0, textVi: 'Miễn phí', confirmed: false },
    period: { amount: 3, unit: 'working-days', confirmed: true, source: 'Test Art 1' },
    receivingUnit: 'Q7.MC',
    channels: ['desk', 'online'],
    delivery: ['desk'],
    steps: [
      {
        id: 'appraisal',
        labelVi: 'Thẩm định',
        labelEn: 'Appraise',
        unit: 'Q7.TP',
        budget: { amount: 2, unit: 'working-days', confirmed: false },
        actions: [{ action: 'request_payment', next: 'payment', labelVi: 'Thông báo nộp tiền', labelEn: 'Ask for payment' }],
      },
      {
        id: 'payment',
        labelVi: 'Người nộp thực hiện nghĩa vụ tài chính',
        labelEn: 'Applicant pays',
        unit: 'Q7.THUE',
        budget: { amount: 30, unit: 'working-days', confirmed: false },
        actions: [{ action: 'paid', next: 'signing', labelVi: 'Đã nộp', labelEn: 'Paid' }],
      },
      {
        id: 'signing',
        labelVi: 'Ký',
        labelEn: 'Sign',
        unit: 'Q7.TP',
        budget: { amount: 1, unit: 'working-days', confirmed: false },
        actions: [{ action: 'approve', next: 'approved' }],
      },
    ],
    ...overrides,
  };
}

function validated(input: ProcedureDefinitionInput) {
  const result = validateDefinition(input, 'D7-FMT-01.yaml');
  if (!result.ok) throw new Error(result.issues.map((issue) => `${issue.path}: ${issue.code}`).join('; '));
  return result.definition;
}

const excluded = { reasonVi: 'Thời gian thực hiện nghĩa vụ tài chính', reasonEn: 'Time to meet financial obligations', confirmed: true, source: 'Test Art 2' };
const withExclusion = (): ProcedureDefinitionInput => {
  const base = definition();
  const steps = base.steps.map((step) => (step.id === 'payment' ? { ...step, excludedFromPeriod: excluded } : step));
  return { ...base, steps };
};

describe('excluded steps', () => {
  it('a 30-day payment step inside a 3-day period is refused unless its time is excluded', () => {
    const refused = validateDefinition(definition(), 'D7-FMT-01.yaml');
    expect(refused.ok ? [] : refused.issues.map((issue) => issue.code)).toEqual(['PROC_BUDGET_EXCEEDS_PERIOD']);
    const accepted = validateDefinition(withExclusion(), 'D7-FMT-01.yaml');
    expect(accepted.ok).toBe(true);
  });

  it('the excluded step still counts toward the sum of the others: 2 + 1 fits in 3, 3 + 1 does not', () => {
    const heavy = withExclusion();
    heavy.steps[0] = { ...heavy.steps[0]!, budget: { amount: 3, unit: 'working-days', confirmed: false } } as (typeof heavy.steps)[number];
    const result = validateDefinition(heavy, 'D7-FMT-01.yaml');
    expect(result.ok ? [] : result.issues.map((issue) => issue.code)).toEqual(['PROC_BUDGET_EXCEEDS_PERIOD']);
  });

  it('compiles to a state flagged excludedFromPeriod, only that one', () => {
    const compiled = compileProcedure(validated(withExclusion()));
    const flagged = Object.values(compiled.states).filter((state) => state.excludedFromPeriod).map((state) => state.path);
    expect(flagged).toEqual(['payment']);
  });
});

describe('conditional periods (extensions)', () => {
  const extension = { id: 'verification', labelVi: 'Gia hạn để xác minh', labelEn: 'Extend for verification', amount: 5, unit: 'working-days' as const, confirmed: true, source: 'Test Art 3', invokedBy: ['Q7.TP'] };

  it('compiles to an action extend_period_<id> available in every working step and nowhere else', () => {
    const compiled = compileProcedure(validated({ ...withExclusion(), extensions: [extension] }));
    expect(compiled.extensions).toEqual([
      { id: 'verification', action: 'extend_period_verification', extension: { amount: 5, unit: 'working-days' }, labelVi: extension.labelVi, labelEn: extension.labelEn, source: 'Test Art 3', invokedBy: ['Q7.TP'] },
    ]);
    const walk = startCase(compiled);
    expect(walk.can('extend_period_verification')).toBe(false); // receipt: the clock has not been handed to a step
    walk.send('accept');
    expect(walk.can('extend_period_verification')).toBe(true);
    walk.send('extend_period_verification');
    expect(walk.paths()).toEqual(['appraisal']); // targetless: the state does not change
    walk.send('request_supplement');
    expect(walk.can('extend_period_verification')).toBe(false); // clock stopped while awaiting a supplement
  });

  it('a procedure without extensions compiles exactly as before: no extensions key, no extra action', () => {
    const compiled = compileProcedure(validated(withExclusion()));
    expect('extensions' in compiled).toBe(false);
    expect(Object.keys(compiled.actions).some((action) => action.startsWith('extend_period_'))).toBe(false);
  });

  it('changes the version hash (a different law makes a different version)', () => {
    const plain = compileProcedure(validated(withExclusion()));
    const extended = compileProcedure(validated({ ...withExclusion(), extensions: [extension] }));
    expect(extended.version).not.toBe(plain.version);
  });
});

describe('a period counted from an event after receipt (periodStart)', () => {
  const periodStart = {
    action: 'accept',
    labelVi: 'Thụ lý',
    labelEn: 'Acceptance',
    confirmed: true,
    source: 'Test Art 4',
    within: { amount: 10, unit: 'working-days' as const, confirmed: true, source: 'Test Art 5' },
  };

  it('compiles the starting action and the deadline that runs until it', () => {
    const compiled = compileProcedure(validated({ ...withExclusion(), periodStart }));
    expect(compiled.periodStart).toEqual({ action: 'accept', labelVi: 'Thụ lý', labelEn: 'Acceptance', source: 'Test Art 4', within: { amount: 10, unit: 'working-days' } });
    expect(compiled.period).toEqual({ amount: 3, unit: 'working-days' });
  });

  it('accepts accept or an action of a step, and refuses any other name with its path', () => {
    expect(validateDefinition({ ...withExclusion(), periodStart: { ...periodStart, action: 'paid' } }, 'D7-FMT-01.yaml').ok).toBe(true);
    const refused = validateDefinition({ ...withExclusion(), periodStart: { ...periodStart, action: 'approve_all' } }, 'D7-FMT-01.yaml');
    expect(refused.ok ? [] : refused.issues.map((issue) => [issue.code, issue.path])).toEqual([['PROC_PERIOD_START_UNKNOWN_ACTION', 'periodStart.action']]);
  });

  it('a procedure without it compiles as before (no periodStart key), and with it under another version', () => {
    const plain = compileProcedure(validated(withExclusion()));
    const counted = compileProcedure(validated({ ...withExclusion(), periodStart }));
    expect('periodStart' in plain).toBe(false);
    expect(counted.version).not.toBe(plain.version);
  });
});

describe('an extension counted from the period start (countedFrom: period-start)', () => {
  const total = { id: 'verification', labelVi: 'Cần xác minh', labelEn: 'Verification', amount: 5, unit: 'working-days' as const, countedFrom: 'period-start' as const, confirmed: true, source: 'Test Art 6', invokedBy: ['Q7.TP'] };

  it('travels into the compiled extension; the default (deadline) leaves no key', () => {
    const compiled = compileProcedure(validated({ ...definition(), period: { amount: 1, unit: 'same-day', confirmed: true, source: 'Test Art 1' }, extensions: [total, { ...total, id: 'other', countedFrom: undefined }] }));
    expect(compiled.extensions!.map((extension) => [extension.id, extension.countedFrom])).toEqual([
      ['verification', 'period-start'],
      ['other', undefined],
    ]);
    expect('countedFrom' in compiled.extensions![1]!).toBe(false);
  });

  it('is refused next to a step excluded from the period', () => {
    const refused = validateDefinition({ ...withExclusion(), extensions: [total] }, 'D7-FMT-01.yaml');
    expect(refused.ok ? [] : refused.issues.map((issue) => [issue.code, issue.path])).toEqual([['PROC_EXTENSION_FROM_START_WITH_EXCLUDED_STEP', 'extensions[0].countedFrom']]);
  });
});

describe('versions by effective date', () => {
  const v2021 = { effectiveFrom: '2021-01-01', effectiveTo: '2022-01-01', name: '2021' };
  const v2022 = { effectiveFrom: '2022-01-01', name: '2022' };
  const pick = (iso: string) => versionInForce([v2021, v2022], new Date(iso), (version) => version)?.name;

  it('the day is the Vietnamese day: 31 Dec 2021 23:59 +07:00 is the 2021 version, one minute later the 2022 one', () => {
    expect(pick('2021-12-31T23:59:00+07:00')).toBe('2021');
    expect(pick('2022-01-01T00:00:00+07:00')).toBe('2022');
    // 17:30 UTC on 31 Dec is already 1 Jan in Viet Nam
    expect(vietnamDay(new Date('2021-12-31T17:30:00Z'))).toBe('2022-01-01');
    expect(pick('2021-12-31T17:30:00Z')).toBe('2022');
  });

  it('nothing is in force before the first version', () => {
    expect(pick('2020-12-31T12:00:00+07:00')).toBeUndefined();
    expect(isInForce({}, new Date('1999-01-01T00:00:00Z'))).toBe(true);
  });

  it('effective dates travel into the compiled procedure', () => {
    const compiled = compileProcedure(validated({ ...withExclusion(), effectiveFrom: '2022-01-01', effectiveTo: '2023-01-01' }));
    expect([compiled.effectiveFrom, compiled.effectiveTo]).toEqual(['2022-01-01', '2023-01-01']);
  });
});
