import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from '../logger.js';
import type { CaseService } from '../engine/case-service.js';
import type { CalendarAnnouncer } from '../engine/calendar-announcements.js';
import { calendarRoutes } from './calendar-routes.js';
import { requireAdmin, usersRoutes } from './users-routes.js';
import { casesRoutes } from './cases-routes.js';
import type { OpenAPIV3 } from 'openapi-types';
import { frameworkError, installErrorHandler } from './error-handler.js';
import { withCaseLinks } from './openapi-links.js';
import { installSecurity, type RateLimits } from './security-plugin.js';
import { installCsrf } from './csrf-plugin.js';
import { codecRoutes, type CodecRoutesOptions } from './codec-routes.js';
import { healthRoutes, type HealthChecks } from './health-routes.js';
import { postalRoutes } from './postal-routes.js';
import { metricsRoutes, type MetricsRoutesOptions } from './metrics-routes.js';
import { installAuth, type AuthOptions } from './auth-plugin.js';
import { authRoutes } from './auth-routes.js';
import { webPlugin } from '../web/web-plugin.js';
import { consolePages } from '../web/console-pages.js';
import type { ConsoleDeps } from '../web/console-deps.js';
import { builtInUnitDirectory, type UnitDirectory } from '../procedures/unit-directory.js';
import { metricsPages, type MetricsPagesDeps } from '../web/metrics-pages.js';
import type { StudioService } from '../studio/studio-service.js';
import { studioRoutes } from './studio-routes.js';
import type { StudioPageDeps } from '../web/pages/studio-pages.js';

/** Largest request body: a dossier's form data is a few kilobytes; documents are not uploaded through the API. */
export const apiBodyLimit = 256 * 1024;

export interface AppDeps {
  cases: CaseService;
  health: HealthChecks;
  logger?: Logger;
  /** Announces calendar changes (POST /api/calendar/announcements); absent → no such route. */
  calendar?: CalendarAnnouncer;
  /** The postal operator's webhook token; absent → the webhook refuses every call. */
  postalToken?: string | undefined;
  /** Requests per minute and address on login, public look-up and submission (0: off); defaults in security-plugin.ts. */
  rateLimits?: Partial<RateLimits> | undefined;
  /** The payload codec, served to administrators at /codec/* for the Temporal UI; absent → no such routes. */
  codec?: CodecRoutesOptions | undefined;
  /** Metrics and ratings (issue #12); absent → not served. */
  metrics?: MetricsRoutesOptions | undefined;
  /** Accounts, sessions and tokens (src/api/auth-plugin.ts). */
  auth: AuthOptions & { loginAttempts?: number; loginWindowMs?: number };
  /** The deployment's units (`loadUnitDirectory`, read once at start), for the pages' unit and ward names and lists; default: the built-in District 7 list. */
  units?: UnitDirectory | undefined;
  /** The staff console's pages; without it only home and login are served. */
  console?: ConsoleDeps | undefined;
  /** The metrics pages (dashboard, audit, public unit pages, look-up, rating kiosk); absent → not served. */
  metricsPages?: MetricsPagesDeps | undefined;
  /** The process designers' studio; absent → no /api/studio routes. */
  studio?: StudioService | undefined;
  /** The studio's pages (/studio…); absent → not served. */
  studioPages?: StudioPageDeps | undefined;
}

/**
 * Fastify with what every route runs under, in production and in the page tests alike: our request
 * ids, the body limit, 405 for undeclared methods, the error handler, security headers and rate
 * limits, sessions and CSRF. Register routes on it afterwards.
 */
export async function createHttpApp({ logger, rateLimits, auth }: Pick<AppDeps, 'logger' | 'rateLimits'> & { auth: AuthOptions }): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger | undefined,
    // Our own ids, never the client's: a log line's requestId is one the server made.
    genReqId: () => randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: apiBodyLimit,
    // HEAD only where a route declares it: an undeclared method answers 405.
    exposeHeadRoutes: false,
    frameworkErrors: frameworkError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await installSecurity(app, { rateLimits });
  await installAuth(app, auth);
  await installCsrf(app);
  return app;
}

/** The HTTP API: one plugin per resource, shared services passed in. */
export async function buildApp({ cases, health, logger, postalToken, rateLimits, codec, calendar, auth, console: consoleDeps, studio, studioPages, metrics, metricsPages: metricsPageDeps, units = builtInUnitDirectory }: AppDeps): Promise<FastifyInstance> {
  const app = await createHttpApp({ logger, rateLimits, auth });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'motcua API',
        description: 'Một cửa: hồ sơ thủ tục hành chính của quận và phường / one-stop administrative procedures',
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
  });
  // The docs page sets its own policy (it needs its inline start-up script's hash).
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => withCaseLinks(app.swagger() as OpenAPIV3.Document));

  await app.register(healthRoutes, { health });
  await app.register(authRoutes, { db: auth.db, now: auth.now, loginAttempts: auth.loginAttempts, loginWindowMs: auth.loginWindowMs });
  await app.register(usersRoutes, { db: auth.db, now: auth.now });
  await app.register(casesRoutes, { cases });
  await app.register(postalRoutes, { cases, token: postalToken });
  if (metrics) await app.register(metricsRoutes, metrics);
  if (studio) await app.register(studioRoutes, { studio });
  if (codec) await app.register(codecRoutes, codec);
  // Administrator only once accounts exist: pass the auth plugin's admin guard as `guard`.
  if (calendar) {
    await app.register(calendarRoutes, {
      calendar,
      guard: async (request) => {
        requireAdmin(request);
      },
    });
  }

  // Pages last: the web stack reuses cookie/form parsers registered before it (auth's).
  await app.register(webPlugin, { units });
  await app.register(consolePages, { deps: consoleDeps, studio: studioPages, units });
  if (metricsPageDeps) await app.register(metricsPages, { ...metricsPageDeps, units });
  return app;
}
