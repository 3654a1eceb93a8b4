/**
 * The district's units (đơn vị) that hold dossiers, with short stable codes.
 *
 * District units are `Q7.<X>`; each ward has its People's Committee `P.<W>` and
 * its one-stop desk `P.<W>.MC`. A ward procedure runs identically in all ten
 * wards, so its definition names a ward *role* (`ward:committee`, `ward:desk`)
 * instead of a concrete ward; the compiled procedure keeps the role token and the
 * case, which knows its ward, turns it into a concrete unit with `resolveUnit`.
 * Pure module: safe to import from workflow code.
 */

export type UnitLevel = 'district' | 'ward' | 'agency';

export interface Unit {
  code: string;
  nameVi: string;
  nameEn: string;
  level: UnitLevel;
  /** Set for ward units: the ward's short code. */
  ward?: string;
}

export interface Ward {
  /** Three-letter code, stable: used in unit codes `P.<code>`. */
  code: string;
  nameVi: string;
  nameEn: string;
}

/** District 7's ten wards (phường) in 2021. */
export const WARDS: readonly Ward[] = [
  { code: 'TTD', nameVi: 'Tân Thuận Đông', nameEn: 'Tan Thuan Dong' },
  { code: 'TTT', nameVi: 'Tân Thuận Tây', nameEn: 'Tan Thuan Tay' },
  { code: 'TKG', nameVi: 'Tân Kiểng', nameEn: 'Tan Kieng' },
  { code: 'THG', nameVi: 'Tân Hưng', nameEn: 'Tan Hung' },
  { code: 'BTH', nameVi: 'Bình Thuận', nameEn: 'Binh Thuan' },
  { code: 'TQY', nameVi: 'Tân Quy', nameEn: 'Tan Quy' },
  { code: 'PTH', nameVi: 'Phú Thuận', nameEn: 'Phu Thuan' },
  { code: 'TPU', nameVi: 'Tân Phú', nameEn: 'Tan Phu' },
  { code: 'TPG', nameVi: 'Tân Phong', nameEn: 'Tan Phong' },
  { code: 'PMY', nameVi: 'Phú Mỹ', nameEn: 'Phu My' },
];

const DISTRICT_UNITS: readonly Unit[] = [
  { code: 'Q7.MC', nameVi: 'Bộ phận một cửa quận 7', nameEn: 'District 7 one-stop desk', level: 'district' },
  { code: 'Q7.VP', nameVi: 'Văn phòng HĐND và UBND quận 7', nameEn: 'Office of the District 7 People’s Council and People’s Committee', level: 'district' },
  { code: 'Q7.TP', nameVi: 'Phòng Tư pháp', nameEn: 'Justice Division', level: 'district' },
  { code: 'Q7.TCKH', nameVi: 'Phòng Tài chính – Kế hoạch', nameEn: 'Finance and Planning Division', level: 'district' },
  { code: 'Q7.QLDT', nameVi: 'Phòng Quản lý đô thị', nameEn: 'Urban Management Division', level: 'district' },
  { code: 'Q7.TNMT', nameVi: 'Phòng Tài nguyên và Môi trường', nameEn: 'Natural Resources and Environment Division', level: 'district' },
  { code: 'Q7.KT', nameVi: 'Phòng Kinh tế', nameEn: 'Economic Division', level: 'district' },
  { code: 'Q7.VHTT', nameVi: 'Phòng Văn hóa và Thông tin', nameEn: 'Culture and Information Division', level: 'district' },
  { code: 'Q7.GDDT', nameVi: 'Phòng Giáo dục và Đào tạo', nameEn: 'Education and Training Division', level: 'district' },
  { code: 'Q7.LDTBXH', nameVi: 'Phòng Lao động – Thương binh và Xã hội', nameEn: 'Labour, Invalids and Social Affairs Division', level: 'district' },
  { code: 'Q7.YT', nameVi: 'Phòng Y tế', nameEn: 'Health Division', level: 'district' },
  { code: 'Q7.NV', nameVi: 'Phòng Nội vụ', nameEn: 'Home Affairs Division', level: 'district' },
  // Vertical agencies located in the district (liên thông partners, plan §3.7).
  { code: 'Q7.VPDKDD', nameVi: 'Chi nhánh Văn phòng đăng ký đất đai quận 7', nameEn: 'District 7 branch of the Land Registration Office', level: 'agency' },
  { code: 'Q7.THUE', nameVi: 'Chi cục Thuế quận 7', nameEn: 'District 7 Tax Department', level: 'agency' },
  { code: 'Q7.CA', nameVi: 'Công an quận 7', nameEn: 'District 7 Police', level: 'agency' },
];

function wardUnits(ward: Ward): Unit[] {
  return [
    { code: `P.${ward.code}`, nameVi: `UBND phường ${ward.nameVi}`, nameEn: `${ward.nameEn} Ward People’s Committee`, level: 'ward', ward: ward.code },
    { code: `P.${ward.code}.MC`, nameVi: `Bộ phận một cửa phường ${ward.nameVi}`, nameEn: `${ward.nameEn} Ward one-stop desk`, level: 'ward', ward: ward.code },
  ];
}

export const UNITS: readonly Unit[] = [...DISTRICT_UNITS, ...WARDS.flatMap(wardUnits)];

const UNITS_BY_CODE: ReadonlyMap<string, Unit> = new Map(UNITS.map((unit) => [unit.code, unit]));

/** Ward roles a definition may name; each resolves to one unit of the case's ward. */
export const WARD_ROLES = {
  'ward:committee': { suffix: '', labelVi: 'UBND phường (nơi nộp hồ sơ)', labelEn: 'Ward People’s Committee (of the case)' },
  'ward:desk': { suffix: '.MC', labelVi: 'Bộ phận một cửa phường', labelEn: 'Ward one-stop desk (of the case)' },
} as const;

export type WardRole = keyof typeof WARD_ROLES;

export function isWardRole(unit: string): unit is WardRole {
  return Object.hasOwn(WARD_ROLES, unit);
}

export function findUnit(code: string): Unit | undefined {
  return UNITS_BY_CODE.get(code);
}

export function findWard(code: string): Ward | undefined {
  return WARDS.find((ward) => ward.code === code);
}

/** A concrete unit code or a ward role token: what a definition may name. */
export function isKnownUnitOrRole(unit: string): boolean {
  return isWardRole(unit) || UNITS_BY_CODE.has(unit);
}

export type ResolveUnitResult =
  | { ok: true; unit: Unit }
  | { ok: false; code: 'PROC_UNKNOWN_UNIT' | 'PROC_UNKNOWN_WARD' | 'PROC_WARD_REQUIRED'; message: string };

/**
 * Turns a compiled `StateInfo.unit` into a concrete unit for one case.
 * @example resolveUnit('ward:desk', 'TTD') // → { ok: true, unit: { code: 'P.TTD.MC', … } }
 * @example resolveUnit('Q7.TCKH')          // → Phòng Tài chính – Kế hoạch (ward not needed)
 */
export function resolveUnit(unit: string, wardCode?: string): ResolveUnitResult {
  if (!isWardRole(unit)) {
    const found = findUnit(unit);
    return found ? { ok: true, unit: found } : { ok: false, code: 'PROC_UNKNOWN_UNIT', message: `unknown unit ${unit}` };
  }
  if (wardCode === undefined) {
    return { ok: false, code: 'PROC_WARD_REQUIRED', message: `unit role ${unit} needs the case's ward` };
  }
  const concrete = findUnit(`P.${wardCode}${WARD_ROLES[unit].suffix}`);
  return concrete ? { ok: true, unit: concrete } : { ok: false, code: 'PROC_UNKNOWN_WARD', message: `unknown ward ${wardCode}` };
}

/**
 * What a unit does, which decides the roles that act there: one-stop desks receive and return
 * (desk officers), ward People's Committees work and sign at the ward (ward officers, the chair),
 * district divisions and agencies appraise and sign (specialists, heads).
 */
export type UnitKind = 'desk' | 'ward_committee' | 'office';

export function unitKind(unit: Pick<Unit, 'code' | 'level'>): UnitKind {
  if (unit.code.endsWith('.MC')) return 'desk';
  return unit.level === 'ward' ? 'ward_committee' : 'office';
}
