import type { FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { describeError, MotcuaError } from '../errors.js';

/** Every error leaves the API as { code, message, messageVi } with the registry's status. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof MotcuaError) {
      return reply.code(error.status).send({ code: error.code, message: error.message, messageVi: error.messageVi, details: error.params });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const detail = error.validation.map((v) => `${v.instancePath || '/'} ${v.message}`).join('; ');
      const described = describeError('REQUEST_INVALID', { detail });
      return reply.code(400).send({ code: described.code, message: described.message, messageVi: described.messageVi, details: error.validation });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const described = describeError('REQUEST_INVALID', { detail: (error as Error).message });
      return reply.code(status).send({ code: described.code, message: described.message, messageVi: described.messageVi });
    }
    request.log.error({ err: error }, 'unhandled error');
    const described = describeError('INTERNAL');
    return reply.code(500).send({ code: described.code, message: described.message, messageVi: described.messageVi });
  });
}
