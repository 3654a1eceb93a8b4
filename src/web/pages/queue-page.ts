import { procedureCodePattern } from '../../procedures/definition-schema.js';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { calendarOf } from '../../cases/case-rules.js';
import { queueCounts, queueFacets, queuePage, queueViews } from '../../store/queue-store.js';
import type { ConsolePageDeps } from '../console-deps.js';
import { renderError } from '../page-errors.js';
import { queueModel, queuePageSize } from '../view-models/queue-model.js';
import { queueClock } from '../view-models/working-time.js';
import { identityOf, loginRedirect } from '../web-plugin.js';

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const queueQuerySchema = z.object({
  view: z.enum(queueViews).default('all'),
  procedure: z.preprocess(blankToUndefined, z.string().regex(procedureCodePattern).optional()),
  ward: z.preprocess(blankToUndefined, z.string().regex(/^[A-Z0-9]{2,12}$/).optional()),
  q: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  lang: z.string().optional(),
});

/** GET /queue: the signed-in unit's open cases from the read model; htmx swaps only the results. */
export const queuePages: FastifyPluginAsync<ConsolePageDeps> = async (app, deps) => {
  app.get('/queue', { schema: { hide: true } }, async (request, reply) => {
    const identity = identityOf(request);
    if (!identity) return loginRedirect(request, reply);
    const parsed = queueQuerySchema.safeParse(request.query);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return renderError(reply, 'REQUEST_INVALID', { detail });
    }
    const { lang: _lang, ...request_ } = parsed.data;
    const now = deps.now();
    const calendar = calendarOf(deps.calendar());
    const clock = queueClock(calendar, now);
    const scope = { unit: identity.unit, procedure: request_.procedure, ward: request_.ward, search: request_.q };
    const [counts, rows, facets] = await Promise.all([
      queueCounts(deps.db, scope, clock),
      queuePage(deps.db, scope, request_.view, clock, { limit: queuePageSize, offset: (request_.page - 1) * queuePageSize }),
      queueFacets(deps.db, identity.unit),
    ]);
    const model = queueModel({ lang: request.lang, unit: identity.unit, request: request_, counts, rows, facets, procedures: deps.procedures, directory: deps.units, calendar, now });
    // htmx asks for the results only (filters, search): no layout, same markup.
    const partial = request.headers['hx-request'] === 'true';
    return reply.view(partial ? 'queue-results' : 'queue', { ...model, partial });
  });
};
