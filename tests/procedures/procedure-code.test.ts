/**
 * Procedure codes: District 7's `D7-…` and a province's own prefix are both codes; anything else is
 * refused with PROC_CODE_FORMAT, in Vietnamese and English, before any other check.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../src/procedures/validate.js';

// A valid definition but for its code (D7-BRK-13 is refused only for its file name).
const base = parseYaml(readFileSync('tests/procedures/fixtures/broken/D7-BRK-13.yaml', 'utf8')) as Record<string, unknown>;
const check = (code: unknown) => validateDefinition({ ...base, code }, `procedures/${String(code)}.yaml`);

describe('procedure codes', () => {
  it.each(['D7-HKD-01', 'HCM-BTXH-02', 'HN-01', 'D7-XD-1A', `A-${'B'.repeat(30)}`])('accepts %s', (code) => {
    const result = check(code);
    expect(result.ok ? [] : result.issues, code).toEqual([]);
  });

  it.each(['d7-hkd-01', 'HCM', 'HCM-', '-HCM-01', '7D-HKD-01', 'HCM--01', 'HCM_BTXH_02', 'HCM-BTXH 02', `A-${'B'.repeat(31)}`])('refuses %s with its own code and message in both languages', (code) => {
    const result = check(code);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((i) => [i.code, i.path])).toEqual([['PROC_CODE_FORMAT', 'code']]);
    expect(issues[0]!.messageVi).toContain('chữ in hoa và chữ số');
    expect(issues[0]!.messageEn).toContain('upper-case letters and digits');
  });

  it('a code of the wrong type stays a schema error', () => {
    const result = check(12);
    expect(result.ok ? [] : result.issues.map((i) => i.code)).toEqual(['PROC_SCHEMA']);
  });
});
