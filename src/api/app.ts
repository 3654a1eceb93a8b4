import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from '../logger.js';
import type { CaseService } from '../engine/case-service.js';
import { casesRoutes } from './cases-routes.js';
import { installErrorHandler } from './error-handler.js';
import { healthRoutes, type HealthChecks } from './health-routes.js';
import { postalRoutes } from './postal-routes.js';
import { metricsRoutes, type MetricsRoutesOptions } from './metrics-routes.js';

export interface AppDeps {
  cases: CaseService;
  health: HealthChecks;
  logger?: Logger;
  /** The postal operator's webhook token; absent → the webhook refuses every call. */
  postalToken?: string | undefined;
  /** Metrics and ratings (issue #12); absent → not served. */
  metrics?: MetricsRoutesOptions | undefined;
}

/** The HTTP API: one plugin per resource, shared services passed in. */
export async function buildApp({ cases, health, logger, postalToken, metrics }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger | undefined });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

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
  await app.register(casesRoutes, { cases });
  await app.register(postalRoutes, { cases, token: postalToken });
  if (metrics) await app.register(metricsRoutes, metrics);
  return app;
}
