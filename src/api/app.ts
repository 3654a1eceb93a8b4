import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from '../logger.js';
import type { CaseService } from '../engine/case-service.js';
import { casesRoutes } from './cases-routes.js';
import type { OpenAPIV3 } from 'openapi-types';
import { installErrorHandler } from './error-handler.js';
import { withCaseLinks } from './openapi-links.js';
import { installSecurity, type RateLimits } from './security-plugin.js';
import { healthRoutes, type HealthChecks } from './health-routes.js';
import { postalRoutes } from './postal-routes.js';

/** Largest request body: a dossier's form data is a few kilobytes; documents are not uploaded through the API. */
export const apiBodyLimit = 256 * 1024;

export interface AppDeps {
  cases: CaseService;
  health: HealthChecks;
  logger?: Logger;
  /** The postal operator's webhook token; absent → the webhook refuses every call. */
  postalToken?: string | undefined;
  /** Requests per minute and address on login, public look-up and submission (0: off); defaults in security-plugin.ts. */
  rateLimits?: Partial<RateLimits> | undefined;
}

/** The HTTP API: one plugin per resource, shared services passed in. */
export async function buildApp({ cases, health, logger, postalToken, rateLimits }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger | undefined,
    // Our own ids, never the client's: a log line's requestId is one the server made.
    genReqId: () => randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: apiBodyLimit,
    // HEAD only where a route declares it: an undeclared method answers 405.
    exposeHeadRoutes: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await installSecurity(app, { rateLimits });

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
  await app.register(casesRoutes, { cases });
  await app.register(postalRoutes, { cases, token: postalToken });
  return app;
}
