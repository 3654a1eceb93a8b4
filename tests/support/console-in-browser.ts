/**
 * What a console journey starts before its first page: the dev server (the embedded default's
 * Temporal, wall clock), a PGlite database, the engine, the real app (buildTestApp: the production
 * HTTP stack with the auth plugin) listening on a free port, and a headless Chromium.
 * One place for the set-up and the teardown, in reverse order.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { buildTestApp } from './api-app.js';
import { launchBrowser } from './browser.js';
import { createTestEngine, devServerEnvironment, type TestEngine } from './engine.js';
import { createTestDatabase, type TestDatabase } from './services.js';

export interface ConsoleInBrowser {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  engine: TestEngine;
  app: FastifyInstance;
  browser: Browser;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startConsoleInBrowser(): Promise<ConsoleInBrowser> {
  const started: Partial<ConsoleInBrowser> = {};
  const close = async () => {
    await started.browser?.close();
    await started.app?.close();
    await started.engine?.close();
    await started.env?.teardown();
    await started.database?.close();
  };
  try {
    started.env = await devServerEnvironment();
    started.database = await createTestDatabase('pglite');
    started.engine = await createTestEngine(started.env, started.database.db);
    started.app = await buildTestApp(started.env, started.engine, started.database.db);
    started.baseUrl = await started.app.listen({ host: '127.0.0.1', port: 0 });
    started.browser = await launchBrowser();
  } catch (error) {
    await close();
    throw error;
  }
  return { ...(started as Omit<ConsoleInBrowser, 'close'>), close };
}
