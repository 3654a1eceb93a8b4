/** How pages print instants: Vietnam time, day first (05/03/2026 17:00), from the calendar's one formatter. */
import { formatInstant } from '../../calendar/index.js';
import type { UnitDirectory } from '../../procedures/unit-directory.js';
import { pick, type Language } from '../i18n/messages.js';

export function formatDateTime(instant: Date | string | null | undefined): string {
  if (!instant) return '—';
  const text = formatInstant(new Date(instant)); // 2026-03-05T17:00:00+07:00
  return `${text.slice(8, 10)}/${text.slice(5, 7)}/${text.slice(0, 4)} ${text.slice(11, 16)}`;
}

export function formatDate(instant: Date | string | null | undefined): string {
  return formatDateTime(instant).slice(0, 10);
}

/** Parts of an instant as the forms print them: giờ … phút, ngày … tháng … năm …. */
export function instantParts(instant: Date | string) {
  const text = formatInstant(new Date(instant));
  return { hour: text.slice(11, 13), minute: text.slice(14, 16), day: text.slice(8, 10), month: text.slice(5, 7), year: text.slice(0, 4) };
}

/** A unit's name in the deployment's directory (AppDeps.units); its code when the directory does not know it. */
export function unitName(units: UnitDirectory, code: string, lang: Language): string {
  const unit = units.find(code);
  return unit ? pick(lang, { vi: unit.nameVi, en: unit.nameEn }) : code;
}

export function wardName(units: UnitDirectory, code: string | null | undefined, lang: Language): string {
  if (!code) return '—';
  const ward = units.ward(code);
  return ward ? pick(lang, { vi: ward.nameVi, en: ward.nameEn }) : code;
}
