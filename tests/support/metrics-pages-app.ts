/**
 * The metrics pages with real accounts and sign-in, over a database only (no engine): the production
 * HTTP stack (createHttpApp: CSP, CSRF, sessions), the login route, the web stack, home and login, and
 * the metrics pages. Page tests sign in through POST /api/auth/login as a browser would.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '../../src/api/app.js';
import { authRoutes } from '../../src/api/auth-routes.js';
import { seedDemoAccounts } from '../../src/auth/demo-accounts.js';
import { builtInUnitDirectory, type UnitDirectory } from '../../src/procedures/unit-directory.js';
import type { MotcuaDb } from '../../src/store/database.js';
import { consolePages } from '../../src/web/console-pages.js';
import { metricsPages, type MetricsPagesDeps } from '../../src/web/metrics-pages.js';
import { webPlugin } from '../../src/web/web-plugin.js';

/** `units`: the deployment's units (default: the built-in list), as `AppDeps.units`. */
export async function metricsPagesApp(db: MotcuaDb, { units = builtInUnitDirectory, ...deps }: Omit<MetricsPagesDeps, 'db'> & { units?: UnitDirectory }): Promise<FastifyInstance> {
  await seedDemoAccounts(db);
  // The production stack (security headers, CSP, rate limits, sessions, CSRF), as buildApp has it.
  const app = await createHttpApp({ auth: { db, sessionKey: randomBytes(32), sessionHours: 12 } });
  await app.register(authRoutes, { db });
  await app.register(webPlugin, { units });
  await app.register(consolePages, { deps: undefined, units });
  await app.register(metricsPages, { db, ...deps, units });
  return app;
}
