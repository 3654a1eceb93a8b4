/**
 * The HTTP app on a real engine and database, with accounts and the console's pages, as
 * `motcua start` builds it: the demo accounts are seeded and `signIn` returns the session cookie
 * the browser would keep.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { buildApp, type AppDeps } from '../../src/api/app.js';
import { defaultCalendarData } from '../../src/calendar/index.js';
import { demoPassword, seedDemoAccounts } from '../../src/auth/demo-accounts.js';
import { sessionCookieName } from '../../src/api/auth-plugin.js';
import { pingDatabase } from '../../src/store/case-store.js';
import type { MotcuaDb } from '../../src/store/database.js';
import { consoleProcedures } from '../../src/web/console-deps.js';
import { testCatalogue, type TestEngine } from './engine.js';

export interface TestAppOptions {
  postalToken?: string;
  now?: () => Date;
  sessionHours?: number;
  loginAttempts?: number;
}

export async function buildTestApp(env: TestWorkflowEnvironment, engine: TestEngine, db: MotcuaDb, options: TestAppOptions = {}): Promise<FastifyInstance> {
  await seedDemoAccounts(db);
  const catalogue = await testCatalogue();
  const deps: AppDeps = {
    cases: engine.cases,
    console: {
      cases: engine.cases,
      db,
      procedures: consoleProcedures(catalogue),
      calendar: () => defaultCalendarData,
      now: options.now ?? (() => new Date()),
    },
    postalToken: options.postalToken,
    health: {
      database: () => pingDatabase(db),
      temporal: async () => {
        await env.connection.workflowService.getSystemInfo({});
      },
    },
    auth: {
      db,
      sessionKey: randomBytes(32),
      sessionHours: options.sessionHours ?? 12,
      now: options.now,
      loginAttempts: options.loginAttempts,
    },
  };
  return buildApp(deps);
}

/** The `cookie` header value of a response's session cookie. */
export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === sessionCookieName);
  if (!cookie) throw new Error(`no ${sessionCookieName} cookie in the response (${response.statusCode} ${response.body})`);
  return `${cookie.name}=${encodeURIComponent(cookie.value)}`;
}

/**
 * Signs in through the login route and returns the headers a browser page would send: the session
 * cookie and the session's CSRF token (src/api/csrf-plugin.ts), as htmx sends it.
 */
export async function signIn(app: FastifyInstance, account: string, password = demoPassword): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { account, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${account} failed: ${response.statusCode} ${response.body}`);
  const csrf = await app.inject({ method: 'GET', url: '/api/auth/csrf-token', headers: { cookie: sessionCookieOf(response) } });
  if (csrf.statusCode !== 200) throw new Error(`CSRF token of ${account} failed: ${csrf.statusCode} ${csrf.body}`);
  // The session now holds the token's secret: its cookie is the one to send.
  return { cookie: sessionCookieOf(csrf), 'x-csrf-token': csrf.json().token };
}
