import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeError, type ErrorCode, type ErrorParams } from '../errors.js';
import { setPageLocals } from './web-plugin.js';

/** An error as a page: the registry's status, Vietnamese first, English beside it. */
export function renderError(reply: FastifyReply, code: ErrorCode, params: ErrorParams = {}) {
  const described = describeError(code, params);
  // A refusal before the pages' preHandler (CSRF, at preValidation) has no labels yet.
  if (!(reply.locals as { t?: unknown } | null)?.t) setPageLocals(reply.request, reply);
  return reply.code(described.status).view('error', {
    title: `${described.status} · ${described.code}`,
    message: described.message,
    messageVi: described.messageVi,
  });
}

/** 404 for a page this user may not see or that does not exist: the two look the same, so codes cannot be probed. */
export function renderPageNotFound(request: FastifyRequest, reply: FastifyReply) {
  return renderError(reply, 'PAGE_NOT_FOUND', { path: request.url.split('?')[0]! });
}
