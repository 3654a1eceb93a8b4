import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from '../logger.js';
import type { CaseService } from '../engine/case-service.js';
import type { CalendarAnnouncer } from '../engine/calendar-announcements.js';
import { calendarRoutes } from './calendar-routes.js';
import { requireAdmin, usersRoutes } from './users-routes.js';
import { casesRoutes } from './cases-routes.js';
import { installErrorHandler } from './error-handler.js';
import { healthRoutes, type HealthChecks } from './health-routes.js';
import { postalRoutes } from './postal-routes.js';
import { installAuth, type AuthOptions } from './auth-plugin.js';
import { authRoutes } from './auth-routes.js';
import { webPlugin } from '../web/web-plugin.js';
import { consolePages } from '../web/console-pages.js';
import type { ConsoleDeps } from '../web/console-deps.js';
import type { StudioService } from '../studio/studio-service.js';
import { studioRoutes } from './studio-routes.js';

export interface AppDeps {
  cases: CaseService;
  health: HealthChecks;
  logger?: Logger;
  /** Announces calendar changes (POST /api/calendar/announcements); absent → no such route. */
  calendar?: CalendarAnnouncer;
  /** The postal operator's webhook token; absent → the webhook refuses every call. */
  postalToken?: string | undefined;
  /** Accounts, sessions and tokens (src/api/auth-plugin.ts). */
  auth: AuthOptions & { loginAttempts?: number; loginWindowMs?: number };
  /** The staff console's pages; without it only home and login are served. */
  console?: ConsoleDeps | undefined;
  /** The process designers' studio; absent → no /api/studio routes. */
  studio?: StudioService | undefined;
}

/** The HTTP API: one plugin per resource, shared services passed in. */
export async function buildApp({ cases, health, logger, postalToken, calendar, auth, console: consoleDeps, studio }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger | undefined });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await installAuth(app, auth);

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
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { health });
  await app.register(authRoutes, { db: auth.db, now: auth.now, loginAttempts: auth.loginAttempts, loginWindowMs: auth.loginWindowMs });
  await app.register(usersRoutes, { db: auth.db, now: auth.now });
  await app.register(casesRoutes, { cases });
  await app.register(postalRoutes, { cases, token: postalToken });
  if (studio) await app.register(studioRoutes, { studio });
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
  await app.register(webPlugin);
  await app.register(consolePages, { deps: consoleDeps });
  return app;
}
