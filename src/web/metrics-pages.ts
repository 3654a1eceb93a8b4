/**
 * The pages of the metrics (issue #12): the manager dashboard and the overdue audit (staff), the
 * public unit page, the status look-up and the rating kiosk (citizens, no sign-in). They translate
 * HTTP to the metrics queries and the rating service; view models under src/web/metrics/ arrange
 * what they show.
 */
import type { UnitDirectory } from '../procedures/unit-directory.js';
import type { FastifyPluginAsync } from 'fastify';
import type { MetricProcedures } from '../metrics/metric-procedures.js';
import type { MotcuaDb } from '../store/database.js';
import { metricsPublicPages } from './pages/metrics-public-pages.js';
import { metricsStaffPages } from './pages/metrics-staff-pages.js';

export interface MetricsPagesDeps {
  db: MotcuaDb;
  procedures: MetricProcedures;
  /** Secret of the receipt's rating codes; absent → the kiosk refuses every code. */
  ratingSecret: string | undefined;
  /** The clock at the edge: the default period is the current local year (tests pass fixed instants). */
  now: () => Date;
  /** Look-ups allowed per address and window on /tra-cuu. */
  lookupLimit?: { max: number; windowMs: number } | undefined;
}

/** What each metrics page receives: its deps and the deployment's units (`AppDeps.units`, read once at start). */
export type MetricsPageDeps = MetricsPagesDeps & { units: UnitDirectory };

export const metricsPages: FastifyPluginAsync<MetricsPageDeps> = async (app, deps) => {
  await app.register(metricsStaffPages, deps);
  await app.register(metricsPublicPages, deps);
};
