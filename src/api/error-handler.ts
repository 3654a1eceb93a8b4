import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { describeError, MotcuaError, type ErrorCode, type ErrorParams } from '../errors.js';
import { renderError } from '../web/page-errors.js';
import { givePageCsrfToken } from './csrf-plugin.js';
import { describeProblems, fieldProblems } from './validation-messages.js';

/** The body of every error the API sends: a stable code, both languages, and the request id to quote. */
export interface ErrorBody {
  code: string;
  message: string;
  messageVi: string;
  requestId: string;
  details?: unknown;
}

function sendError(request: FastifyRequest, reply: FastifyReply, status: number, code: ErrorCode, params: ErrorParams, details?: unknown) {
  const described = describeError(code, params);
  const body: ErrorBody = { code, message: described.message, messageVi: described.messageVi, requestId: request.id };
  if (details !== undefined) body.details = details;
  return reply.code(status).send(body);
}

/**
 * A request a page made: a form post, an htmx request, or a browser asking for HTML rather than JSON.
 * API clients (JSON bodies, `Accept: application/json`, no Accept at all) are not.
 */
export function fromPage(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  if (/application\/json/i.test(accept) && !/text\/html/i.test(accept)) return false;
  const type = request.headers['content-type'] ?? '';
  return /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type) || request.headers['hx-request'] === 'true' || /text\/html/i.test(accept);
}

/** fastify's own 4xx errors (parsing, content type, size) under the registry's codes. */
function codeForStatus(status: number, error: unknown): ErrorCode {
  if (String((error as { code?: unknown }).code).startsWith('FST_CSRF_')) return 'CSRF_INVALID';
  if (status === 413) return 'REQUEST_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  return 'REQUEST_INVALID';
}

/** A route pattern (`/api/cases/:code`, `/docs/*`) as a regular expression over paths. */
function patternOf(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z_][\w-]*|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}

/**
 * The router's own refusals, before any hook runs (a malformed URL; a path parameter longer than
 * fastify's 100 characters, which no account, case or procedure code is): 400 REQUEST_INVALID with
 * our body and request id, not fastify's body and a 414 no route documents. Found by the fuzz run.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.header('x-request-id', request.id);
  const detail = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is longer than 100 characters' : 'the URL is malformed';
  return sendError(request, reply, 400, 'REQUEST_INVALID', { detail });
}

/**
 * Every error leaves the API as { code, message, messageVi, requestId } with the registry's status,
 * never with a stack trace; unknown routes answer 404, known routes asked with a method they lack 405.
 * Every response carries the request id in `x-request-id`, and every log line of the request has it.
 * Call before registering routes: the route table for 405 is collected as routes are added.
 */
export function installErrorHandler(app: FastifyInstance): void {
  const routes: Array<{ pattern: RegExp; methods: Set<string> }> = [];
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat().map((m) => m.toUpperCase());
    const existing = routes.find((r) => r.pattern.source === patternOf(route.url).source);
    if (existing) methods.forEach((m) => existing.methods.add(m));
    else routes.push({ pattern: patternOf(route.url), methods: new Set(methods) });
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const notFound = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    const allowed = new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => [...r.methods]));
    if (allowed.size > 0) {
      const allow = [...allowed].sort().join(', ');
      reply.header('allow', allow);
      return sendError(request, reply, 405, 'METHOD_NOT_ALLOWED', { method: request.method, url: path, allow });
    }
    return sendError(request, reply, 404, 'ROUTE_NOT_FOUND', { method: request.method, url: path });
  };
  app.setNotFoundHandler(notFound);

  app.setErrorHandler((error, request, reply) => {
    // A request for no route that failed before reaching the 404 handler (e.g. QUERY without a body type).
    if (request.is404) return notFound(request, reply);
    // A forged or stale page form is refused with a page (vi first) the browser can show, not JSON.
    // Its forms carry a fresh token, so the next submission from it goes through.
    if (error instanceof MotcuaError && error.code === 'CSRF_INVALID' && fromPage(request) && typeof reply.view === 'function') {
      givePageCsrfToken(request, reply);
      return renderError(reply, 'CSRF_INVALID');
    }
    if (error instanceof MotcuaError) return sendError(request, reply, error.status, error.code, error.params, error.params);
    if (hasZodFastifySchemaValidationErrors(error)) {
      // Each field with its reason in both languages: details[] = { field, reason, reasonVi }.
      const problems = fieldProblems(error.validation, (error as { validationContext?: string }).validationContext);
      const en = describeError('REQUEST_INVALID', { detail: describeProblems(problems, 'en') });
      const vi = describeError('REQUEST_INVALID', { detail: describeProblems(problems, 'vi') });
      const body: ErrorBody = { code: en.code, message: en.message, messageVi: vi.messageVi, requestId: request.id, details: problems };
      return reply.code(400).send(body);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = codeForStatus(status, error);
      const params: ErrorParams =
        code === 'CSRF_INVALID' ? {} : code === 'REQUEST_TOO_LARGE' ? { limit: request.routeOptions.bodyLimit ?? 0 } : code === 'RATE_LIMITED' ? { after: String((error as { after?: string }).after ?? '1 minute') } : { detail: (error as Error).message };
      return sendError(request, reply, status, code, params);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 500, 'INTERNAL', {});
  });
}
