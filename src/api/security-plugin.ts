/**
 * HTTP hardening with the plugins made for it: security headers and a content security policy
 * (@fastify/helmet), rate limits on the routes a stranger can hammer (@fastify/rate-limit: login,
 * the public status look-up, submission). CORS stays closed: no cross-origin reads are allowed, so
 * no CORS plugin is registered and a preflight OPTIONS answers 405. Body size: `apiBodyLimit`
 * (app.ts). CSRF for cookie sessions: csrf-plugin.ts.
 *
 * Call before registering the routes: limits are attached to routes as they are added.
 */
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { MotcuaError } from '../errors.js';

/** Requests per minute and client address; 0 turns a limit off (load tests from one address). */
export interface RateLimits {
  login: number;
  lookup: number;
  submission: number;
}
export const defaultRateLimits: RateLimits = { login: 10, lookup: 60, submission: 120 };

/** Which routes each limit guards, as `METHOD url-pattern` (the url as the route declares it). */
const limitedRoutes: Record<keyof RateLimits, string[]> = {
  login: ['POST /api/auth/login', 'POST /login'],
  lookup: ['GET /tra-cuu', 'POST /tra-cuu', 'GET /api/public/cases/:code'],
  submission: ['POST /api/cases'],
};

/**
 * The policy the server-rendered pages are written for: scripts and styles only from this origin
 * (htmx and app.css under /assets/), images also as data: URLs (QR codes), no frames, no plugins,
 * forms posting only here. Inline style attributes are allowed (ECharts' server-side SVG and htmx's
 * indicator style use them); inline scripts and inline event handlers (helmet's `script-src-attr 'none'`) are not.
 */
export const contentSecurityPolicy = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    // motcua serves plain HTTP itself (the embedded default on a ward's network); TLS, where there is
    // one, is a proxy's. Upgrading would send every asset and form to an https:// nobody answers.
    upgradeInsecureRequests: null,
  },
};

export async function installSecurity(app: FastifyInstance, options: { rateLimits?: Partial<RateLimits> | undefined } = {}): Promise<void> {
  const limits = { ...defaultRateLimits, ...options.rateLimits };
  await app.register(helmet, { contentSecurityPolicy, crossOriginEmbedderPolicy: false });
  // Before the rate-limit plugin's own onRoute hook, so it sees the limit this one attaches.
  app.addHook('onRoute', (route) => {
    // A route with a limit of its own (sign-in: per account and address, auth-routes.ts) keeps it.
    if ((route.config as { rateLimit?: unknown } | undefined)?.rateLimit) return;
    for (const [name, routes] of Object.entries(limitedRoutes) as Array<[keyof RateLimits, string[]]>) {
      const methods = [route.method].flat();
      if (limits[name] > 0 && methods.some((method) => routes.includes(`${method} ${route.url}`))) {
        route.config = { ...route.config, rateLimit: { max: limits[name], timeWindow: '1 minute', groupId: name } } as typeof route.config;
      }
    }
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new MotcuaError('RATE_LIMITED', { after: context.after }),
  });
}
