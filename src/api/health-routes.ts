import type { FastifyPluginAsync } from 'fastify';

export interface HealthChecks {
  database: () => Promise<void>;
  temporal: () => Promise<void>;
}

async function probe(check: () => Promise<void>): Promise<{ ok: boolean; error?: string }> {
  try {
    await check();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** GET /healthz: database and Temporal reachability; 503 when either is down. */
export const healthRoutes: FastifyPluginAsync<{ health: HealthChecks }> = async (app, { health }) => {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'Database and Temporal reachability' } }, async (_request, reply) => {
    const [database, temporal] = await Promise.all([probe(health.database), probe(health.temporal)]);
    const ok = database.ok && temporal.ok;
    return reply.code(ok ? 200 : 503).send({ ok, database, temporal });
  });
};
