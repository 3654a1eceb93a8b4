/**
 * Desk intake: which procedures a desk receives, and the intake form checked field by field with
 * reasons in Vietnamese and English. Pure: the page submits only what this returns as valid.
 */
import { randomUUID } from 'node:crypto';
import type { Channel } from '../../cases/case-rules.js';
import type { CompiledProcedure } from '../../procedures/compiled-procedure.js';
import type { DossierDocument } from '../../procedures/definition-schema.js';
import type { UnitDirectory } from '../../procedures/unit-directory.js';
import { isWardRole } from '../../procedures/units.js';
import { foldForSearch } from '../../store/search-text.js';
import { translator, type MessageKey } from '../i18n/messages.js';

export const intakeFields = ['procedureCode', 'channel', 'name', 'citizenId', 'phone', 'email', 'address', 'ward', 'documents', 'copies', 'idempotencyKey'] as const;
export type IntakeField = (typeof intakeFields)[number];
export type IntakeValues = Partial<Record<IntakeField, string>>;

export interface FieldError {
  field: IntakeField;
  vi: string;
  en: string;
}

/** A procedure needs a ward when its desk or one of its steps is a ward role. */
export function needsWard(procedure: CompiledProcedure): boolean {
  return [procedure.receivingUnit, ...Object.values(procedure.states).map((s) => s.unit)].some(isWardRole);
}

/** The procedures this desk receives: its own unit's, or the ward-desk procedures at the desk of a commune or ward. */
export function proceduresReceivedAt(unit: string, procedures: CompiledProcedure[], directory: UnitDirectory): CompiledProcedure[] {
  const ward = directory.find(unit)?.ward;
  return procedures.filter((p) => (ward ? p.receivingUnit === 'ward:desk' && directory.wardUnit('ward:desk', ward)?.code === unit : p.receivingUnit === unit));
}

/** Catalogue search by code or name (Vietnamese or English, with or without diacritics). */
export function searchProcedures(procedures: CompiledProcedure[], query: string | undefined): CompiledProcedure[] {
  const folded = query ? foldForSearch(query) : '';
  if (!folded) return procedures;
  return procedures.filter((p) => foldForSearch(`${p.code} ${p.nameVi} ${p.nameEn}`).includes(folded));
}

/** The key the intake form carries from its rendering: a double submit of one form makes one dossier. */
export function newIntakeKey(): string {
  return `intake:${randomUUID()}`;
}
const intakeKeyPattern = /^intake:[0-9a-f-]{36}$/;

/** The required components of a procedure's list that the received papers do not include. */
export function missingDocuments(listed: readonly DossierDocument[], received: readonly string[]): DossierDocument[] {
  const got = new Set(received.map((name) => name.trim().toLowerCase()));
  return listed.filter((d) => d.required && !got.has(d.nameVi.toLowerCase()));
}

export interface ValidIntake {
  idempotencyKey: string;
  procedureCode: string;
  channel: Channel;
  ward: string | undefined;
  applicant: {
    name: string;
    citizenId: string;
    phone: string;
    email?: string;
    address: string;
    ward: string | undefined;
    documents: string[];
    copies: number;
  };
}

const limits = { name: 200, address: 300, email: 200, documents: 2000 } as const;

/**
 * Checks the form. The desk's own ward is the case's ward at a ward desk; elsewhere a procedure
 * with ward steps needs the ward chosen.
 */
export function validateIntake(
  values: IntakeValues,
  deskUnit: string,
  procedures: CompiledProcedure[],
  directory: UnitDirectory,
  documentsOf: (code: string) => readonly DossierDocument[] = () => [],
): { ok: true; intake: ValidIntake } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const vi = translator('vi');
  const en = translator('en');
  const fail = (field: IntakeField, key: MessageKey, params?: Record<string, string | number>) =>
    errors.push({ field, vi: vi(key, params), en: en(key, params) });
  const text = (field: IntakeField) => (values[field] ?? '').trim();

  const procedure = proceduresReceivedAt(deskUnit, procedures, directory).find((p) => p.code === text('procedureCode'));
  if (!procedure) fail('procedureCode', 'field.procedure');
  const channel = text('channel') as Channel;
  if (!['desk', 'online', 'post'].includes(channel)) fail('channel', 'field.required');
  else if (procedure && !procedure.channels.includes(channel)) fail('channel', 'field.channel');

  const name = text('name');
  if (!name) fail('name', 'field.required');
  else if (name.length > limits.name) fail('name', 'field.tooLong', { max: limits.name });
  const citizenId = text('citizenId');
  if (!/^\d{12}$/.test(citizenId)) fail('citizenId', citizenId ? 'field.citizenId' : 'field.required');
  const phone = text('phone').replace(/[\s.-]/g, '');
  if (!/^0\d{9,10}$/.test(phone)) fail('phone', phone ? 'field.phone' : 'field.required');
  const email = text('email');
  if (email && (email.length > limits.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))) fail('email', 'field.email');
  const address = text('address');
  if (!address) fail('address', 'field.required');
  else if (address.length > limits.address) fail('address', 'field.tooLong', { max: limits.address });

  const deskWard = directory.find(deskUnit)?.ward ?? undefined;
  const ward = deskWard ?? (text('ward') || undefined);
  if (ward !== undefined && !directory.hasWard(ward)) fail('ward', 'field.ward');
  else if (!ward && procedure && needsWard(procedure)) fail('ward', 'field.ward');

  const documentsText = text('documents');
  const documents = documentsText.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  if (documents.length === 0) fail('documents', 'field.documents');
  else if (documentsText.length > limits.documents) fail('documents', 'field.tooLong', { max: limits.documents });
  else if (procedure) {
    // The desk receives only a complete dossier (NĐ 61/2018 Art. 17.1c; incomplete → guidance and form 02, Art. 17.1a).
    const missing = missingDocuments(documentsOf(procedure.code), documents);
    if (missing.length > 0) {
      errors.push({
        field: 'documents',
        vi: vi('field.documentsMissing', { names: missing.map((d) => d.nameVi).join('; ') }),
        en: en('field.documentsMissing', { names: missing.map((d) => d.nameEn).join('; ') }),
      });
    }
  }
  const copies = Number(text('copies') || '1');
  if (!Number.isInteger(copies) || copies < 1 || copies > 20) fail('copies', 'field.copies');

  const idempotencyKey = text('idempotencyKey');
  if (!intakeKeyPattern.test(idempotencyKey)) fail('idempotencyKey', 'field.idempotencyKey');

  if (errors.length > 0 || !procedure) return { ok: false, errors };
  return {
    ok: true,
    intake: {
      idempotencyKey,
      procedureCode: procedure.code,
      channel,
      ward: needsWard(procedure) ? ward : undefined,
      applicant: { name, citizenId, phone, ...(email ? { email } : {}), address, ward, documents, copies },
    },
  };
}
