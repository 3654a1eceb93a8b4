/** Page text by language: Vietnamese first, English second, the same keys (like the error registry). */
import { en } from './en.js';
import { vi, type MessageKey } from './vi.js';

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];
export type { MessageKey };

const catalogues: Record<Language, Record<MessageKey, string>> = { vi, en };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** t('queue.shown', { shown: 3, total: 9 }) → 'Hiển thị 3 trên 9 hồ sơ'. */
export function translator(lang: Language): Translate {
  const catalogue = catalogues[lang];
  return (key, params = {}) => catalogue[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A label given in both languages by the data (procedures, units, states). */
export function pick(lang: Language, labels: { vi: string; en: string }): string {
  return lang === 'en' ? labels.en : labels.vi;
}
