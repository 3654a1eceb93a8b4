/**
 * The studio's pages on a real database with accounts, without Temporal (the studio reads the event
 * store and the read model; it starts no workflow): the production HTTP stack (createHttpApp: CSP,
 * CSRF, sessions) and the login route, the web
 * stack, home and login pages, the studio's API and pages. The demo accounts are seeded, so tests sign
 * in through the real /login form or POST /api/auth/login.
 */
import { builtInUnitDirectory } from '../../src/procedures/unit-directory.js';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '../../src/api/app.js';
import { authRoutes } from '../../src/api/auth-routes.js';
import { studioRoutes } from '../../src/api/studio-routes.js';
import { seedDemoAccounts } from '../../src/auth/demo-accounts.js';
import { defaultCalendar } from '../../src/calendar/index.js';
import { loadCatalogue, type Catalogue } from '../../src/procedures/catalogue.js';
import type { MotcuaDb } from '../../src/store/database.js';
import { createStudioService, type StudioService } from '../../src/studio/studio-service.js';
import { consolePages } from '../../src/web/console-pages.js';
import { webPlugin } from '../../src/web/web-plugin.js';

export interface StudioTestApp {
  app: FastifyInstance;
  studio: StudioService;
  catalogue: Catalogue;
}

export async function studioApp(db: MotcuaDb, now: () => Date): Promise<StudioTestApp> {
  await seedDemoAccounts(db);
  const catalogue = await loadCatalogue();
  const studio = createStudioService({ db, catalogue, calendar: defaultCalendar, now });
  await studio.load();
  // The production stack (security headers, CSP, rate limits, sessions, CSRF), as buildApp has it.
  const app = await createHttpApp({ auth: { db, sessionKey: randomBytes(32), sessionHours: 12, now } });
  await app.register(authRoutes, { db, now });
  await app.register(studioRoutes, { studio });
  await app.register(webPlugin);
  await app.register(consolePages, { studio: { studio, catalogue, now }, units: builtInUnitDirectory });
  return { app, studio, catalogue };
}
