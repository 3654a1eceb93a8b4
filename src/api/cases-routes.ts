import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CaseService } from '../engine/case-service.js';
import {
  actionBodySchema,
  caseCodeParamsSchema,
  caseDetailsResponseSchema,
  caseViewResponseSchema,
  errorResponseSchema,
  submitCaseBodySchema,
} from './schemas.js';

/** Hồ sơ: submit, look up, act. Translates HTTP to the case service's commands, nothing more. */
export const casesRoutes: FastifyPluginAsync<{ cases: CaseService }> = async (app, { cases }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/cases', {
    schema: {
      tags: ['cases'],
      summary: 'Nộp hồ sơ / Submit a dossier',
      body: submitCaseBodySchema,
      response: { 201: caseViewResponseSchema, 400: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (request, reply) => reply.code(201).send(await cases.submit(request.body)),
  });

  api.get('/api/cases/:code', {
    schema: {
      tags: ['cases'],
      summary: 'Tra cứu hồ sơ / Case state, deadline, events and allowed actions',
      params: caseCodeParamsSchema,
      response: { 200: caseDetailsResponseSchema, 404: errorResponseSchema },
    },
    handler: async (request) => cases.details(request.params.code),
  });

  api.post('/api/cases/:code/actions', {
    schema: {
      tags: ['cases'],
      summary: 'Xử lý hồ sơ / Perform an action on a case',
      params: caseCodeParamsSchema,
      body: actionBodySchema,
      response: {
        200: caseViewResponseSchema,
        400: errorResponseSchema,
        403: errorResponseSchema,
        404: errorResponseSchema,
        409: errorResponseSchema,
      },
    },
    handler: async (request) => {
      const { idempotencyKey, ...action } = request.body;
      return cases.act(request.params.code, action, idempotencyKey);
    },
  });
};
