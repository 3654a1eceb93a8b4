import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseInstant } from '../../calendar/index.js';
import { describeError, MotcuaError } from '../../errors.js';
import { caseUnitsOf } from '../../store/submission-store.js';
import { applicantOf, caseRowSoon } from '../case-row.js';
import type { ConsolePageDeps } from '../console-deps.js';
import { translator } from '../i18n/messages.js';
import { renderError } from '../page-errors.js';
import { caseModel } from '../view-models/case-model.js';
import { identityOf, loginRedirect, type PageIdentity } from '../web-plugin.js';
import type { Identity } from '../../cases/actor.js';

const codeParams = z.object({ code: z.string().min(1).max(64) });

export const caseActionFormSchema = z.object({
  action: z.string().regex(/^[a-z][a-z0-9_]*$/),
  idempotencyKey: z.string().min(8).max(200),
  note: z.string().trim().max(2000).optional(),
  newDueAt: z.string().trim().optional(),
});

/** GET /cases/:code (state, deadline, timeline, actions) and POST /cases/:code/actions (one action, confirmed). */
export const casePages: FastifyPluginAsync<ConsolePageDeps> = async (app, deps) => {
  async function renderCase(
    request: FastifyRequest,
    reply: FastifyReply,
    identity: PageIdentity,
    code: string,
    extra: { status?: number; error?: { field?: string; messageVi: string; message: string }; values?: Record<string, string> } = {},
  ) {
    // Scoped like the API (a unit that never held the case gets 404); the buttons are what the case rules allow this account.
    const [details, row, caseUnits] = await Promise.all([deps.cases.detailsFor(identity as Identity, code), caseRowSoon(deps.db, code), caseUnitsOf(deps.db, code)]);
    const procedure = deps.procedures.get(details.procedureCode);
    if (!procedure || !row) return renderError(reply, 'CASE_NOT_FOUND', { caseCode: code });
    const applicant = applicantOf(row);
    const userActions = details.yourActions;
    const model = caseModel({
      lang: request.lang,
      details,
      applicant,
      ward: row.ward,
      caseUnits,
      directory: deps.units,
      procedure,
      calendar: deps.calendar(),
      now: deps.now(),
      userActions,
      error: extra.error ?? null,
      values: extra.values,
    });
    return reply.code(extra.status ?? 200).view('case', { ...model, idempotencyKey: randomUUID() });
  }

  app.get('/cases/:code', { schema: { hide: true } }, async (request, reply) => {
    const identity = identityOf(request);
    if (!identity) return loginRedirect(request, reply);
    const { code } = codeParams.parse(request.params);
    try {
      return await renderCase(request, reply, identity, code);
    } catch (error) {
      if (error instanceof MotcuaError) return renderError(reply, error.code, error.params);
      throw error;
    }
  });

  app.post('/cases/:code/actions', { schema: { hide: true } }, async (request, reply) => {
    const identity = identityOf(request);
    if (!identity) return loginRedirect(request, reply);
    const { code } = codeParams.parse(request.params);
    const parsed = caseActionFormSchema.safeParse(request.body ?? {});
    const values = Object.fromEntries(Object.entries((request.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    const fail = (field: string, reason: { vi: string; en: string }, status = 400) =>
      renderCase(request, reply, identity, code, { status, values, error: { field, messageVi: reason.vi, message: reason.en } });
    if (!parsed.success) {
      const described = describeError('REQUEST_INVALID', { detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      return fail(String(parsed.error.issues[0]?.path[0] ?? 'action'), { vi: described.messageVi, en: described.message });
    }
    const { action, idempotencyKey, note } = parsed.data;
    let newDueAt: string | undefined;
    if (action === 'issue_apology') {
      const parsedDate = parsed.data.newDueAt ? parseInstant(parsed.data.newDueAt) : undefined;
      if (!parsedDate) {
        const vi = translator('vi');
        const en = translator('en');
        return fail('newDueAt', { vi: `${vi('case.apology.newDueAt')}: ${vi('field.date')}`, en: `${en('case.apology.newDueAt')}: ${en('field.date')}` });
      }
      newDueAt = parsedDate.toISOString();
    }
    try {
      await deps.cases.actAs(identity as Identity, code, { action, note: note || undefined, newDueAt }, idempotencyKey);
    } catch (error) {
      if (error instanceof MotcuaError && error.status < 500) {
        if (error.code === 'CASE_NOT_FOUND') return renderError(reply, error.code, error.params);
        return fail('action', { vi: error.messageVi, en: error.message }, error.status);
      }
      throw error;
    }
    const target = `/cases/${encodeURIComponent(code)}`;
    if (request.headers['hx-request'] === 'true') return reply.header('HX-Redirect', target).code(204).send();
    return reply.redirect(target, 303);
  });
};
