/**
 * The one-stop staff console: home and login, the unit's queue, the case page, desk intake,
 * the printable forms of Circular 01/2018 and the accounts page. Pages translate HTTP to the same
 * services the API uses; what they show is built by pure view models (src/web/view-models/).
 */
import type { FastifyPluginAsync } from 'fastify';
import { homePages } from './pages/home-page.js';

export const consolePages: FastifyPluginAsync = async (app) => {
  await app.register(homePages);
};
