import { z } from 'zod';

const configSchema = z.object({
  /** PostgreSQL server; absent → embedded PGlite under dataDir. */
  DATABASE_URL: z.string().url().optional(),
  /** Temporal frontend host:port; absent → `motcua start` runs a dev server child process. */
  TEMPORAL_ADDRESS: z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  MOTCUA_TASK_QUEUE: z.string().min(1).default('motcua-cases'),
  MOTCUA_DATA_DIR: z.string().min(1).default('./data'),
  /** Path of the Temporal CLI used for the embedded dev server; absent → .cache/bin/temporal, then the SDK download. */
  MOTCUA_TEMPORAL_CLI: z.string().optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Port of the embedded Temporal dev server's frontend. */
  MOTCUA_TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(0).max(65535).default(8233),
  /**
   * Workflows a worker keeps in memory; fewer → less RAM, more replay. 1,000 keeps a worker under
   * 1 GB with 10,000 open cases (docs/benchmarks.md); the SDK's own default grows with the heap limit.
   */
  MOTCUA_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(1000),
  /**
   * Whether `motcua worker` / `motcua api` register the case search attributes at start. That needs
   * operator rights on the Temporal server: in production an operator runs `motcua temporal setup`
   * once and the processes run with `false`.
   */
  MOTCUA_REGISTER_SEARCH_ATTRIBUTES: z.stringbool().default(true),
  /**
   * How long a case read waits for the workflow's answer (a query needs a live worker) before it
   * answers from the `cases` read model instead (docs/operations.md).
   */
  MOTCUA_CASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2500),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * AES-256 key (base64, 32 bytes) sealing every payload sent to Temporal; absent → <data dir>/payload.key,
   * made on first start. Every worker and API of a cluster must have the same one (docs/security.md).
   */
  MOTCUA_PAYLOAD_KEY: z.string().min(40).optional(),
  /** Requests per minute and client address on login, the public look-up and submission; 0 turns one off. */
  MOTCUA_RATE_LIMIT_LOGIN: z.coerce.number().int().min(0).default(10),
  MOTCUA_RATE_LIMIT_LOOKUP: z.coerce.number().int().min(0).default(60),
  MOTCUA_RATE_LIMIT_SUBMISSION: z.coerce.number().int().min(0).default(120),
  /** A prebuilt workflow bundle (a JS file of bundleCaseWorkflows' code): processes restarting often skip bundling; absent → bundled at start. */
  MOTCUA_WORKFLOW_BUNDLE: z.string().optional(),
  /** The Temporal UI's origin (e.g. http://127.0.0.1:8233): the one browser origin allowed to call /codec/*. */
  MOTCUA_TEMPORAL_UI_ORIGIN: z.string().url().optional(),
  /** Shared secret a postal operator presents to the postal webhook. */
  MOTCUA_POSTAL_TOKEN: z.string().min(16).optional(),
  /** Secret of the rating codes printed on receipts (satisfaction, issue #12); absent → ratings refused. */
  MOTCUA_RATING_SECRET: z.string().min(16).optional(),
  /** Key of the session cookies (32 bytes, hex or base64); absent → generated in MOTCUA_DATA_DIR/session.key. */
  MOTCUA_SESSION_KEY: z.string().optional(),
  /** How long a sign-in lasts. */
  MOTCUA_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  /** Demo accounts on first run: auto = only on the embedded database (no DATABASE_URL); on; off. */
  MOTCUA_DEMO_ACCOUNTS: z.enum(['auto', 'on', 'off']).default('auto'),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment once; a bad value stops start-up with the variable's name. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}
