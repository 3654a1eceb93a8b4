/**
 * Who acts on a case. The case rules receive an `Actor` as data and decide; they never read a
 * session. Pure module: safe to import from workflow code.
 */

/** Staff roles (vai trò). One account has one role in one unit. */
export const staffRoles = ['desk_officer', 'specialist', 'head', 'ward_officer', 'ward_chair', 'manager', 'designer', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const staffRoleLabels: Readonly<Record<StaffRole, { vi: string; en: string }>> = {
  desk_officer: { vi: 'Cán bộ một cửa', en: 'Desk officer' },
  specialist: { vi: 'Chuyên viên', en: 'Specialist' },
  head: { vi: 'Lãnh đạo phòng / đơn vị', en: 'Head of office' },
  ward_officer: { vi: 'Công chức phường', en: 'Ward officer' },
  ward_chair: { vi: 'Chủ tịch UBND phường', en: 'Ward chair' },
  manager: { vi: 'Lãnh đạo quận (xem tất cả)', en: 'Manager (reads everything)' },
  designer: { vi: 'Người thiết kế quy trình', en: 'Process designer' },
  admin: { vi: 'Quản trị hệ thống', en: 'Administrator' },
};

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (staffRoles as readonly string[]).includes(value);
}

/** Who is signed in (session cookie or bearer token). */
export interface Identity {
  account: string;
  name: string;
  unit: string;
  role: StaffRole;
}

/** Who performs an action: a staff member (as data, from the identity), the postal operator, or the workflow. */
export type Actor = { kind: 'staff'; account: string; unit: string; role: StaffRole } | { kind: 'post' } | { kind: 'system' };

export function staffActor(identity: Identity): Actor {
  return { kind: 'staff', account: identity.account, unit: identity.unit, role: identity.role };
}
