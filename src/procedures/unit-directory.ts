/**
 * The units of one deployment as a value: the built-in District 7 list (the seed, and the default
 * where no database is at hand), or the rows of the `units` table an organisation loaded with
 * `motcua units load` (a province with its communes and wards). Whoever checks a definition or
 * starts a case is given a directory; nothing here reads a file or a table. Pure.
 */
import { isWardRole, UNITS, unitKind, type UnitKind, type WardRole } from './units.js';

export interface DirectoryUnit {
  code: string;
  nameVi: string;
  nameEn: string;
  /** province, district, commune, ward or agency (the units file's levels; the seed uses district, ward, agency). */
  level: string;
  kind: UnitKind;
  /** Set for the units of one commune or ward: its short code (what a case names as its `ward`). */
  ward: string | null;
}

/** A commune or ward, named after its People's Committee (`UBND xã Cần Giờ` → `xã Cần Giờ`). */
export interface DirectoryWard {
  code: string;
  nameVi: string;
  nameEn: string;
}

/** The kind of unit each ward role stands for, within the case's commune or ward. */
const wardRoleKinds: Readonly<Record<WardRole, UnitKind>> = { 'ward:committee': 'ward_committee', 'ward:desk': 'desk' };

export interface UnitDirectory {
  readonly units: readonly DirectoryUnit[];
  find(code: string): DirectoryUnit | undefined;
  /** A commune or ward some unit belongs to. */
  hasWard(ward: string): boolean;
  /**
   * The unit playing `role` for one commune or ward: its unit of that kind (the first by code if
   * an organisation loaded two).
   */
  wardUnit(role: WardRole, ward: string): DirectoryUnit | undefined;
  /** Every commune or ward, by Vietnamese name: what a desk may choose as a case's ward. */
  readonly wards: readonly DirectoryWard[];
  ward(code: string): DirectoryWard | undefined;
}

/**
 * A ward's name from its committee's: without the `UBND ` before it and the ` People's Committee`
 * after it, so a list of wards reads `phường Tân Thuận Đông`, `xã Cần Giờ`. The code when it has no committee.
 */
function wardOf(code: string, committee: DirectoryUnit | undefined): DirectoryWard {
  if (!committee) return { code, nameVi: code, nameEn: code };
  const nameVi = committee.nameVi.replace(/^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+/iu, '');
  const nameEn = committee.nameEn.replace(/\s+People['’]s Committee$/iu, '');
  return { code, nameVi: nameVi || committee.nameVi, nameEn: nameEn || committee.nameEn };
}

export function unitDirectory(units: readonly DirectoryUnit[]): UnitDirectory {
  const sorted = [...units].sort((a, b) => a.code.localeCompare(b.code));
  const byCode = new Map(sorted.map((unit) => [unit.code, unit]));
  const byWardAndKind = new Map<string, DirectoryUnit>();
  for (const unit of sorted) {
    const key = `${unit.ward}\u0000${unit.kind}`;
    if (unit.ward !== null && !byWardAndKind.has(key)) byWardAndKind.set(key, unit);
  }
  const wardCodes = [...new Set(sorted.flatMap((unit) => (unit.ward === null ? [] : [unit.ward])))].sort();
  const wards = new Map(wardCodes.map((code) => [code, wardOf(code, byWardAndKind.get(`${code}\u0000ward_committee`))]));
  return {
    units: sorted,
    find: (code) => byCode.get(code),
    hasWard: (ward) => wards.has(ward),
    wardUnit: (role, ward) => byWardAndKind.get(`${ward}\u0000${wardRoleKinds[role]}`),
    wards: [...wards.values()].sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi')),
    ward: (code) => wards.get(code),
  };
}

/** District 7's units of 2021 (src/procedures/units.ts): what migration 0003 seeds the table with. */
export const builtInUnitDirectory: UnitDirectory = unitDirectory(
  UNITS.map((unit) => ({ code: unit.code, nameVi: unit.nameVi, nameEn: unit.nameEn, level: unit.level, kind: unitKind(unit), ward: unit.ward ?? null })),
);

export type DirectoryResolution =
  | { ok: true; unit: DirectoryUnit }
  | { ok: false; code: 'PROC_UNKNOWN_UNIT' | 'PROC_UNKNOWN_WARD' | 'PROC_WARD_REQUIRED'; message: string };

/**
 * A definition's unit reference (a unit code or a ward role) made concrete for one case.
 * @example resolveInDirectory(builtInUnitDirectory, 'ward:desk', 'TTD') // → P.TTD.MC
 */
export function resolveInDirectory(directory: UnitDirectory, reference: string, ward?: string): DirectoryResolution {
  if (!isWardRole(reference)) {
    const found = directory.find(reference);
    return found ? { ok: true, unit: found } : { ok: false, code: 'PROC_UNKNOWN_UNIT', message: `unknown unit ${reference}` };
  }
  if (ward === undefined) return { ok: false, code: 'PROC_WARD_REQUIRED', message: `unit role ${reference} needs the case's ward` };
  const concrete = directory.wardUnit(reference, ward);
  return concrete ? { ok: true, unit: concrete } : { ok: false, code: 'PROC_UNKNOWN_WARD', message: `unknown ward ${ward} (or it has no ${wardRoleKinds[reference]} unit)` };
}
