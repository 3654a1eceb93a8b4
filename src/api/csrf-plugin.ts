/**
 * CSRF protection for cookie sessions (@fastify/csrf-protection, secret kept in the encrypted
 * session): every state-changing request whose identity comes from the session cookie must carry a
 * token, as the `x-csrf-token` header (htmx: `hx-headers` on the page's body; JSON clients: from
 * GET /api/auth/csrf-token) or the `_csrf` form field (the pages' forms). Bearer-token clients and
 * anonymous requests need none: a browser never attaches a bearer token by itself, and without a
 * session there is no authority to borrow. Sign-in is exempt (it proves credentials, not the cookie)
 * and starts a fresh secret (auth-plugin.ts `signIn`), so a secret planted before sign-in is useless.
 */
import csrfProtection from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MotcuaError } from '../errors.js';
import { requireIdentity } from './auth-plugin.js';
import { errorResponseSchema } from './schemas.js';

declare module '@fastify/secure-session' {
  interface SessionData {
    _csrf?: string | undefined;
  }
}

export const csrfHeaderName = 'x-csrf-token';
export const csrfFieldName = '_csrf';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
// The codec endpoint changes nothing and its caller (the Temporal UI) cannot send our token;
// CORS keeps any other origin from reading its answers.
const exemptRoutes = new Set(['POST /api/auth/login', 'POST /codec/decode', 'POST /codec/encode']);

/** True when the request's identity rests on the session cookie (not on a bearer token). */
export function signedInByCookie(request: FastifyRequest): boolean {
  return request.identity !== null && !request.headers.authorization?.startsWith('Bearer ');
}

function needsToken(request: FastifyRequest): boolean {
  if (safeMethods.has(request.method)) return false;
  if (exemptRoutes.has(`${request.method} ${request.routeOptions.url}`)) return false;
  return signedInByCookie(request);
}

/** Register after the auth plugin (the secret lives in its session) and before the routes. */
export async function installCsrf(app: FastifyInstance): Promise<void> {
  await app.register(csrfProtection, {
    sessionPlugin: '@fastify/secure-session',
    getToken: (request) => {
      const header = request.headers[csrfHeaderName];
      if (typeof header === 'string') return header;
      const field = (request.body as Record<string, unknown> | undefined)?.[csrfFieldName];
      return typeof field === 'string' ? field : undefined;
    },
  });
  // preValidation: the form field is parsed by then, and a forged request is refused before its
  // body is checked or any handler runs (nothing is written). The plugin refuses by `reply.send(its
  // error)`; it is turned into CSRF_INVALID here, so that plugins with their own error handler (the
  // public pages render errors as pages) answer 403 CSRF_INVALID too, not an unknown error.
  app.addHook('preValidation', (request, reply, done) => {
    if (!needsToken(request)) return done();
    const refusing = Object.create(reply, { send: { value: () => done(new MotcuaError('CSRF_INVALID', {})) } }) as typeof reply;
    app.csrfProtection(request, refusing, done);
  });
  // Pages: every template sees the token (forms' hidden field, htmx's header on <body>).
  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/api/') || request.url.startsWith('/assets/')) return;
    givePageCsrfToken(request, reply);
  });

  app.withTypeProvider<ZodTypeProvider>().get('/api/auth/csrf-token', {
    schema: {
      tags: ['auth'],
      summary: 'Mã chống giả mạo cho phiên đăng nhập / Anti-forgery token for cookie sessions (send as x-csrf-token)',
      response: { 200: z.object({ token: z.string(), header: z.literal(csrfHeaderName) }), 401: errorResponseSchema },
    },
    handler: async (request, reply) => {
      requireIdentity(request);
      return { token: reply.generateCsrf(), header: csrfHeaderName } as const;
    },
  });
}

/** The token a page of a cookie session carries (its forms' hidden field, htmx's header). */
export function givePageCsrfToken(request: FastifyRequest, reply: FastifyReply): void {
  if (signedInByCookie(request)) reply.locals = { ...(reply.locals ?? {}), csrfToken: reply.generateCsrf() };
}

/** A new session gets a new secret: forget any secret the session carried before sign-in. */
export function forgetCsrfSecret(request: FastifyRequest): void {
  request.session.set(csrfFieldName, undefined);
}
