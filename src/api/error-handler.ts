import type { FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { describeError, MotcuaError } from '../errors.js';
import { describeProblems, fieldProblems } from './validation-messages.js';

/** Every error leaves the API as { code, message, messageVi } with the registry's status. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof MotcuaError) {
      return reply.code(error.status).send({ code: error.code, message: error.message, messageVi: error.messageVi, details: error.params });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      // Each field with its reason in both languages: details[] = { field, reason, reasonVi }.
      const problems = fieldProblems(error.validation, (error as { validationContext?: string }).validationContext);
      const en = describeError('REQUEST_INVALID', { detail: describeProblems(problems, 'en') });
      const vi = describeError('REQUEST_INVALID', { detail: describeProblems(problems, 'vi') });
      return reply.code(400).send({ code: en.code, message: en.message, messageVi: vi.messageVi, details: problems });
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
