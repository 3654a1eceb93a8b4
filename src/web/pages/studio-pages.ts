/**
 * The process designers' studio as pages: procedures and their diagrams, how they really ran,
 * simulation with a progress bar, comparison of two versions, drafts edited and published.
 * Designers and administrators only: anyone else gets 404, nobody signed in goes to the login.
 * Each route translates HTTP to one studio command; what the pages show comes from the pure view
 * models of src/web/view-models/studio-model.ts.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MotcuaError } from '../../errors.js';
import type { Catalogue } from '../../procedures/catalogue.js';
import type { CompiledProcedure } from '../../procedures/compiled-procedure.js';
import { procedureJsonSchema, procedureCodePattern } from '../../procedures/definition-schema.js';
import { MAX_RUNS, type StudioService } from '../../studio/studio-service.js';
import { translator } from '../i18n/messages.js';
import { renderError, renderPageNotFound } from '../page-errors.js';
import { simulationJobs } from '../simulation-jobs.js';
import { suggestionsAt, type JsonSchema } from '../view-models/schema-completion.js';
import {
  comparisonModel,
  draftCheckModel,
  mayUseStudio,
  miningModel,
  procedureHref,
  procedureListModel,
  progressModel,
  simulationModel,
  versionsModel,
  type VersionEntry,
} from '../view-models/studio-model.js';
import { identityOf, loginRedirect, type PageIdentity } from '../web-plugin.js';

export interface StudioPageDeps {
  studio: StudioService;
  /** The procedures in procedures/ (their files give the text of file versions). */
  catalogue: Catalogue;
  /** The clock at the edge: today's date is the default start of a simulation's arrivals. */
  now: () => Date;
}

const code = z.string().regex(procedureCodePattern);
const version = z.string().regex(/^[0-9a-f]{8,64}$/);
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** The page computes comparisons while the request waits: fewer runs than the command allows. */
export const MAX_COMPARE_RUNS = 100_000;
export const DEFAULT_PAGE_RUNS = 20_000;

const simulateSchema = z.object({
  procedure: code,
  /** A version, or `draft` for the saved draft. */
  version: optional(z.union([version, z.literal('draft')])),
  runs: z.coerce.number().int().min(1).max(MAX_RUNS).default(DEFAULT_PAGE_RUNS),
  seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(1),
  from: optional(day),
});

const compareSchema = z.object({
  procedure: code,
  before: optional(version),
  after: optional(z.union([version, z.literal('draft')])),
  runs: z.coerce.number().int().min(1).max(MAX_COMPARE_RUNS).default(DEFAULT_PAGE_RUNS),
  seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(1),
  from: optional(day),
});

const detailOf = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
const isHtmx = (request: FastifyRequest) => request.headers['hx-request'] === 'true';
const today = (now: Date) => new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

export const studioPages: FastifyPluginAsync<StudioPageDeps> = async (app, deps) => {
  const { studio, catalogue } = deps;
  const schema = procedureJsonSchema() as JsonSchema;
  const jobs = simulationJobs<{ procedure: string; version: string }>();

  /** The signed-in designer or administrator; otherwise the reply is already sent (login or 404). */
  function designer(request: FastifyRequest, reply: FastifyReply): PageIdentity | null {
    const identity = identityOf(request);
    if (!identity) {
      void loginRedirect(request, reply);
      return null;
    }
    if (!mayUseStudio(identity)) {
      void renderPageNotFound(request, reply);
      return null;
    }
    return identity;
  }

  const currentProcedures = (): CompiledProcedure[] =>
    [...new Set(catalogue.procedures.map((p) => p.compiled.code))].flatMap((c) => {
      const current = studio.procedures.get(c);
      return current ? [current] : [];
    });

  /** Every version of a code: the files' (by effective date) and the publications', newest publication first. */
  async function versionEntries(procedureCode: string): Promise<VersionEntry[]> {
    const publications = await studio.publications(procedureCode);
    const entries: VersionEntry[] = publications.map((p) => ({
      version: p.version,
      source: 'publication',
      publicationId: p.id,
      author: p.author,
      reason: p.reason,
      publishedAt: p.publishedAt,
      contentHash: p.contentHash,
      republishes: p.republishes,
    }));
    for (const file of catalogue.versions(procedureCode).reverse()) {
      entries.push({ version: file.compiled.version, source: 'file', effectiveFrom: file.definition.effectiveFrom, effectiveTo: file.definition.effectiveTo });
    }
    return entries;
  }

  /** The YAML text of the version new cases use: the newest publication's, else the file's. */
  async function currentText(procedureCode: string): Promise<string> {
    const [latest] = await studio.publications(procedureCode);
    if (latest) return latest.definitionYaml;
    const file = catalogue.get(procedureCode);
    if (!file) throw new MotcuaError('CASE_UNKNOWN_PROCEDURE', { procedureCode });
    return readFile(file.file, 'utf8');
  }

  /** Runs `work`; a studio error becomes its page (404 unknown version, 400 invalid draft…). */
  async function orErrorPage(reply: FastifyReply, work: () => Promise<unknown>) {
    try {
      return await work();
    } catch (error) {
      if (error instanceof MotcuaError && error.status < 500) return renderError(reply, error.code, error.params);
      throw error;
    }
  }

  const procedureChoices = (selected?: string) =>
    currentProcedures().map((p) => ({ value: p.code, label: `${p.code} — ${p.nameVi}`, selected: p.code === selected }));

  // ---- /studio: the procedures ----
  app.get('/studio', { schema: { hide: true } }, async (request, reply) => {
    if (!designer(request, reply)) return reply;
    const query = z.object({ q: optional(z.string().trim().max(100)) }).safeParse(request.query);
    if (!query.success) return renderError(reply, 'REQUEST_INVALID', { detail: detailOf(query.error) });
    const model = procedureListModel({ lang: request.lang, procedures: currentProcedures(), q: query.data.q });
    return reply.view(isHtmx(request) ? 'studio-list-results' : 'studio-list', model);
  });

  // ---- /studio/procedures/:code: diagram, versions, mining, downloads ----
  const procedureParams = z.object({ code });
  const versionQuery = z.object({ version: optional(version), published: optional(z.coerce.number().int()) });

  app.get('/studio/procedures/:code', { schema: { hide: true } }, async (request, reply) => {
    if (!designer(request, reply)) return reply;
    const params = procedureParams.safeParse(request.params);
    const query = versionQuery.safeParse(request.query);
    if (!params.success) return renderPageNotFound(request, reply);
    if (!query.success) return renderError(reply, 'REQUEST_INVALID', { detail: detailOf(query.error) });
    const procedureCode = params.data.code;
    return orErrorPage(reply, async () => {
      const current = studio.procedures.get(procedureCode);
      if (!current) throw new MotcuaError('CASE_UNKNOWN_PROCEDURE', { procedureCode });
      const shown = await studio.versionOf(procedureCode, query.data.version);
      const [svg, mined, entries] = await Promise.all([studio.diagram(procedureCode, shown.version), studio.mine(procedureCode), versionEntries(procedureCode)]);
      const t = translator(request.lang);
      const versionParam = shown.version === current.version ? '' : `?version=${shown.version}`;
      return reply.view('studio-procedure', {
        title: `${procedureCode} · ${t('studio.diagram.title')}`,
        code: procedureCode,
        name: request.lang === 'vi' ? shown.nameVi : shown.nameEn,
        version: shown.version,
        isCurrent: shown.version === current.version,
        svg,
        svgHref: `/studio/procedures/${procedureCode}/diagram.svg${versionParam}`,
        xesHref: `/studio/procedures/${procedureCode}/log.xes`,
        ocelHref: `/studio/procedures/${procedureCode}/log.jsonocel`,
        simulateHref: `/studio/simulate?procedure=${procedureCode}&version=${shown.version}`,
        draftHref: `/studio/drafts?procedure=${procedureCode}`,
        versions: versionsModel(request.lang, procedureCode, entries, current.version, shown.version),
        mining: miningModel(request.lang, mined.find((m) => m.procedureVersion === shown.version), shown),
        published: query.data.published ?? null,
      });
    });
  });

  app.get('/studio/procedures/:code/diagram.svg', { schema: { hide: true } }, async (request, reply) => {
    if (!designer(request, reply)) return reply;
    const params = procedureParams.safeParse(request.params);
    const query = versionQuery.safeParse(request.query);
    if (!params.success || !query.success) return renderPageNotFound(request, reply);
    return orErrorPage(reply, async () => {
      const svg = await studio.diagram(params.data.code, query.data.version);
      return reply
        .type('image/svg+xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${params.data.code}${query.data.version ? `-${query.data.version}` : ''}.svg"`)
        .send(svg);
    });
  });

  for (const [extension, format] of [['xes', 'xes'], ['jsonocel', 'ocel']] as const) {
    app.get(`/studio/procedures/:code/log.${extension}`, { schema: { hide: true } }, async (request, reply) => {
      if (!designer(request, reply)) return reply;
      const params = procedureParams.safeParse(request.params);
      if (!params.success) return renderPageNotFound(request, reply);
      const text = await studio.exportLog(format, { procedureCode: params.data.code });
      return reply
        .type(format === 'xes' ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="motcua-${params.data.code}.${extension}"`)
        .send(text);
    });
  }

  // Rollback: publish a publication's text again, or a file version's text.
  const republishBody = z.object({ reason: z.string().trim().max(500).default(''), version: optional(version) });
  app.post('/studio/procedures/:code/republish', { schema: { hide: true } }, async (request, reply) => {
    const identity = designer(request, reply);
    if (!identity) return reply;
    const params = procedureParams.safeParse(request.params);
    const body = republishBody.extend({ publication: optional(z.coerce.number().int().min(1)) }).safeParse(request.body ?? {});
    if (!params.success) return renderPageNotFound(request, reply);
    if (!body.success) return renderError(reply, 'REQUEST_INVALID', { detail: detailOf(body.error) });
    const procedureCode = params.data.code;
    return orErrorPage(reply, async () => {
      let publication;
      if (body.data.publication) {
        publication = await studio.rollback(identity, procedureCode, body.data.publication, body.data.reason);
      } else {
        const file = catalogue.versions(procedureCode).find((f) => f.compiled.version === body.data.version);
        if (!file) throw new MotcuaError('STUDIO_UNKNOWN_VERSION', { procedureCode, version: body.data.version ?? '' });
        publication = await studio.publish(identity, procedureCode, { yaml: await readFile(file.file, 'utf8'), reason: body.data.reason });
      }
      return reply.redirect(`${procedureHref(procedureCode)}?published=${publication.id}`, 303);
    });
  });

  // ---- /studio/simulate: the form, the job, its progress and result ----
  async function versionChoices(procedureCode: string | undefined, selected: string | undefined) {
    if (!procedureCode || !studio.procedures.get(procedureCode)) return { choices: [], hasDraft: false };
    const [entries, draft] = await Promise.all([versionEntries(procedureCode), studio.draft(procedureCode)]);
    const current = studio.procedures.get(procedureCode)!.version;
    const seen = new Set<string>();
    const choices = entries.flatMap((e) => {
      if (seen.has(e.version)) return [];
      seen.add(e.version);
      return [{ value: e.version, label: `${e.version}${e.version === current ? ' ★' : ''}`, selected: e.version === selected }];
    });
    return { choices, hasDraft: draft !== undefined, draftSelected: selected === 'draft' };
  }

  app.get('/studio/simulate', { schema: { hide: true } }, async (request, reply) => {
    if (!designer(request, reply)) return reply;
    const raw = (request.query ?? {}) as Record<string, string>;
    const form = simulateSchema.partial({ procedure: true }).safeParse(raw);
    const values = form.success ? form.data : { runs: DEFAULT_PAGE_RUNS, seed: 1 };
    const job = typeof raw.job === 'string' ? jobs.get(raw.job) : undefined;
    return reply.view('studio-simulate', {
      title: translator(request.lang)('studio.sim.title'),
      procedures: procedureChoices(values.procedure),
      versions: await versionChoices(values.procedure, values.version),
      values: { runs: values.runs ?? DEFAULT_PAGE_RUNS, seed: values.seed ?? 1, from: values.from ?? today(deps.now()) },
      job: job ? jobView(request, job) : null,
      maxRuns: MAX_RUNS,
    });
  });

  app.get('/studio/simulate/versions', { schema: { hide: true } }, async (request, reply) => {
    if (!designer(request, reply)) return reply;
    const query = z.object({ procedure: optional(code), name: z.enum(['version', 'before', 'after']).default('version') }).safeParse(request.query);
    if (!query.success) return renderError(reply, 'REQUEST_INVALID', { detail: detailOf(query.error) });
    return reply.view('studio-version-options', { name: query.data.name, versions: await versionChoices(query.data.procedure, undefined), allowDraft: query.data.name !== 'before' });
  });

  function jobView(request: FastifyRequest, job: NonNullable<ReturnType<typeof jobs.get>>) {
    const procedure = studio.procedures.get(job.context.procedure);
    if (job.error) {
      const error = job.error instanceof MotcuaError ? job.error : new MotcuaError('INTERNAL');
      return { id: job.id, running: false, error: { message: error.messageVi, other: error.message } };
    }
    if (!job.result) return { id: job.id, running: true, procedure: job.context.procedure, progress: progressModel(request.lang, job.done, job.total) };
    return { id: job.id, running: false, procedure: job.context.procedure, draft: job.context.version === 'draft', result: simulationModel(request.lang, job.result, procedure) };
  }

  app.post('/studio/simulate', { schema: { hide: true } }, async (request, reply) => {
    if (!designer(request, reply)) return reply;
    const form = simulateSchema.safeParse(request.body ?? {});
    if (!form.success) return renderError(reply, 'REQUEST_INVALID', { detail: detailOf(form.error) });
    const { procedure, version: chosen, runs, seed, from } = form.data;
    return orErrorPage(reply, async () => {
      const yaml = chosen === 'draft' ? (await studio.draft(procedure))?.definitionYaml : undefined;
      if (chosen === 'draft' && yaml === undefined) throw new MotcuaError('STUDIO_NO_DRAFT', { procedureCode: procedure });
      const batches = await studio.simulationInBatches(procedure, {
        version: chosen === 'draft' ? undefined : chosen,
        yaml,
        runs,
        seed,
        from: from ?? today(deps.now()),
      });
      const job = jobs.start({ procedure, version: chosen ?? studio.procedures.get(procedure)!.version }, runs, batches);
      if (isHtmx(request)) return reply.view('studio-job', { job: jobView(request, job) });
      const query = new URLSearchParams({ procedure, ...(chosen ? { version: chosen } : {}), runs: String(runs), seed: String(seed), from: from ?? today(deps.now()), job: job.id });
      return reply.redirect(`/studio/simulate?${query}`, 303);
    });
  });

  app.get('/studio/simulate/jobs/:id', { schema: { hide: true } }, async (request, reply) => {
    if (!designer(request, reply)) return reply;
    const job = jobs.get(String((request.params as { id?: string }).id ?? ''));
    if (!job) return renderPageNotFound(request, reply);
    return reply.view('studio-job', { job: jobView(request, job) });
  });

  // ---- /studio/compare ----
  app.get('/studio/compare', { schema: { hide: true } }, async (request, reply) => {
    if (!designer(request, reply)) return reply;
    const raw = (request.query ?? {}) as Record<string, string>;
    const t = translator(request.lang);
    const asked = raw.procedure !== undefined && raw.procedure !== '';
    const form = asked ? compareSchema.safeParse(raw) : compareSchema.partial({ procedure: true }).safeParse(raw);
    if (!form.success) return renderError(reply, 'REQUEST_INVALID', { detail: detailOf(form.error) });
    const values = form.data;
    return orErrorPage(reply, async () => {
      let comparison = null;
      // A procedure alone (chosen in the form) shows its versions; two sides asked for are compared.
      if (values.procedure && (values.before || values.after)) {
        const yaml = values.after === 'draft' ? (await studio.draft(values.procedure))?.definitionYaml : undefined;
        if (values.after === 'draft' && yaml === undefined) throw new MotcuaError('STUDIO_NO_DRAFT', { procedureCode: values.procedure });
        const result = await studio.compare(values.procedure, {
          before: values.before,
          after: values.after === 'draft' ? undefined : values.after,
          afterYaml: yaml,
          runs: values.runs,
          seed: values.seed,
          from: values.from ?? today(deps.now()),
        });
        comparison = comparisonModel(request.lang, result, studio.procedures.get(values.procedure));
      }
      return reply.view('studio-compare', {
        title: t('studio.compare.title'),
        procedures: procedureChoices(values.procedure),
        before: await versionChoices(values.procedure, values.before),
        after: await versionChoices(values.procedure, values.after),
        values: { runs: values.runs, seed: values.seed, from: values.from ?? today(deps.now()) },
        comparison,
        procedure: values.procedure ?? null,
      });
    });
  });

  // ---- /studio/drafts ----
  const draftQuery = z.object({ procedure: optional(code), saved: optional(z.string()) });
  app.get('/studio/drafts', { schema: { hide: true } }, async (request, reply) => {
    if (!designer(request, reply)) return reply;
    const query = draftQuery.safeParse(request.query);
    if (!query.success) return renderError(reply, 'REQUEST_INVALID', { detail: detailOf(query.error) });
    return orErrorPage(reply, () => renderDraft(request, reply, query.data.procedure, { saved: query.data.saved !== undefined }));
  });

  async function renderDraft(
    request: FastifyRequest,
    reply: FastifyReply,
    procedureCode: string | undefined,
    extra: { saved?: boolean; yaml?: string; status?: number; error?: { message: string; other: string } | null } = {},
  ) {
    const t = translator(request.lang);
    let editor = null;
    if (procedureCode) {
      if (!studio.procedures.get(procedureCode)) throw new MotcuaError('CASE_UNKNOWN_PROCEDURE', { procedureCode });
      const draft = await studio.draft(procedureCode);
      const yaml = extra.yaml ?? draft?.definitionYaml ?? (await currentText(procedureCode));
      editor = {
        code: procedureCode,
        yaml,
        savedDraft: draft ? { author: draft.author, updatedAt: draft.updatedAt } : null,
        check: draftCheckModel(request.lang, studio.checkDraft(procedureCode, yaml)),
        suggestions: suggestionsAt(schema, yaml, yaml.length),
      };
    }
    return reply.code(extra.status ?? 200).view('studio-drafts', {
      title: t('studio.draft.title'),
      procedures: procedureChoices(procedureCode),
      editor,
      saved: extra.saved ?? false,
      error: extra.error ?? null,
      versionsHref: procedureCode ? procedureHref(procedureCode) : null,
    });
  }

  const draftParams = z.object({ code });
  const checkBody = z.object({ yaml: z.string().max(200_000), cursor: optional(z.coerce.number().int().min(0)) });

  app.post('/studio/drafts/:code/check', { schema: { hide: true } }, async (request, reply) => {
    if (!designer(request, reply)) return reply;
    const params = draftParams.safeParse(request.params);
    const body = checkBody.safeParse(request.body ?? {});
    if (!params.success) return renderPageNotFound(request, reply);
    if (!body.success) return renderError(reply, 'REQUEST_INVALID', { detail: detailOf(body.error) });
    const { yaml, cursor } = body.data;
    return reply.view('studio-draft-check', {
      check: draftCheckModel(request.lang, studio.checkDraft(params.data.code, yaml)),
      suggestions: suggestionsAt(schema, yaml, cursor ?? yaml.length),
    });
  });

  const draftBody = z.object({ yaml: z.string().max(200_000), reason: z.string().trim().max(500).default(''), intent: z.enum(['save', 'publish']).default('save') });
  app.post('/studio/drafts/:code', { schema: { hide: true } }, async (request, reply) => {
    const identity = designer(request, reply);
    if (!identity) return reply;
    const params = draftParams.safeParse(request.params);
    const body = draftBody.safeParse(request.body ?? {});
    if (!params.success) return renderPageNotFound(request, reply);
    if (!body.success) return renderError(reply, 'REQUEST_INVALID', { detail: detailOf(body.error) });
    const procedureCode = params.data.code;
    const { yaml, reason, intent } = body.data;
    try {
      await studio.saveDraft(identity, procedureCode, yaml);
      if (intent === 'save') return reply.redirect(`/studio/drafts?procedure=${procedureCode}&saved=1`, 303);
      const publication = await studio.publish(identity, procedureCode, { yaml, reason });
      return reply.redirect(`${procedureHref(procedureCode)}?published=${publication.id}`, 303);
    } catch (error) {
      if (error instanceof MotcuaError && error.status < 500) {
        // The text stays in the editor with the reason it was refused; nothing is published.
        return renderDraft(request, reply, procedureCode, { yaml, status: error.status, error: { message: error.messageVi, other: error.message } });
      }
      throw error;
    }
  });
};
