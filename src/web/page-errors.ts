import type { FastifyReply } from 'fastify';
import { describeError, type ErrorCode, type ErrorParams } from '../errors.js';

/** An error as a page: the registry's status, Vietnamese first, English beside it. */
export function renderError(reply: FastifyReply, code: ErrorCode, params: ErrorParams = {}) {
  const described = describeError(code, params);
  return reply.code(described.status).view('error', {
    title: `${described.status} · ${described.code}`,
    message: described.message,
    messageVi: described.messageVi,
  });
}
