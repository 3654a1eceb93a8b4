/** How the metrics pages print rates and working days, by language (98,5 % in Vietnamese, 98.5% in English). Pure. */
import type { Language } from '../i18n/messages.js';

const percent: Record<Language, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
};
const decimal: Record<Language, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};

export function formatRate(rate: number | null, lang: Language): string {
  return rate === null ? '—' : percent[lang].format(rate);
}

export function formatNumber(value: number | null, lang: Language): string {
  return value === null ? '—' : decimal[lang].format(value);
}

/** A rate for CSV: a plain decimal fraction with four places, empty when there is no denominator. */
export function csvRate(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 10000) / 10000;
}
