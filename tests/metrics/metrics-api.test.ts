import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../src/calendar/index.js';
import { installErrorHandler } from '../../src/api/error-handler.js';
import { metricsRoutes } from '../../src/api/metrics-routes.js';
import { appendCaseEventsWithMetrics } from '../../src/metrics/metrics-store.js';
import { ratingToken } from '../../src/metrics/satisfaction.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';
import { batchesOf, metricProcedures, scripts, type Script } from './scenarios.js';

const secret = 'a-rating-secret-for-tests';

describe('metrics API', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    for (const script of Object.values(scripts) as Script[]) {
      for (const batch of batchesOf(script)) {
        await appendCaseEventsWithMetrics(database.db, batch.events, batch.projection, { procedures: metricProcedures, calendar: defaultCalendarData });
      }
    }
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installErrorHandler(app);
    await app.register(metricsRoutes, { db: database.db, ratingSecret: secret, now: () => new Date('2021-04-06T03:00:00Z') });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('answers figures with both on-time rates and their labels', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/metrics/figures?granularity=month&from=2021-03-01&to=2021-03-31' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.labels.onTimeRateNd61.vi).toMatch(/Nghị định 61/);
    expect(body.labels.onTimeRatePlan.en).toMatch(/plan 1081/);
    expect(body.rows[0].rates).toMatchObject({ onTimeRateNd61: 3 / 8, onTimeRatePlan: 0.5 });
  });

  it('refuses a bad period with a clear error and lists the audit', async () => {
    const bad = await app.inject({ method: 'GET', url: '/api/metrics/figures?granularity=week' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('REQUEST_INVALID');
    // A day PostgreSQL cannot store (no year 0) is refused before any query (the fuzzer's 500s).
    for (const url of ['/api/metrics/figures?from=0000-00-00', '/api/metrics/audit?to=0000-00-00', '/api/metrics/satisfaction?from=2021-02-30']) {
      const refused = await app.inject({ method: 'GET', url });
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json().code, url).toBe('REQUEST_INVALID');
    }
    const audit = await app.inject({ method: 'GET', url: '/api/metrics/audit?unit=Q7.MC' });
    expect(audit.json().rows.map((r: { caseCode: string }) => r.caseCode)).toEqual(['H-OVERDUE', 'D-APOLOGY', 'C-SUPPLEMENT']);
  });

  it('takes a public rating with the receipt code, once', async () => {
    const scores = { time: 'satisfied', agencies: 'satisfied', visits: 'satisfied', publicity: 'satisfied', attitude: 'satisfied', legalityAndCost: 'satisfied' };
    const rate = (token: string) => app.inject({ method: 'POST', url: '/api/ratings', payload: { caseCode: 'B-EARLY', token, scores } });
    expect((await rate('AAAAAAAAAA')).json().code).toBe('RATING_TOKEN_INVALID');
    const first = await rate(ratingToken(secret, 'B-EARLY'));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ satisfied: true });
    expect((await rate(ratingToken(secret, 'B-EARLY'))).statusCode).toBe(409);
    const rates = await app.inject({ method: 'GET', url: '/api/metrics/satisfaction?by=field' });
    expect(rates.json().rows).toEqual([{ group: 'Thành lập và hoạt động của hộ kinh doanh', ratings: 1, satisfied: 1, rate: 1 }]);
  });
});
