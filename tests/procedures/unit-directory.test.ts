/**
 * Units as data: the directory a deployment passes to the validator and the case service, built
 * from the seed (District 7) or from the units an organisation loaded (a province's commune).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { builtInUnitDirectory, resolveInDirectory, unitDirectory } from '../../src/procedures/unit-directory.js';
import { resolveUnit, WARDS } from '../../src/procedures/units.js';
import { validateDefinition } from '../../src/procedures/validate.js';
import { provinceDirectory, provinceProcedureFile } from '../support/province-units.js';

const provinceDefinition = () => parseYaml(readFileSync(provinceProcedureFile, 'utf8')) as Record<string, unknown>;

describe('the unit directory', () => {
  it('answers as the built-in list did for every District 7 ward and role (the seed)', () => {
    for (const ward of WARDS) {
      for (const role of ['ward:desk', 'ward:committee'] as const) {
        const before = resolveUnit(role, ward.code);
        const now = resolveInDirectory(builtInUnitDirectory, role, ward.code);
        expect(now.ok && now.unit.code, `${role} ${ward.code}`).toBe(before.ok && before.unit.code);
      }
    }
    expect(resolveInDirectory(builtInUnitDirectory, 'ward:desk', 'TTD')).toMatchObject({ ok: true, unit: { code: 'P.TTD.MC', kind: 'desk' } });
    expect(resolveInDirectory(builtInUnitDirectory, 'Q7.TCKH', 'TTD')).toMatchObject({ ok: true, unit: { code: 'Q7.TCKH', kind: 'office' } });
  });

  it('resolves a loaded commune’s roles by its ward code and the units’ kinds, not by a code pattern', () => {
    const province = provinceDirectory();
    expect(resolveInDirectory(province, 'ward:desk', 'CG')).toMatchObject({ ok: true, unit: { code: 'HCM.X.CG.MC', kind: 'desk', level: 'commune' } });
    expect(resolveInDirectory(province, 'ward:committee', 'CG')).toMatchObject({ ok: true, unit: { code: 'HCM.X.CG', kind: 'ward_committee' } });
    expect(resolveInDirectory(province, 'HCM.SYT')).toMatchObject({ ok: true, unit: { code: 'HCM.SYT', kind: 'office' } });
    expect(province.hasWard('CG')).toBe(true);
    expect(builtInUnitDirectory.hasWard('CG')).toBe(false);
    expect(resolveInDirectory(builtInUnitDirectory, 'ward:desk', 'CG')).toMatchObject({ ok: false, code: 'PROC_UNKNOWN_WARD' });
  });

  it('refuses a role without a ward, a commune without a unit of the role’s kind, and an unknown code', () => {
    const committeeOnly = unitDirectory([{ code: 'T.X.AB', nameVi: 'UBND xã AB', nameEn: 'AB Commune', level: 'commune', kind: 'ward_committee', ward: 'AB' }]);
    expect(resolveInDirectory(committeeOnly, 'ward:committee')).toMatchObject({ ok: false, code: 'PROC_WARD_REQUIRED' });
    expect(resolveInDirectory(committeeOnly, 'ward:committee', 'AB')).toMatchObject({ ok: true, unit: { code: 'T.X.AB' } });
    expect(resolveInDirectory(committeeOnly, 'ward:desk', 'AB')).toMatchObject({ ok: false, code: 'PROC_UNKNOWN_WARD' });
    expect(resolveInDirectory(committeeOnly, 'Q7.MC')).toMatchObject({ ok: false, code: 'PROC_UNKNOWN_UNIT' });
  });
});

describe('the communes and wards of a directory', () => {
  it('lists each by its committee’s name without “UBND” / “People’s Committee”: the ten District 7 wards and a loaded commune', () => {
    expect(builtInUnitDirectory.wards.map((w) => w.code).sort()).toEqual(WARDS.map((w) => w.code).sort());
    for (const ward of WARDS) {
      expect(builtInUnitDirectory.ward(ward.code)).toEqual({ code: ward.code, nameVi: `phường ${ward.nameVi}`, nameEn: `${ward.nameEn} Ward` });
    }
    const province = provinceDirectory();
    expect(province.ward('CG')).toEqual({ code: 'CG', nameVi: 'xã Cần Giờ', nameEn: 'Can Gio Commune' });
    expect(province.wards).toHaveLength(11);
    expect(province.ward('HCM')).toBeUndefined();
  });

  it('names a commune without a committee by its code, and sorts the list by Vietnamese name', () => {
    const directory = unitDirectory([
      { code: 'X.B.MC', nameVi: 'Bộ phận một cửa xã Bình', nameEn: 'Binh desk', level: 'commune', kind: 'desk', ward: 'BB' },
      { code: 'X.A', nameVi: 'UBND xã Ân', nameEn: 'An Commune People’s Committee', level: 'commune', kind: 'ward_committee', ward: 'AA' },
      { code: 'X.C', nameVi: 'UBND xã Ba', nameEn: 'Ba Commune People’s Committee', level: 'commune', kind: 'ward_committee', ward: 'CC' },
    ]);
    expect(directory.ward('BB')).toEqual({ code: 'BB', nameVi: 'BB', nameEn: 'BB' });
    expect(directory.wards.map((w) => w.nameVi)).toEqual(['BB', 'xã Ân', 'xã Ba']);
  });
});

describe('checking a definition against the deployment’s units', () => {
  it('refuses the province department with the built-in list and accepts it with the loaded units', () => {
    const builtIn = validateDefinition(provinceDefinition(), provinceProcedureFile);
    expect(builtIn.ok).toBe(false);
    expect(builtIn.issues).toEqual([expect.objectContaining({ code: 'PROC_UNKNOWN_UNIT', path: 'steps[1].unit', messageEn: expect.stringContaining('"HCM.SYT"') })]);
    const loaded = validateDefinition(provinceDefinition(), provinceProcedureFile, provinceDirectory());
    expect(loaded.ok, JSON.stringify(loaded.issues)).toBe(true);
  });

  it('still asks for a role, not a unit of one commune (the procedure runs in every commune)', () => {
    const definition = provinceDefinition();
    (definition.steps as Array<Record<string, unknown>>)[0]!.unit = 'HCM.X.CG';
    const result = validateDefinition(definition, provinceProcedureFile, provinceDirectory());
    expect(result.issues).toEqual([expect.objectContaining({ code: 'PROC_WARD_UNIT_NOT_ROLE', path: 'steps[0].unit' })]);
  });
});

describe('where a district-level definition is received', () => {
  const districtDefinition = (receivingUnit: string) => {
    const definition = provinceDefinition();
    definition.handlingLevel = 'district';
    definition.receivingUnit = receivingUnit;
    definition.steps = [(definition.steps as unknown[])[1]]; // the department's step alone
    return definition;
  };
  const centre = unitDirectory([
    ...provinceDirectory().units,
    { code: 'HCM.TTHC', nameVi: 'Trung tâm Phục vụ hành chính công', nameEn: 'Public administrative service centre', level: 'province', kind: 'desk', ward: null },
  ]);

  it('is a one-stop desk of no single commune: Q7.MC in the seed, the province’s centre once loaded', () => {
    expect(validateDefinition(districtDefinition('Q7.MC'), provinceProcedureFile, centre).ok).toBe(true);
    expect(validateDefinition(districtDefinition('HCM.TTHC'), provinceProcedureFile, centre).ok).toBe(true);
    const builtIn = validateDefinition({ ...districtDefinition('HCM.TTHC'), steps: [{ ...(districtDefinition('Q7.MC').steps as Array<Record<string, unknown>>)[0], unit: 'Q7.LDTBXH' }] }, provinceProcedureFile);
    expect(builtIn.issues).toEqual([expect.objectContaining({ code: 'PROC_UNKNOWN_UNIT', path: 'receivingUnit' }), expect.objectContaining({ code: 'PROC_LEVEL_UNIT_MISMATCH', messageEn: 'Handling level district needs the receiving unit Q7.MC' })]);
  });

  it('is never a commune’s desk, nor an office', () => {
    for (const receivingUnit of ['HCM.X.CG.MC', 'HCM.SYT', 'ward:desk']) {
      const result = validateDefinition(districtDefinition(receivingUnit), provinceProcedureFile, centre);
      expect(result.issues.map((issue) => issue.code), receivingUnit).toContain('PROC_LEVEL_UNIT_MISMATCH');
      expect(result.issues.find((issue) => issue.code === 'PROC_LEVEL_UNIT_MISMATCH')?.messageEn).toBe('Handling level district needs the receiving unit HCM.TTHC, Q7.MC');
    }
  });
});

describe('the organisation and the committee a unit answers to (forms’ governing body and place)', () => {
  it('is District 7 for the seed: its units name no parent; a ward’s desk answers to its ward’s committee', () => {
    expect(builtInUnitDirectory.organisation).toEqual({ code: null, nameVi: 'UBND quận 7', nameEn: 'District 7 People’s Committee', areaVi: 'Quận 7', areaEn: 'District 7', placeVi: 'Quận 7', desk: 'Q7.MC' });
    for (const code of ['Q7.MC', 'Q7.TCKH', 'Q7.CA', 'P.TTD', 'NOT.A.UNIT']) {
      expect(builtInUnitDirectory.governingBodyOf(code).nameVi, code).toBe('UBND quận 7');
    }
    expect(builtInUnitDirectory.governingBodyOf('P.TTD.MC')).toEqual({ code: 'P.TTD', nameVi: 'UBND phường Tân Thuận Đông', nameEn: 'Tan Thuan Dong Ward People’s Committee', areaVi: 'phường Tân Thuận Đông', areaEn: 'Tan Thuan Dong Ward', placeVi: 'Phường Tân Thuận Đông' });
  });

  it('is the loaded province once its units name it as parent, beside the seed’s parentless units', () => {
    const province = provinceDirectory();
    expect(province.organisation).toEqual({
      code: 'HCM',
      nameVi: 'UBND Thành phố Hồ Chí Minh',
      nameEn: "Ho Chi Minh City People's Committee",
      areaVi: 'Thành phố Hồ Chí Minh',
      areaEn: 'Ho Chi Minh City',
      placeVi: 'Thành phố Hồ Chí Minh',
      desk: 'HCM.X.CG.MC',
    });
    // A commune's desk answers to its commune's committee; the commune's committee and a department to the province.
    expect(province.governingBodyOf('HCM.X.CG.MC')).toEqual({ code: 'HCM.X.CG', nameVi: 'UBND xã Cần Giờ', nameEn: "Can Gio Commune People's Committee", areaVi: 'xã Cần Giờ', areaEn: 'Can Gio Commune', placeVi: 'Xã Cần Giờ' });
    for (const code of ['HCM.X.CG', 'HCM.SYT', 'HCM']) expect(province.governingBodyOf(code).code, code).toBe('HCM');
    // District 7's seeded units left in the table belong to no loaded tree: the organisation's, or their ward's committee.
    expect(province.governingBodyOf('Q7.MC').code).toBe('HCM');
    expect(province.governingBodyOf('P.TTD.MC').code).toBe('P.TTD');
  });

  it('follows the tree, not the code: a desk without a parent answers to its commune’s committee; the largest tree is the organisation', () => {
    const directory = unitDirectory([
      { code: 'A', nameVi: 'UBND tỉnh An', nameEn: 'An Province People’s Committee', level: 'province', kind: 'office', ward: null },
      { code: 'A.SO', nameVi: 'Sở Nội vụ', nameEn: 'Department of Home Affairs', level: 'province', kind: 'office', ward: null, parent: 'A' },
      { code: 'A.X', nameVi: 'UBND xã Tây', nameEn: 'Tay Commune People’s Committee', level: 'commune', kind: 'ward_committee', ward: 'TAY', parent: 'A' },
      { code: 'A.X.MC', nameVi: 'Bộ phận một cửa xã Tây', nameEn: 'Tay desk', level: 'commune', kind: 'desk', ward: 'TAY' },
      { code: 'A.TT', nameVi: 'Trung tâm Phục vụ hành chính công', nameEn: 'Service centre', level: 'province', kind: 'desk', ward: null, parent: 'A' },
      { code: 'B', nameVi: 'UBND tỉnh Bình', nameEn: 'Binh Province People’s Committee', level: 'province', kind: 'office', ward: null },
      { code: 'B.SO', nameVi: 'Sở Y tế', nameEn: 'Department of Health', level: 'province', kind: 'office', ward: null, parent: 'B' },
    ]);
    expect(directory.organisation).toMatchObject({ code: 'A', areaVi: 'tỉnh An', placeVi: 'Tỉnh An', areaEn: 'An Province', desk: 'A.TT' });
    expect(directory.governingBodyOf('A.X.MC')).toMatchObject({ code: 'A.X', placeVi: 'Xã Tây' });
    expect(directory.governingBodyOf('B.SO')).toMatchObject({ code: 'B', nameVi: 'UBND tỉnh Bình' });
  });

  it('points the public link at the signed-in unit’s desk, its commune’s, or the organisation’s', () => {
    const province = provinceDirectory();
    expect(province.publicDeskFor('HCM.X.CG.MC')).toBe('HCM.X.CG.MC');
    expect(province.publicDeskFor('HCM.X.CG')).toBe('HCM.X.CG.MC');
    expect(province.publicDeskFor('HCM.SYT')).toBe('HCM.X.CG.MC');
    expect(province.publicDeskFor(null)).toBe('HCM.X.CG.MC');
    expect(builtInUnitDirectory.publicDeskFor(null)).toBe('Q7.MC');
    expect(builtInUnitDirectory.publicDeskFor('P.TTD')).toBe('P.TTD.MC');
    expect(builtInUnitDirectory.publicDeskFor('Q7.TCKH')).toBe('Q7.MC');
  });
});

describe('the area a signed-in unit works for (the home page’s heading)', () => {
  it('is its commune or ward when it has one, else the organisation’s', () => {
    const province = provinceDirectory();
    expect(province.areaFor('HCM.X.CG.MC')).toEqual({ nameVi: 'xã Cần Giờ', nameEn: 'Can Gio Commune' });
    expect(province.areaFor('HCM.X.CG')).toEqual({ nameVi: 'xã Cần Giờ', nameEn: 'Can Gio Commune' });
    expect(province.areaFor('HCM.SYT')).toEqual({ nameVi: 'Thành phố Hồ Chí Minh', nameEn: 'Ho Chi Minh City' });
    expect(province.areaFor(null)).toEqual({ nameVi: 'Thành phố Hồ Chí Minh', nameEn: 'Ho Chi Minh City' });
    expect(builtInUnitDirectory.areaFor(null)).toEqual({ nameVi: 'Quận 7', nameEn: 'District 7' });
    expect(builtInUnitDirectory.areaFor('Q7.MC')).toEqual({ nameVi: 'Quận 7', nameEn: 'District 7' });
    expect(builtInUnitDirectory.areaFor('P.TTD.MC')).toEqual({ nameVi: 'phường Tân Thuận Đông', nameEn: 'Tan Thuan Dong Ward' });
    // A commune without a committee has only its code for a name: the organisation's area reads better.
    const committeeless = unitDirectory([{ code: 'X.B.MC', nameVi: 'Bộ phận một cửa xã Bình', nameEn: 'Binh desk', level: 'commune', kind: 'desk', ward: 'BB' }]);
    expect(committeeless.areaFor('X.B.MC')).toEqual({ nameVi: 'Quận 7', nameEn: 'District 7' });
  });
});
