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
  /** The unit above it as the units file names it (a desk under its committee, a commune under the province); none for the seed. */
  parent?: string | null;
}

/**
 * A People's Committee as the printed forms and the pages name it: the governing body (cơ quan
 * chủ quản) above the issuing unit, and the area it governs.
 */
export interface Committee {
  /** Its unit; null for District 7's committee, which the seed has no unit for. */
  code: string | null;
  /** `UBND xã Cần Giờ`, `UBND quận 7`. */
  nameVi: string;
  nameEn: string;
  /** The area as a name reads it: `xã Cần Giờ`, `Thành phố Hồ Chí Minh`, `Quận 7` / `Can Gio Commune`. */
  areaVi: string;
  areaEn: string;
  /** The place name (địa danh) before a form's date: the area with a capital (`Xã Cần Giờ, ngày …`). */
  placeVi: string;
}

/** The deployment's organisation: the committee at the root of its unit tree, and the desk that speaks for it. */
export interface Organisation extends Committee {
  /** The organisation's own desk (nearest the root, first by code): its public page is the first a citizen sees. */
  desk: string | null;
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
  /**
   * The root of the loaded unit tree (the unit without a parent that most units sit under), or
   * District 7's committee when no unit names a parent (the seed alone).
   */
  readonly organisation: Organisation;
  /**
   * The committee a unit answers to, for a form's governing-body line and place: the nearest
   * committee above it (a commune's desk → the commune's committee; a department or a commune's
   * committee → the province), else its commune's committee, else the organisation's.
   */
  governingBodyOf(unitCode: string): Committee;
  /**
   * The desk whose public page speaks for a unit: the unit itself if a desk, its commune's desk,
   * else the organisation's (also with no unit: nobody signed in).
   */
  publicDeskFor(unitCode: string | null): string | null;
  /**
   * The area a signed-in unit works for, as the home page names it: its commune or ward
   * (`xã Cần Giờ`), else the organisation's (`Thành phố Hồ Chí Minh`; also with nobody signed in).
   */
  areaFor(unitCode: string | null): { nameVi: string; nameEn: string };
}

/**
 * The area a committee governs, from its name: without the `UBND ` before it and the
 * ` People's Committee` after it, so `xã Cần Giờ`, `phường Tân Thuận Đông`, `Thành phố Hồ Chí Minh`.
 */
function areaOf(committee: Pick<DirectoryUnit, 'nameVi' | 'nameEn'>): { nameVi: string; nameEn: string } {
  const nameVi = committee.nameVi.replace(/^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+/iu, '');
  const nameEn = committee.nameEn.replace(/\s+People['’]s Committee$/iu, '');
  return { nameVi: nameVi || committee.nameVi, nameEn: nameEn || committee.nameEn };
}

/** A ward's name from its committee's (`xã Cần Giờ`); the code when it has no committee. */
function wardOf(code: string, committee: DirectoryUnit | undefined): DirectoryWard {
  return committee ? { code, ...areaOf(committee) } : { code, nameVi: code, nameEn: code };
}

function committeeOf(unit: DirectoryUnit): Committee {
  const area = areaOf(unit);
  return { code: unit.code, nameVi: unit.nameVi, nameEn: unit.nameEn, areaVi: area.nameVi, areaEn: area.nameEn, placeVi: capitalised(area.nameVi) };
}

const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

/**
 * District 7's People's Committee and its desk: the organisation of the seed, whose units name no
 * parent and which has no unit of its own (src/procedures/units.ts).
 */
export const district7Organisation: Organisation = {
  code: null,
  nameVi: 'UBND quận 7',
  nameEn: 'District 7 People’s Committee',
  areaVi: 'Quận 7',
  areaEn: 'District 7',
  placeVi: 'Quận 7',
  desk: 'Q7.MC',
};

/** The units above a unit, nearest first, as far as the loaded units name them (a cycle stops it). */
function* ancestorsOf(unit: DirectoryUnit, byCode: ReadonlyMap<string, DirectoryUnit>): Generator<DirectoryUnit> {
  const seen = new Set<string>([unit.code]);
  for (let up = unit.parent ? byCode.get(unit.parent) : undefined; up && !seen.has(up.code); up = up.parent ? byCode.get(up.parent) : undefined) {
    seen.add(up.code);
    yield up;
  }
}

/**
 * The organisation of a set of units: the parentless unit with the most units under it (then by
 * code), with its desk nearest to it; District 7 when no unit names a parent.
 */
function organisationOf(sorted: readonly DirectoryUnit[], byCode: ReadonlyMap<string, DirectoryUnit>): Organisation {
  const rootOf = (unit: DirectoryUnit): { root: DirectoryUnit; depth: number } => {
    const chain = [...ancestorsOf(unit, byCode)];
    return { root: chain.at(-1) ?? unit, depth: chain.length };
  };
  const under = new Map<string, { count: number; desks: { code: string; depth: number }[] }>();
  for (const unit of sorted) {
    if (!unit.parent) continue;
    const { root, depth } = rootOf(unit);
    const tree = under.get(root.code) ?? { count: 0, desks: [] };
    tree.count += 1;
    if (unit.kind === 'desk') tree.desks.push({ code: unit.code, depth });
    under.set(root.code, tree);
  }
  const [best] = [...under.entries()].sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b));
  if (!best) return district7Organisation;
  const [rootCode, tree] = best;
  const root = byCode.get(rootCode)!;
  const [desk] = [...(root.kind === 'desk' ? [{ code: root.code, depth: 0 }] : []), ...tree.desks].sort((a, b) => a.depth - b.depth || a.code.localeCompare(b.code));
  return { ...committeeOf(root), desk: desk?.code ?? null };
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
  const organisation = organisationOf(sorted, byCode);
  const governingBodyOf = (unitCode: string): Committee => {
    const unit = byCode.get(unitCode);
    if (!unit) return organisation;
    for (const up of ancestorsOf(unit, byCode)) {
      if (up.kind === 'ward_committee' || !up.parent || !byCode.has(up.parent)) return up.code === organisation.code ? organisation : committeeOf(up);
    }
    const wardCommittee = unit.ward === null ? undefined : byWardAndKind.get(`${unit.ward}\u0000ward_committee`);
    return wardCommittee && wardCommittee.code !== unit.code ? committeeOf(wardCommittee) : organisation;
  };
  const publicDeskFor = (unitCode: string | null): string | null => {
    const unit = unitCode === null ? undefined : byCode.get(unitCode);
    if (unit?.kind === 'desk') return unit.code;
    const wardDesk = unit?.ward ? byWardAndKind.get(`${unit.ward}\u0000desk`) : undefined;
    return wardDesk?.code ?? organisation.desk;
  };
  const areaFor = (unitCode: string | null) => {
    const ward = unitCode === null ? undefined : byCode.get(unitCode)?.ward;
    const named = ward ? wards.get(ward) : undefined;
    return named && named.nameVi !== ward ? { nameVi: named.nameVi, nameEn: named.nameEn } : { nameVi: organisation.areaVi, nameEn: organisation.areaEn };
  };
  return {
    units: sorted,
    find: (code) => byCode.get(code),
    hasWard: (ward) => wards.has(ward),
    wardUnit: (role, ward) => byWardAndKind.get(`${ward}\u0000${wardRoleKinds[role]}`),
    wards: [...wards.values()].sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi')),
    ward: (code) => wards.get(code),
    organisation,
    governingBodyOf,
    publicDeskFor,
    areaFor,
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
