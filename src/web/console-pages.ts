/**
 * The one-stop staff console: home and login, the unit's queue, the case page, desk intake and
 * the printable forms of Circular 01/2018, the administrator's accounts page. Pages translate HTTP to the same services the API uses;
 * what they show is built by pure view models (src/web/view-models/).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ConsoleDeps } from './console-deps.js';
import { adminUsersPages } from './pages/admin-users-page.js';
import { casePages } from './pages/case-page.js';
import { formsPages } from './pages/forms-page.js';
import { homePages } from './pages/home-page.js';
import { intakePages } from './pages/intake-page.js';
import { queuePages } from './pages/queue-page.js';

export const consolePages: FastifyPluginAsync<{ deps?: ConsoleDeps | undefined }> = async (app, { deps }) => {
  await app.register(homePages);
  if (!deps) return;
  await app.register(queuePages, deps);
  await app.register(casePages, deps);
  await app.register(intakePages, deps);
  await app.register(formsPages, deps);
  await app.register(adminUsersPages, deps);
};
