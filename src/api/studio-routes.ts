import { procedureCodePattern } from '../procedures/definition-schema.js';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MotcuaError } from '../errors.js';
import type { StudioActor, StudioService } from '../studio/studio-service.js';
import { MAX_RUNS, requireDesigner } from '../studio/studio-service.js';
import { errorResponseSchema, storableDaySchema } from './schemas.js';

const codeParams = z.object({ code: z.string().regex(procedureCodePattern, 'procedure code, e.g. D7-HKD-01') });
const day = storableDaySchema;
const runs = z.coerce.number().int().min(1).max(MAX_RUNS).optional();
const seed = z.coerce.number().int().min(0).optional();

/** The signed-in person, set by the auth plugin (absent until it is registered: then nobody may write). */
const actorOf = (request: FastifyRequest): StudioActor | null => (request as FastifyRequest & { identity?: StudioActor | null }).identity ?? null;

/** The process designers' studio over HTTP: each route translates to one studio command. */
export const studioRoutes: FastifyPluginAsync<{ studio: StudioService }> = async (app, { studio }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['studio'];
  // The event log names accounts and cases, drafts are unpublished law: the studio is for its designers, as its pages are.
  app.addHook('preHandler', async (request) => {
    if (!actorOf(request)) throw new MotcuaError('AUTH_REQUIRED');
    requireDesigner(actorOf(request), 'dùng xưởng thiết kế / use the studio');
  });
  const refusals = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema };

  api.get('/api/studio/export', {
    schema: {
      tags,
      summary: 'Xuất nhật ký sự kiện / Event log as IEEE XES or OCEL 2.0 JSON',
      querystring: z.object({ format: z.enum(['xes', 'ocel']), procedure: z.string().optional(), from: day.optional(), to: day.optional() }),
      // The log is XML or JSON, refusals are JSON: both media types, every status in the document.
      produces: ['application/xml', 'application/json'],
      response: { 200: z.unknown().describe('XES (application/xml) or OCEL 2.0 (application/json)'), ...refusals },
    },
    handler: async (request, reply) => {
      const { format, procedure, from, to } = request.query;
      const text = await studio.exportLog(format, { procedureCode: procedure, from: from && `${from}T00:00:00+07:00`, to: to && `${to}T00:00:00+07:00` });
      const name = `motcua-${procedure ?? 'all'}.${format === 'xes' ? 'xes' : 'jsonocel'}`;
      return reply
        .type(format === 'xes' ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(text);
    },
  });

  api.get('/api/studio/procedures/:code/mining', {
    schema: { tags, summary: 'Khai phá quy trình / Variants, rework loops, time lost per step', params: codeParams, response: { 200: z.unknown(), ...refusals } },
    handler: async (request) => studio.mine(request.params.code),
  });

  api.post('/api/studio/procedures/:code/simulate', {
    schema: {
      tags,
      summary: 'Mô phỏng / Monte-Carlo prediction of a version or a draft',
      params: codeParams,
      body: z.object({ version: z.string().optional(), yaml: z.string().optional(), runs, seed, from: day.optional() }),
      response: { 200: z.unknown(), ...refusals, 404: errorResponseSchema },
    },
    handler: async (request) => studio.simulate(request.params.code, request.body),
  });

  api.post('/api/studio/procedures/:code/compare', {
    schema: {
      tags,
      summary: 'So sánh hai phiên bản / Compare two versions (or a draft) with predictions',
      params: codeParams,
      body: z.object({ before: z.string().optional(), after: z.string().optional(), afterYaml: z.string().optional(), runs, seed, from: day.optional() }),
      response: { 200: z.unknown(), ...refusals, 404: errorResponseSchema },
    },
    handler: async (request) => studio.compare(request.params.code, request.body),
  });

  api.get('/api/studio/procedures/:code/diagram.svg', {
    schema: {
      tags,
      summary: 'Sơ đồ / Diagram (SVG) with open cases per state',
      params: codeParams,
      querystring: z.object({ version: z.string().optional() }),
      produces: ['image/svg+xml', 'application/json'],
      response: { 200: z.unknown().describe('SVG'), ...refusals, 404: errorResponseSchema },
    },
    handler: async (request, reply) => reply.type('image/svg+xml; charset=utf-8').send(await studio.diagram(request.params.code, request.query.version)),
  });

  api.get('/api/studio/procedures/:code/draft', {
    schema: { tags, summary: 'Bản nháp / The saved draft', params: codeParams, response: { 200: z.unknown(), ...refusals, 404: errorResponseSchema } },
    handler: async (request) => {
      const draft = await studio.draft(request.params.code);
      if (!draft) throw new MotcuaError('STUDIO_NO_DRAFT', { procedureCode: request.params.code });
      return { ...draft, check: studio.checkDraft(request.params.code, draft.definitionYaml) };
    },
  });

  api.post('/api/studio/procedures/:code/draft/check', {
    schema: { tags, summary: 'Kiểm tra bản nháp / Validate a draft (file/path errors)', params: codeParams, body: z.object({ yaml: z.string() }), response: { 200: z.unknown(), ...refusals } },
    handler: async (request) => studio.checkDraft(request.params.code, request.body.yaml),
  });

  api.put('/api/studio/procedures/:code/draft', {
    schema: { tags, summary: 'Lưu bản nháp / Save a draft (designers)', params: codeParams, body: z.object({ yaml: z.string() }), response: { 200: z.unknown(), ...refusals } },
    handler: async (request) => studio.saveDraft(actorOf(request), request.params.code, request.body.yaml),
  });

  api.get('/api/studio/procedures/:code/publications', {
    schema: { tags, summary: 'Lịch sử công bố / Publications, newest first (the audit trail)', params: codeParams, response: { 200: z.unknown(), ...refusals } },
    handler: async (request) => (await studio.publications(request.params.code)).map(({ compiled: _compiled, ...rest }) => rest),
  });

  api.post('/api/studio/procedures/:code/publications', {
    schema: {
      tags,
      summary: 'Công bố / Publish a draft (designers and administrators)',
      params: codeParams,
      body: z.object({ yaml: z.string().optional(), reason: z.string() }),
      // 404: no saved draft to publish (STUDIO_NO_DRAFT).
      response: { 201: z.unknown(), ...refusals, 404: errorResponseSchema },
    },
    handler: async (request, reply) => {
      const { compiled: _compiled, ...publication } = await studio.publish(actorOf(request), request.params.code, request.body);
      return reply.code(201).send(publication);
    },
  });

  api.post('/api/studio/procedures/:code/publications/:id/republish', {
    schema: {
      tags,
      summary: 'Khôi phục / Roll back: publish an earlier publication again',
      params: codeParams.extend({ id: z.coerce.number().int().min(1) }),
      body: z.object({ reason: z.string() }),
      response: { 201: z.unknown(), ...refusals, 404: errorResponseSchema },
    },
    handler: async (request, reply) => {
      const { compiled: _compiled, ...publication } = await studio.rollback(actorOf(request), request.params.code, request.params.id, request.body.reason);
      return reply.code(201).send(publication);
    },
  });
};
