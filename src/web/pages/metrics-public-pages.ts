import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { describeError, MotcuaError } from '../../errors.js';
import { queryFigures } from '../../metrics/metrics-queries.js';
import { queryPublicStatus, querySatisfactionGroups } from '../../metrics/page-queries.js';
import { localDay } from '../../metrics/periods.js';
import { ratingCriteria, ratingSchema, submitRating } from '../../metrics/satisfaction.js';
import { rateChartSvg } from '../charts.js';
import { csvContentType, toCsv } from '../csv.js';
import type { MetricsPageDeps } from '../metrics-pages.js';
import { tableCsvRows } from '../metrics/metric-tables.js';
import { lookupModel, publicUnitModel } from '../metrics/public-model.js';
import { ratingModel } from '../metrics/rating-model.js';
import { renderError, renderPageNotFound } from '../page-errors.js';
import { receivingUnitsOf } from './metrics-staff-pages.js';

const unitParams = z.object({ unit: z.string().max(20) });
const unitQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  format: z.enum(['html', 'csv']).default('html'),
  table: z.enum(['fields', 'months']).default('months'),
  lang: z.string().optional(),
});
const caseCode = z.string().trim().min(1).max(64);
const lookupQuery = z.object({ code: z.preprocess((v) => (v === '' ? undefined : v), caseCode.optional()), lang: z.string().optional() });
const ratingParams = z.object({ code: caseCode });
const ratingQuery = z.object({ ma: z.string().max(64).optional(), lang: z.string().optional() });

/** The citizens' pages: no sign-in, no personal data. */
export const metricsPublicPages: FastifyPluginAsync<MetricsPageDeps> = async (app, deps) => {
  const receivingUnits = receivingUnitsOf(deps.units);
  // Errors of these routes (the limiter's 429 among them) are pages, not JSON.
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof MotcuaError) return renderError(reply, error.code, error.params);
    if (error instanceof z.ZodError) return renderError(reply, 'REQUEST_INVALID', { detail: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    request.log.error({ err: error }, 'page error');
    return renderError(reply, 'INTERNAL');
  });
  await app.register(rateLimit, { global: false });

  app.get('/public/units/:unit', { schema: { hide: true } }, async (request, reply) => {
    const { unit } = unitParams.parse(request.params);
    if (!receivingUnits.includes(unit)) return renderPageNotFound(request, reply);
    const parsed = unitQuery.safeParse(request.query);
    if (!parsed.success) return renderError(reply, 'REQUEST_INVALID', { detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    const year = parsed.data.year ?? Number(localDay(deps.now()).slice(0, 4));
    const range = { from: `${year}-01-01`, to: `${year}-12-31` };
    const filter = { unit };
    const [byField, byMonth, satisfactionByField, satisfactionByMonth] = await Promise.all([
      queryFigures(deps.db, { by: 'field', granularity: 'year', ...range, filter, resolutionPercentiles: false }),
      queryFigures(deps.db, { by: null, granularity: 'month', ...range, filter, resolutionPercentiles: false }),
      querySatisfactionGroups(deps.db, { by: 'field', unit, ...range }),
      querySatisfactionGroups(deps.db, { by: 'month', unit, ...range }),
    ]);
    const model = publicUnitModel({ lang: request.lang, unit, year, byField, byMonth, satisfactionByField, satisfactionByMonth, procedures: deps.procedures, units: receivingUnits, directory: deps.units });
    if (parsed.data.format === 'csv') {
      const { header, rows } = tableCsvRows(model.tables.find((t) => t.id === parsed.data.table)!);
      return reply.header('content-type', csvContentType).header('content-disposition', `attachment; filename="${unit}-${year}-${parsed.data.table}.csv"`).send(toCsv(header, rows));
    }
    return reply.view('public-unit', { ...model, chartSvg: rateChartSvg(model.chart) });
  });

  const limit = deps.lookupLimit ?? { max: 30, windowMs: 60_000 };
  app.get('/tra-cuu', {
    schema: { hide: true },
    config: {
      rateLimit: {
        max: limit.max,
        timeWindow: limit.windowMs,
        // After the web stack's preHandler, so the 429 page has its language and labels.
        hook: 'preHandler',
        errorResponseBuilder: (_request, context) => new MotcuaError('LOOKUP_RATE_LIMITED', { retryAfter: context.after }),
      },
    },
    handler: async (request, reply) => {
      const parsed = lookupQuery.safeParse(request.query);
      if (!parsed.success) return renderError(reply, 'REQUEST_INVALID', { detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      const code = parsed.data.code;
      const status = code === undefined ? undefined : await queryPublicStatus(deps.db, code);
      const model = lookupModel(request.lang, code ?? '', status, deps.procedures);
      return reply.code(status === null ? 404 : 200).view('lookup', model);
    },
  });

  function renderRating(reply: FastifyReply, status: number, model: ReturnType<typeof ratingModel>) {
    return reply.code(status).view('rating', model);
  }

  app.get('/danh-gia/:code', { schema: { hide: true } }, async (request, reply) => {
    const { code } = ratingParams.parse(request.params);
    const query = ratingQuery.safeParse(request.query);
    return renderRating(reply, 200, ratingModel({ lang: request.lang, caseCode: code, token: query.success ? query.data.ma : undefined }));
  });

  app.post('/danh-gia/:code', { schema: { hide: true } }, async (request, reply) => {
    const { code } = ratingParams.parse(request.params);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
    const values = Object.fromEntries(ratingCriteria.map((c) => [c, text(c) ?? '']));
    const again = (status: number, error: { messageVi: string; message: string }) =>
      renderRating(reply, status, ratingModel({ lang: request.lang, caseCode: code, token: text('token'), values, comment: text('comment'), error }));
    const rating = ratingSchema.safeParse({ caseCode: code, token: text('token') ?? '', scores: values, comment: text('comment') || undefined });
    if (!rating.success) {
      const missing = rating.error.issues.map((i) => i.path.at(-1)).join(', ');
      return again(400, describeError('REQUEST_INVALID', { detail: missing }));
    }
    if (!deps.ratingSecret) return again(403, describeError('RATING_TOKEN_INVALID', { caseCode: code }));
    try {
      const recorded = await submitRating(deps.db, rating.data, deps.ratingSecret, deps.now());
      return renderRating(reply, 201, ratingModel({ lang: request.lang, caseCode: code, recorded }));
    } catch (error) {
      if (error instanceof MotcuaError) return again(error.status, describeError(error.code, error.params));
      throw error;
    }
  });
};
