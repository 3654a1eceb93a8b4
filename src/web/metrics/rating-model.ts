/**
 * The rating kiosk (issue #12 item 4; NĐ61 Art. 31.1, TT01 Art. 12), pure: the criteria of the law
 * as the rating service models them, each with its three levels, and the outcome or the error of a
 * submission in the page's language (Vietnamese first, English beside it).
 */
import { ratingCriteria, ratingCriteriaLabels, ratingLevels } from '../../metrics/satisfaction.js';
import { pick, translator, type Language, type MessageKey } from '../i18n/messages.js';

export interface RatingModel {
  title: string;
  caseCode: string;
  token: string;
  criteria: Array<{ name: string; letter: string; label: string; levels: Array<{ value: string; label: string; checked: boolean }> }>;
  comment: string;
  error: { messageVi: string; message: string } | null;
  /** Set once the rating is recorded. */
  thanks: string | null;
}

/** NĐ61 Art. 31.1 points a)–e), in the service's order. */
const letters = ['a', 'b', 'c', 'd', 'đ', 'e'];

export function ratingModel(input: {
  lang: Language;
  caseCode: string;
  token?: string | undefined;
  values?: Record<string, string> | undefined;
  comment?: string | undefined;
  error?: { messageVi: string; message: string } | null;
  recorded?: { satisfied: boolean } | null;
}): RatingModel {
  const t = translator(input.lang);
  return {
    title: t('rating.title', { code: input.caseCode }),
    caseCode: input.caseCode,
    token: input.token ?? '',
    criteria: ratingCriteria.map((name, index) => ({
      name,
      letter: letters[index]!,
      label: pick(input.lang, ratingCriteriaLabels[name]),
      levels: ratingLevels.map((level) => ({ value: level, label: t(`rating.level.${level}` as MessageKey), checked: input.values?.[name] === level })),
    })),
    comment: input.comment ?? '',
    error: input.error ?? null,
    thanks: input.recorded ? t(input.recorded.satisfied ? 'rating.thanks.satisfied' : 'rating.thanks.dissatisfied') : null,
  };
}
