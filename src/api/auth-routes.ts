import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticateForSession } from '../auth/accounts.js';
import { MotcuaError } from '../errors.js';
import type { MotcuaDb } from '../store/database.js';
import { requireIdentity, signIn, signOut } from './auth-plugin.js';
import { errorResponseSchema, identityResponseSchema } from './schemas.js';

export interface AuthRoutesOptions {
  db: MotcuaDb;
  /** Sign-in attempts per account and address in `loginWindowMs`. */
  loginAttempts?: number;
  loginWindowMs?: number;
  now?: () => Date;
}

export const loginBodySchema = z.object({
  account: z.string().trim().min(1).max(64).describe('Tài khoản, e.g. desk_officer.q7.mc'),
  password: z.string().min(1).max(200),
  next: z.string().max(500).optional().describe('HTML form only: where to go after signing in'),
});

/** Only a path of this site: never another host (`//evil`, `https://…`), never a backslash trick. */
export function safeNextPath(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  return next;
}

function isFormPost(contentType: string | undefined): boolean {
  return (contentType ?? '').startsWith('application/x-www-form-urlencoded');
}

/** Sign in (JSON or an HTML form), sign out, who am I. */
export const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  // Both encapsulated in this plugin: the form parser and the limiter serve the login route only.
  await app.register(formbody);
  if (!app.hasDecorator('rateLimit')) await app.register(rateLimit, { global: false });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Đăng nhập / Sign in (JSON → session cookie; HTML form → redirect to next)',
      body: loginBodySchema,
      querystring: z.object({ next: z.string().max(500).optional() }),
      response: { 200: identityResponseSchema, 400: errorResponseSchema, 401: errorResponseSchema, 429: errorResponseSchema },
    },
    config: {
      rateLimit: {
        max: options.loginAttempts ?? 10,
        timeWindow: options.loginWindowMs ?? 5 * 60_000,
        hook: 'preHandler',
        // Per account and address: a shared office address does not lock out colleagues.
        keyGenerator: (request) => `${request.ip}|${String((request.body as { account?: unknown } | undefined)?.account ?? '').toLowerCase()}`,
        errorResponseBuilder: (_request, context) => new MotcuaError('AUTH_RATE_LIMITED', { retryAfter: context.after }),
      },
    },
    handler: async (request, reply) => {
      const form = isFormPost(request.headers['content-type']);
      const next = safeNextPath(request.body.next ?? request.query.next);
      const signedIn = await authenticateForSession(options.db, request.body.account, request.body.password);
      if (!signedIn) {
        if (form) return reply.redirect(`/login?error=invalid&next=${encodeURIComponent(next)}`, 303);
        throw new MotcuaError('AUTH_INVALID_CREDENTIALS');
      }
      signIn(request, { account: signedIn.identity.account, credentialsAt: signedIn.credentialsAt, signedInAt: now().toISOString() });
      if (form) return reply.redirect(next, 303);
      return signedIn.identity;
    },
  });

  api.post('/api/auth/logout', {
    schema: {
      tags: ['auth'],
      summary: 'Đăng xuất / Sign out (ends the session cookie)',
      // No content, so no content type (z.undefined: the document lists no media type for them).
      response: {
        204: z.undefined().describe('Signed out'),
        303: z.undefined().describe('Signed out from an HTML form: to /login'),
        403: errorResponseSchema,
      },
    },
    handler: async (request, reply) => {
      signOut(request);
      if (isFormPost(request.headers['content-type'])) return reply.redirect('/login', 303);
      return reply.code(204).send();
    },
  });

  api.get('/api/auth/me', {
    schema: {
      tags: ['auth'],
      summary: 'Tài khoản đang đăng nhập / The signed-in identity',
      response: { 200: identityResponseSchema, 401: errorResponseSchema },
    },
    handler: async (request) => requireIdentity(request),
  });
};
