import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CaseService } from '../engine/case-service.js';
import { requireIdentity } from './auth-plugin.js';
import {
  actionBodySchema,
  caseCodeParamsSchema,
  caseDetailsResponseSchema,
  caseViewResponseSchema,
  errorResponseSchema,
  submitCaseBodySchema,
} from './schemas.js';

/**
 * Hồ sơ: submit, look up, act, as the signed-in account (401 without one). Translates HTTP to the
 * case service's commands, nothing more; who may do what is decided by src/cases/authorization.ts.
 */
export const casesRoutes: FastifyPluginAsync<{ cases: CaseService }> = async (app, { cases }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/cases', {
    schema: {
      tags: ['cases'],
      summary: 'Nộp hồ sơ / Submit a dossier',
      body: submitCaseBodySchema,
      response: { 201: caseViewResponseSchema, 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (request, reply) => reply.code(201).send(await cases.submitAs(requireIdentity(request), request.body)),
  });

  api.get('/api/cases/:code', {
    schema: {
      tags: ['cases'],
      summary: 'Tra cứu hồ sơ / Case state, deadline, events and allowed actions',
      params: caseCodeParamsSchema,
      response: { 200: caseDetailsResponseSchema, 400: errorResponseSchema, 401: errorResponseSchema, 404: errorResponseSchema },
    },
    handler: async (request) => cases.detailsFor(requireIdentity(request), request.params.code),
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
        401: errorResponseSchema,
        403: errorResponseSchema,
        404: errorResponseSchema,
        409: errorResponseSchema,
      },
    },
    handler: async (request) => {
      const identity = requireIdentity(request);
      const { idempotencyKey, ...action } = request.body;
      return cases.actAs(identity, request.params.code, action, idempotencyKey);
    },
  });
};
