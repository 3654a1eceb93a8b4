/**
 * The administrator's accounts page: the new-account form checked field by field (reasons in
 * Vietnamese and English) and the accounts grouped by unit. Pure: the page creates only what
 * this returns as valid, through the same functions as `motcua users`.
 */
import { accountNameSchema, type AccountSummary } from '../../auth/accounts.js';
import { isStaffRole, staffRoleLabels, staffRoles, type StaffRole } from '../../cases/actor.js';
import { overseeingRoles, roleFitsUnit, unitRoles } from '../../cases/authorization.js';
import type { UnitKind } from '../../procedures/units.js';
import { pick, translator, type Language, type MessageKey } from '../i18n/messages.js';

export const newAccountFields = ['account', 'name', 'unit', 'role'] as const;
export type NewAccountField = (typeof newAccountFields)[number];
export type NewAccountValues = Partial<Record<NewAccountField, string>>;

export interface AdminFieldError {
  field: NewAccountField;
  vi: string;
  en: string;
}

export interface UnitRow {
  code: string;
  nameVi: string;
  nameEn: string;
  kind: UnitKind;
}

/** A field error in both languages from one message key. */
export function fieldError(field: NewAccountField, key: MessageKey, params?: Record<string, string | number>): AdminFieldError {
  return { field, vi: translator('vi')(key, params), en: translator('en')(key, params) };
}

export function validateNewAccount(
  values: NewAccountValues,
  units: readonly UnitRow[],
): { ok: true; account: { account: string; name: string; unit: string; role: StaffRole } } | { ok: false; errors: AdminFieldError[] } {
  const errors: AdminFieldError[] = [];
  const text = (field: NewAccountField) => (values[field] ?? '').trim();
  const account = accountNameSchema.safeParse(text('account'));
  if (!account.success) errors.push(fieldError('account', text('account') ? 'field.account' : 'field.required'));
  const name = text('name');
  if (!name) errors.push(fieldError('name', 'field.required'));
  else if (name.length > 200) errors.push(fieldError('name', 'field.tooLong', { max: 200 }));
  const unit = units.find((u) => u.code === text('unit'));
  if (!unit) errors.push(fieldError('unit', 'field.unit'));
  const role = text('role');
  if (!isStaffRole(role)) errors.push(fieldError('role', 'field.role'));
  else if (unit && !roleFitsUnit(role, unit.kind)) {
    errors.push(fieldError('role', 'field.roleUnfit', { roles: [...unitRoles[unit.kind].work, ...overseeingRoles].join(', ') }));
  }
  if (errors.length > 0 || !account.success || !unit || !isStaffRole(role)) return { ok: false, errors };
  return { ok: true, account: { account: account.data, name, unit: unit.code, role } };
}

export interface AccountGroup {
  unit: string;
  unitName: string;
  accounts: Array<AccountSummary & { roleLabel: string }>;
}

/** Accounts by unit, in the units' order; a unit filter keeps one group even when it is empty. */
export function accountsByUnit(lang: Language, accounts: readonly AccountSummary[], units: readonly UnitRow[], unitFilter: string | undefined): AccountGroup[] {
  return units
    .filter((u) => (unitFilter ? u.code === unitFilter : accounts.some((a) => a.unit === u.code)))
    .map((u) => ({
      unit: u.code,
      unitName: pick(lang, { vi: u.nameVi, en: u.nameEn }),
      accounts: accounts.filter((a) => a.unit === u.code).map((a) => ({ ...a, roleLabel: pick(lang, staffRoleLabels[a.role]) })),
    }));
}

export function roleOptions(lang: Language, selected: string | undefined) {
  return staffRoles.map((role) => ({ value: role, label: `${pick(lang, staffRoleLabels[role])} (${role})`, selected: role === selected }));
}
