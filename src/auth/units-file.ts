/**
 * A units file (YAML) an organisation loads with `motcua units load`: since 1 July 2025 a deployment
 * is a province with its communes and wards, not District 7. Checked whole before anything is
 * written: codes, levels, kinds, wards and parents, each problem with its path. Pure: the caller
 * reads the file and passes the units already in the database.
 */
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { MotcuaError } from '../errors.js';
import type { UnitKind } from '../procedures/units.js';

export const unitLevels = ['province', 'district', 'commune', 'ward', 'agency'] as const;
export const unitKinds = ['desk', 'office', 'ward_committee'] as const satisfies readonly UnitKind[];
/** Levels whose units belong to one commune or ward, and so name it. */
const localLevels: readonly string[] = ['commune', 'ward'];

const unitEntrySchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9]+(\.[A-Z0-9]+)*$/, 'upper-case letters and digits, parts joined by dots, e.g. HCM.P.TTD.MC'),
  nameVi: z.string().trim().min(1),
  nameEn: z.string().trim().min(1),
  level: z.enum(unitLevels),
  kind: z.enum(unitKinds).optional(),
  ward: z.string().regex(/^[A-Z0-9]{2,12}$/, 'upper-case letters and digits, e.g. TTD').optional(),
  parent: z.string().min(1).optional(),
});

const unitsFileSchema = z.strictObject({ units: z.array(unitEntrySchema).min(1) });

export interface UnitRecord {
  code: string;
  nameVi: string;
  nameEn: string;
  level: (typeof unitLevels)[number];
  kind: UnitKind;
  ward: string | null;
  parent: string | null;
}

export interface UnitsFileProblem {
  path: string;
  vi: string;
  en: string;
}

/** A desk by its code (`….MC`), a commune or ward's committee by its level, any other an office. */
export function defaultKind(code: string, level: string): UnitKind {
  if (code.endsWith('.MC')) return 'desk';
  return localLevels.includes(level) ? 'ward_committee' : 'office';
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '') || '/';
}

/** What the database already holds of a unit, for the checks that span file and table. */
export type ExistingUnit = Pick<UnitRecord, 'code' | 'ward' | 'kind'>;

/** The file's units, or every problem found (nothing is half-accepted). */
export function checkUnitsFile(text: string, existingUnits: readonly ExistingUnit[]): { ok: true; units: UnitRecord[] } | { ok: false; problems: UnitsFileProblem[] } {
  const existingCodes: ReadonlySet<string> = new Set(existingUnits.map((unit) => unit.code));
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const line = error.linePos?.[0];
        const reason = error.message.split(' at line ')[0] ?? error.code;
        return { path: line ? `line ${line.line}, column ${line.col}` : '/', vi: `YAML sai cú pháp: ${reason}`, en: `not valid YAML: ${reason}` };
      }),
    };
  }
  const parsed = unitsFileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), vi: `sai giá trị (${issue.message})`, en: issue.message })) };
  }
  const problems: UnitsFileProblem[] = [];
  const entries = parsed.data.units;
  const inFile = new Map<string, number>();
  entries.forEach((unit, index) => {
    if (inFile.has(unit.code)) problems.push({ path: `units[${index}].code`, vi: `mã ${unit.code} trùng với units[${inFile.get(unit.code)}]`, en: `code ${unit.code} repeats units[${inFile.get(unit.code)}]` });
    else inFile.set(unit.code, index);
  });
  const units = entries.map((unit, index): UnitRecord => {
    const at = `units[${index}]`;
    const local = localLevels.includes(unit.level);
    if (local && !unit.ward) problems.push({ path: `${at}.ward`, vi: `đơn vị cấp ${unit.level} phải ghi mã xã/phường (ward)`, en: `a ${unit.level}-level unit names its commune or ward (ward)` });
    if (!local && unit.ward) problems.push({ path: `${at}.ward`, vi: `chỉ đơn vị cấp xã/phường mới ghi ward (đây là cấp ${unit.level})`, en: `only commune or ward units name a ward (this one is ${unit.level})` });
    const kind = unit.kind ?? defaultKind(unit.code, unit.level);
    if (kind === 'ward_committee' && !local) problems.push({ path: `${at}.kind`, vi: 'UBND xã/phường (ward_committee) phải ở cấp commune hoặc ward', en: 'a ward_committee unit is at commune or ward level' });
    if (unit.parent !== undefined) {
      if (unit.parent === unit.code) problems.push({ path: `${at}.parent`, vi: 'đơn vị không thể là cấp trên của chính nó', en: 'a unit cannot be its own parent' });
      else if (!inFile.has(unit.parent) && !existingCodes.has(unit.parent)) {
        problems.push({ path: `${at}.parent`, vi: `không có đơn vị ${unit.parent} trong tệp hay trong cơ sở dữ liệu`, en: `no unit ${unit.parent} in the file or the database` });
      }
    }
    return { code: unit.code, nameVi: unit.nameVi, nameEn: unit.nameEn, level: unit.level, kind, ward: unit.ward ?? null, parent: unit.parent ?? null };
  });
  // A parent chain within the file must end (no cycle).
  const parentOf = new Map(units.map((u) => [u.code, u.parent]));
  units.forEach((unit, index) => {
    const seen = new Set<string>([unit.code]);
    for (let up = unit.parent; up && parentOf.has(up); up = parentOf.get(up) ?? null) {
      if (seen.has(up)) {
        problems.push({ path: `units[${index}].parent`, vi: `vòng lặp cấp trên qua ${up}`, en: `parent chain loops through ${up}` });
        break;
      }
      seen.add(up);
    }
  });
  // A ward role finds the commune's desk or committee by kind (unit-directory.ts): one of each per commune.
  const fileCodes = new Set(units.map((unit) => unit.code));
  const held = new Map<string, string>();
  for (const unit of existingUnits) if (!fileCodes.has(unit.code) && unit.ward !== null) held.set(`${unit.ward} ${unit.kind}`, unit.code);
  units.forEach((unit, index) => {
    if (unit.ward === null || unit.kind === 'office') return;
    const key = `${unit.ward} ${unit.kind}`;
    const other = held.get(key);
    if (other !== undefined) {
      problems.push({ path: `units[${index}].kind`, vi: `xã/phường ${unit.ward} đã có đơn vị loại ${unit.kind}: ${other}`, en: `commune or ward ${unit.ward} already has a ${unit.kind} unit: ${other}` });
    } else held.set(key, unit.code);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, units };
}

/** The first problem as the registry's error (the command prints them all). */
export function unitsFileError(file: string, problem: UnitsFileProblem): MotcuaError {
  return new MotcuaError('UNITS_FILE_INVALID', { file, path: problem.path, detail: problem.en, detailVi: problem.vi });
}
