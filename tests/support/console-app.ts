/**
 * The console's pages over a real engine for page tests. Until the auth plugin is wired in, the
 * signed-in identity comes from an `x-test-identity` header, standing for its `request.identity`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { defaultCalendarData } from '../../src/calendar/index.js';
import type { MotcuaDb } from '../../src/store/database.js';
import { consolePages } from '../../src/web/console-pages.js';
import { webPlugin, type PageIdentity } from '../../src/web/web-plugin.js';
import { testCatalogue, type TestEngine } from './engine.js';

export const identityHeader = 'x-test-identity';

export function asIdentity(identity: PageIdentity): Record<string, string> {
  // Percent-encoded: HTTP headers carry Latin-1, and the names are Vietnamese.
  return { [identityHeader]: encodeURIComponent(JSON.stringify(identity)) };
}

export async function consoleApp(engine: TestEngine, db: MotcuaDb, now: () => Date): Promise<FastifyInstance> {
  const catalogue = await testCatalogue();
  const app = Fastify();
  app.decorateRequest('identity', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers[identityHeader];
    (request as unknown as { identity: PageIdentity | null }).identity = typeof header === 'string' ? (JSON.parse(decodeURIComponent(header)) as PageIdentity) : null;
  });
  await app.register(webPlugin);
  await app.register(consolePages, {
    deps: {
      cases: engine.cases,
      db,
      procedures: { get: (code) => catalogue.get(code)?.compiled, list: () => catalogue.procedures.map((p) => p.compiled) },
      calendar: () => defaultCalendarData,
      now,
    },
  });
  return app;
}
