/**
 * The one-stop staff console: home and login, the unit's queue, the case page, desk intake and
 * the printable forms of Circular 01/2018, the administrator's accounts page. Pages translate HTTP to the same services the API uses;
 * what they show is built by pure view models (src/web/view-models/).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { UnitDirectory } from '../procedures/unit-directory.js';
import type { ConsoleDeps } from './console-deps.js';
import { adminUsersPages } from './pages/admin-users-page.js';
import { casePages } from './pages/case-page.js';
import { formsPages } from './pages/forms-page.js';
import { homePages } from './pages/home-page.js';
import { intakePages } from './pages/intake-page.js';
import { queuePages } from './pages/queue-page.js';
import { studioPages, type StudioPageDeps } from './pages/studio-pages.js';

export const consolePages: FastifyPluginAsync<{ deps?: ConsoleDeps | undefined; studio?: StudioPageDeps | undefined; units: UnitDirectory }> = async (
  app,
  { deps, studio, units },
) => {
  await app.register(homePages, { units });
  // The designers' studio (designers and administrators only).
  if (studio) await app.register(studioPages, studio);
  if (!deps) return;
  const pageDeps = { ...deps, units };
  await app.register(queuePages, pageDeps);
  await app.register(casePages, pageDeps);
  await app.register(intakePages, pageDeps);
  await app.register(formsPages, pageDeps);
  await app.register(adminUsersPages, pageDeps);
};
