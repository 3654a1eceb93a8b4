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
}

export function unitDirectory(units: readonly DirectoryUnit[]): UnitDirectory {
  const sorted = [...units].sort((a, b) => a.code.localeCompare(b.code));
  const byCode = new Map(sorted.map((unit) => [unit.code, unit]));
  const byWardAndKind = new Map<string, DirectoryUnit>();
  for (const unit of sorted) {
    const key = `${unit.ward}\u0000${unit.kind}`;
    if (unit.ward !== null && !byWardAndKind.has(key)) byWardAndKind.set(key, unit);
  }
  const wards = new Set(sorted.flatMap((unit) => (unit.ward === null ? [] : [unit.ward])));
  return {
    units: sorted,
    find: (code) => byCode.get(code),
    hasWard: (ward) => wards.has(ward),
    wardUnit: (role, ward) => byWardAndKind.get(`${ward}\u0000${wardRoleKinds[role]}`),
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
