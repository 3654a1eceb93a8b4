import { describe, expect, it } from 'vitest';
import { findUnit, resolveUnit, UNITS, WARDS } from '../../src/procedures/units.js';

describe('the unit registry', () => {
  it('has the ten wards of District 7, each with its committee and one-stop desk', () => {
    expect(WARDS).toHaveLength(10);
    for (const ward of WARDS) {
      expect(findUnit(`P.${ward.code}`)?.level).toBe('ward');
      expect(findUnit(`P.${ward.code}.MC`)?.nameVi).toContain(ward.nameVi);
    }
  });

  it('has unique codes', () => {
    expect(new Set(UNITS.map((unit) => unit.code)).size).toBe(UNITS.length);
  });

  it('resolves ward roles to the case’s ward', () => {
    expect(resolveUnit('ward:desk', 'TTD')).toMatchObject({ ok: true, unit: { code: 'P.TTD.MC' } });
    expect(resolveUnit('ward:committee', 'PMY')).toMatchObject({ ok: true, unit: { code: 'P.PMY', nameVi: 'UBND phường Phú Mỹ' } });
  });

  it('keeps district units as they are, with or without a ward', () => {
    expect(resolveUnit('Q7.TCKH', 'TTD')).toMatchObject({ ok: true, unit: { code: 'Q7.TCKH' } });
  });

  it('refuses a role without a ward, an unknown ward and an unknown unit', () => {
    expect(resolveUnit('ward:desk')).toMatchObject({ ok: false, code: 'PROC_WARD_REQUIRED' });
    expect(resolveUnit('ward:desk', 'XXX')).toMatchObject({ ok: false, code: 'PROC_UNKNOWN_WARD' });
    expect(resolveUnit('Q7.NOPE')).toMatchObject({ ok: false, code: 'PROC_UNKNOWN_UNIT' });
  });
});
