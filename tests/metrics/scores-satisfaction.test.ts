import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendar, defaultCalendarData } from '../../src/calendar/index.js';
import { caseFacts } from '../../src/metrics/case-facts.js';
import { appendCaseEventsWithMetrics } from '../../src/metrics/metrics-store.js';
import { querySatisfaction, ratingToken, submitRating, type Rating } from '../../src/metrics/satisfaction.js';
import { index2, index9, unitGrade, unitScore } from '../../src/metrics/scores.js';
import { createTestDatabase, storageKinds, type TestDatabase } from '../support/services.js';
import { batchesOf, drive, metricProcedures, scripts, type Script } from './scenarios.js';

const allFacts = (Object.values(scripts) as Script[]).map((s) => caseFacts(drive(s), metricProcedures.get(s.procedureCode)!, defaultCalendar)!);

describe('Circular 01/2018 scores (by hand over the nine cases)', () => {
  it('scores the desk Q7.MC: indices 1, 2, 3 per dossier or step, 9 per unit, and grades the total', () => {
    const score = unitScore('Q7.MC', allFacts, { eligibleProcedures: 10, onlineProcedures: 5 });
    expect(score.dossiers).toBe(5); // A on time, B early, C late, D late, I early
    expect(score.index1).toBe(1); // (1 + 2 + 0 + 0 + 2) ÷ 5
    expect(score.index2).toBe(1.6); // 22 points over 14 budgeted steps = 1.57
    expect(score.index3).toBe(1.8); // C needed one supplement: (2 + 2 + 1 + 2 + 2) ÷ 5
    expect(score.index9).toBe(0); // 1 online of 8 received = 12.5% < 15%
    expect(score.total).toBe(4.4);
    expect(score.grade).toBe('weak');
  });

  it('compares a step with its budget on both sides of equal', () => {
    expect([index2(959, 960), index2(960, 960), index2(961, 960), index2(10, null)]).toEqual([2, 1, 0, null]);
  });

  it('gives index 9 its thresholds: 30% online and 20% of procedures for 2, 15% for 1, none late', () => {
    const base = { eligibleProcedures: 10, onlineProcedures: 2, dossiers: 1000, onlineLateOrOverdue: 0 };
    expect(index9({ ...base, onlineDossiers: 300 })).toBe(2);
    expect(index9({ ...base, onlineDossiers: 299 })).toBe(1);
    expect(index9({ ...base, onlineProcedures: 1, onlineDossiers: 300 })).toBe(1); // 10% of procedures offered
    expect(index9({ ...base, onlineDossiers: 150 })).toBe(1);
    expect(index9({ ...base, onlineDossiers: 149 })).toBe(0);
    expect(index9({ ...base, onlineDossiers: 300, onlineLateOrOverdue: 1 })).toBe(0);
  });

  it('grades units at the edges of TT01 Art. 15.3b', () => {
    expect([15, 14.9, 12, 11.9, 9, 8.9, 6, 5.9].map(unitGrade)).toEqual(['excellent', 'good', 'good', 'fair', 'fair', 'average', 'average', 'weak']);
  });
});

const secret = 'test-secret';
const allSatisfied = { time: 'satisfied', agencies: 'satisfied', visits: 'satisfied', publicity: 'acceptable', attitude: 'satisfied', legalityAndCost: 'satisfied' } as const;

describe.each(storageKinds)('satisfaction ratings on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    for (const script of [scripts.onTimeAcrossMonths, scripts.earlyOnline, scripts.consultation, scripts.openInTime] as Script[]) {
      for (const batch of batchesOf(script)) {
        await appendCaseEventsWithMetrics(database.db, batch.events, batch.projection, { procedures: metricProcedures, calendar: defaultCalendarData });
      }
    }
  }, 180_000);
  afterAll(async () => {
    await database?.close();
  });

  const rating = (caseCode: string, scores: Rating['scores'] = allSatisfied): Rating => ({ caseCode, token: ratingToken(secret, caseCode), scores });
  const now = new Date('2021-04-06T03:00:00Z');

  it('takes one rating per returned case, refuses a wrong code, an unreturned case and a second rating', async () => {
    const { db } = database;
    await expect(submitRating(db, { ...rating('A-ONTIME'), token: 'WRONGWRONG' }, secret, now)).rejects.toMatchObject({ code: 'RATING_TOKEN_INVALID' });
    await expect(submitRating(db, rating('G-OPEN'), secret, now)).rejects.toMatchObject({ code: 'RATING_NOT_YET_ALLOWED' });
    await expect(submitRating(db, rating('I-CONSULT'), secret, now)).rejects.toMatchObject({ code: 'RATING_NOT_YET_ALLOWED' }); // resolved, not yet returned
    await expect(submitRating(db, rating('A-ONTIME'), secret, now)).resolves.toEqual({ satisfied: true });
    await expect(submitRating(db, rating('A-ONTIME'), secret, now)).rejects.toMatchObject({ code: 'RATING_ALREADY_GIVEN' });
    await expect(submitRating(db, rating('B-EARLY', { ...allSatisfied, attitude: 'dissatisfied' }), secret, now)).resolves.toEqual({ satisfied: false });
    const rates = await querySatisfaction(db, 'unit');
    expect(rates).toEqual([{ group: 'Q7.MC', ratings: 2, satisfied: 1, rate: 0.5 }]);
    expect(await querySatisfaction(db, 'field', { from: '2021-04-07' })).toEqual([]);
  });
});
