import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CaseService } from '../engine/case-service.js';
import { MotcuaError } from '../errors.js';
import { caseViewResponseSchema, errorResponseSchema, postalEventBodySchema } from './schemas.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The postal operator's webhook (bưu chính công ích, QĐ45): delivery events for results sent by post.
 * Authenticated by the operator's bearer token, separate from staff access; without a configured
 * token the webhook refuses everything.
 */
export const postalRoutes: FastifyPluginAsync<{ cases: CaseService; token: string | undefined }> = async (app, { cases, token }) => {
  app.withTypeProvider<ZodTypeProvider>().post('/api/postal/events', {
    schema: {
      tags: ['postal'],
      summary: 'Sự kiện bưu chính / Postal delivery event (operator webhook)',
      body: postalEventBodySchema,
      response: { 200: caseViewResponseSchema, 401: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    onRequest: async (request) => {
      const header = request.headers.authorization ?? '';
      const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
      if (!token || !sameSecret(given, token)) throw new MotcuaError('POSTAL_UNAUTHORIZED');
    },
    handler: async (request) => {
      const { caseCode, event, eventId, note } = request.body;
      return cases.act(caseCode, { action: event, actor: { kind: 'post' }, note }, `post:${eventId}`);
    },
  });
};
