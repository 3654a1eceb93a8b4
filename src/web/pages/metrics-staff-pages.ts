import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { queryAudit, queryFigures } from '../../metrics/metrics-queries.js';
import { queryCaseList, querySatisfactionGroups } from '../../metrics/page-queries.js';
import { localDay } from '../../metrics/periods.js';
import type { UnitDirectory } from '../../procedures/unit-directory.js';
import { rateChartSvg } from '../charts.js';
import { csvContentType, toCsv } from '../csv.js';
import type { MetricsPageDeps } from '../metrics-pages.js';
import { auditModel, type AuditFilters } from '../metrics/audit-model.js';
import { dashboardModel, type DashboardScope } from '../metrics/dashboard-model.js';
import { tableCsvRows } from '../metrics/metric-tables.js';
import { parsePeriod, periodPattern, type PeriodChoice } from '../metrics/period-choice.js';
import { renderError, renderPageNotFound } from '../page-errors.js';
import { identityOf, loginRedirect, type PageIdentity } from '../web-plugin.js';

/** Who sees the dashboard and the audit: the district's managers and administrators (docs/metrics.md). */
export const metricsViewerRoles: readonly string[] = ['manager', 'admin'];

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
const unitCode = z.preprocess(blankToUndefined, z.string().regex(/^[A-Z0-9.]{2,20}$/).optional());

const dashboardQuery = z.object({
  period: z.preprocess(blankToUndefined, z.string().regex(periodPattern).optional()),
  year: z.preprocess(blankToUndefined, z.coerce.number().int().min(2000).max(2100).optional()),
  unit: unitCode,
  procedure: z.preprocess(blankToUndefined, z.string().regex(/^[A-Z0-9-]{2,20}$/).optional()),
  table: z.string().optional(),
  lang: z.string().optional(),
});

const auditQuery = z.object({
  period: z.preprocess(blankToUndefined, z.string().regex(periodPattern).optional()),
  unit: unitCode,
  field: z.preprocess(blankToUndefined, z.string().max(100).optional()),
  lang: z.string().optional(),
});

/** Desks of the deployment that receive dossiers: the groups of the unit dimension. */
export function receivingUnitsOf(directory: UnitDirectory): string[] {
  return directory.units.filter((u) => u.kind === 'desk').map((u) => u.code);
}

const auditLimit = 500;

/** The signed-in viewer, or the reply already sent (login redirect, or 404 for other roles). */
function viewerOf(request: FastifyRequest, reply: FastifyReply): PageIdentity | FastifyReply {
  const identity = identityOf(request);
  if (!identity) return loginRedirect(request, reply);
  if (!metricsViewerRoles.includes(identity.role)) return renderPageNotFound(request, reply);
  return identity;
}

function invalid(reply: FastifyReply, error: z.ZodError) {
  return renderError(reply, 'REQUEST_INVALID', { detail: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
}

/** The period asked, else the current local year; a `year` different from the period's moves to that year. */
function choosePeriod(asked: string | undefined, year: number | undefined, now: Date): PeriodChoice {
  const chosen = parsePeriod(asked ?? localDay(now).slice(0, 4))!;
  return year !== undefined && year !== chosen.year ? parsePeriod(String(year))! : chosen;
}

function sendCsv(reply: FastifyReply, name: string, header: string[], rows: Parameters<typeof toCsv>[1]) {
  return reply
    .header('content-type', csvContentType)
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(toCsv(header, rows));
}

export const metricsStaffPages: FastifyPluginAsync<MetricsPageDeps> = async (app, deps) => {
  const receivingUnits = receivingUnitsOf(deps.units);
  async function dashboard(request: FastifyRequest, reply: FastifyReply, csv: boolean) {
    const viewer = viewerOf(request, reply);
    if (!('role' in viewer)) return viewer;
    const parsed = dashboardQuery.safeParse(request.query);
    if (!parsed.success) return invalid(reply, parsed.error);
    const period = choosePeriod(parsed.data.period, parsed.data.year, deps.now());
    const scope: DashboardScope = { unit: parsed.data.unit, procedure: parsed.data.unit ? parsed.data.procedure : undefined };
    const filter = { unit: scope.unit, procedure: scope.procedure };
    const range = { from: period.from, to: period.to };
    const yearRange = { from: `${period.year}-01-01`, to: `${period.year}-12-31` };
    const groupBy = scope.procedure ? null : scope.unit ? ('procedure' as const) : ('unit' as const);
    const [total, trend, groups, byField, satisfactionByField, satisfactionByMonth, cases] = await Promise.all([
      queryFigures(deps.db, { by: null, granularity: period.kind, ...range, filter, resolutionPercentiles: false }),
      queryFigures(deps.db, { by: null, granularity: 'month', ...yearRange, filter, resolutionPercentiles: false }),
      groupBy ? queryFigures(deps.db, { by: groupBy, granularity: period.kind, ...range, filter, resolutionPercentiles: false }) : Promise.resolve([]),
      queryFigures(deps.db, { by: 'field', granularity: period.kind, ...range, filter, resolutionPercentiles: false }),
      querySatisfactionGroups(deps.db, { by: 'field', ...filter, ...range }),
      querySatisfactionGroups(deps.db, { by: 'month', ...filter, ...yearRange }),
      scope.procedure ? queryCaseList(deps.db, { ...filter, ...range, limit: 500 }) : Promise.resolve(null),
    ]);
    const model = dashboardModel({
      lang: request.lang,
      period,
      scope,
      total: total[0],
      trend,
      groups,
      byField,
      satisfactionByField,
      satisfactionByMonth,
      cases,
      procedures: deps.procedures,
      directory: deps.units,
    });
    if (csv) {
      const tableId = parsed.data.table ?? 'targets';
      const table = tableId === 'targets' ? model.targets : model.tables.find((t) => t.id === tableId);
      if (!table) return renderError(reply, 'REQUEST_INVALID', { detail: `table: ${tableId}` });
      const { header, rows } = tableCsvRows(table);
      return sendCsv(reply, `dashboard-${period.key}-${[scope.unit, scope.procedure, tableId].filter(Boolean).join('-')}`, header, rows);
    }
    return reply.view('dashboard', { ...model, chartSvg: rateChartSvg(model.chart) });
  }

  app.get('/dashboard', { schema: { hide: true } }, (request, reply) => dashboard(request, reply, false));
  app.get('/dashboard.csv', { schema: { hide: true } }, (request, reply) => dashboard(request, reply, true));

  async function audit(request: FastifyRequest, reply: FastifyReply, csv: boolean) {
    const viewer = viewerOf(request, reply);
    if (!('role' in viewer)) return viewer;
    const parsed = auditQuery.safeParse(request.query);
    if (!parsed.success) return invalid(reply, parsed.error);
    const period = choosePeriod(parsed.data.period, undefined, deps.now());
    const filters: AuditFilters = { unit: parsed.data.unit, field: parsed.data.field };
    const rows = await queryAudit(deps.db, { ...filters, from: period.from, to: period.to, limit: auditLimit });
    const model = auditModel({ lang: request.lang, period, filters, rows, limit: auditLimit, units: receivingUnits, procedures: deps.procedures, directory: deps.units });
    if (csv) return sendCsv(reply, `audit-${period.key}`, model.columns, model.rows.map((r) => r.csv));
    return reply.view('audit', model);
  }

  app.get('/audit', { schema: { hide: true } }, (request, reply) => audit(request, reply, false));
  app.get('/audit.csv', { schema: { hide: true } }, (request, reply) => audit(request, reply, true));
};
