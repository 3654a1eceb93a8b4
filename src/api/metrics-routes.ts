/**
 * Metrics over HTTP: figures with both on-time rates labelled, the overdue audit, satisfaction
 * rates, and the public rating submission (dossier code + the code printed on the receipt).
 * Only translates HTTP to the metrics module's queries.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MotcuaError } from '../errors.js';
import { dimensions } from '../metrics/figures.js';
import { queryAudit, queryFigures } from '../metrics/metrics-queries.js';
import { granularities } from '../metrics/periods.js';
import { querySatisfaction, ratingSchema, submitRating } from '../metrics/satisfaction.js';
import type { MotcuaDb } from '../store/database.js';
import { errorResponseSchema, storableDaySchema } from './schemas.js';

// A shape-only check let from=0000-00-00 reach PostgreSQL (500, a fuzz finding): real, storable days only.
const day = storableDaySchema;

/** Labels of the two on-time rates, carried in every figures answer. */
export const onTimeRateLabels = {
  onTimeRateNd61: {
    vi: 'Tỷ lệ đúng hạn theo Nghị định 61 (Điều 30.2c): hồ sơ tiếp nhận trong kỳ đã giải quyết đúng hạn ÷ hồ sơ tiếp nhận',
    en: 'On-time rate, Decree 61 Art. 30.2c: dossiers received in the period resolved in time ÷ dossiers received',
  },
  onTimeRatePlan: {
    vi: 'Tỷ lệ đúng hạn theo Kế hoạch 1081/KH-UBND (§2.4a): (trước hạn + đúng hạn) ÷ hồ sơ đã giải quyết trong kỳ',
    en: 'On-time rate, plan 1081/KH-UBND §2.4a: (early + on time) ÷ dossiers resolved in the period',
  },
} as const;

export interface MetricsRoutesOptions {
  db: MotcuaDb;
  /** Secret of the receipt's rating codes; absent → every rating is refused. */
  ratingSecret: string | undefined;
  now?: () => Date;
}

export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (app, { db, ratingSecret, now = () => new Date() }) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/api/metrics/figures', {
    schema: {
      tags: ['metrics'],
      summary: 'Chỉ số theo nhóm và kỳ / Figures by group and period',
      querystring: z.object({
        by: z.enum(dimensions).optional(),
        granularity: z.enum(granularities).default('month'),
        from: day.optional(),
        to: day.optional(),
        unit: z.string().optional(),
        field: z.string().optional(),
        procedure: z.string().optional(),
      }),
      response: { 200: z.unknown(), 400: errorResponseSchema },
    },
    handler: async (request) => {
      const { by, granularity, from, to, unit, field, procedure } = request.query;
      const rows = await queryFigures(db, { by: by ?? null, granularity, from, to, filter: { unit, field, procedure } });
      return { labels: onTimeRateLabels, rows };
    },
  });
  routes.get('/api/metrics/audit', {
    schema: {
      tags: ['metrics'],
      summary: 'Hồ sơ quá hạn, trễ hạn / Overdue and late cases',
      querystring: z.object({
        unit: z.string().optional(),
        field: z.string().optional(),
        from: day.optional(),
        to: day.optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        offset: z.coerce.number().int().min(0).default(0),
      }),
      response: { 200: z.unknown(), 400: errorResponseSchema },
    },
    handler: async (request) => ({ rows: await queryAudit(db, request.query) }),
  });
  routes.get('/api/metrics/satisfaction', {
    schema: {
      tags: ['metrics'],
      summary: 'Tỷ lệ hài lòng / Satisfaction rates',
      querystring: z.object({ by: z.enum(['unit', 'field']).default('unit'), from: day.optional(), to: day.optional() }),
      response: { 200: z.unknown(), 400: errorResponseSchema },
    },
    handler: async (request) => ({ rows: await querySatisfaction(db, request.query.by, request.query) }),
  });
  routes.post('/api/ratings', {
    schema: {
      tags: ['metrics'],
      summary: 'Đánh giá sự hài lòng (công khai) / Rate a case (public)',
      body: ratingSchema,
      response: { 201: z.object({ satisfied: z.boolean() }), 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (request, reply) => {
      if (!ratingSecret) throw new MotcuaError('RATING_TOKEN_INVALID', { caseCode: request.body.caseCode });
      const result = await submitRating(db, request.body, ratingSecret, now());
      return reply.code(201).send(result);
    },
  });
};
