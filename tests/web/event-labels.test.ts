/** The case page names every event type the rules can record, in both languages (a missing key throws). */
import { describe, expect, it } from 'vitest';
import { caseEventTypes } from '../../src/cases/case-event.js';
import { languages, translator, type MessageKey } from '../../src/web/i18n/messages.js';

describe('event labels', () => {
  it.each(languages)('every case event type has a %s label', (lang) => {
    const t = translator(lang);
    const missing = caseEventTypes.filter((type) => {
      try {
        return t(`event.${type}` as MessageKey).length === 0;
      } catch {
        return true;
      }
    });
    expect(missing).toEqual([]);
  });

  it('the period events read as the law says', () => {
    expect(translator('vi')('event.period_started')).toContain('thụ lý');
    expect(translator('en')('event.period_started')).toContain('acceptance');
  });
});
