import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { MotcuaError } from '../../errors.js';
import type { ConsolePageDeps } from '../console-deps.js';
import { pick, translator } from '../i18n/messages.js';
import { renderError } from '../page-errors.js';
import { intakeFields, newIntakeKey, proceduresReceivedAt, searchProcedures, validateIntake, type FieldError, type IntakeValues } from '../view-models/intake-form.js';
import { identityOf, loginRedirect, type PageIdentity } from '../web-plugin.js';
import type { Identity } from '../../cases/actor.js';

function formValues(body: unknown): IntakeValues {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  // Ticked checklist boxes and the free-text papers share the name `documents`: one line each.
  const value = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join('\n') : v);
  return Object.fromEntries(intakeFields.filter((f) => typeof value(source[f]) === 'string').map((f) => [f, value(source[f]) as string]));
}

/** GET /intake (the form), GET /intake/procedures (htmx: the catalogue filtered), POST /intake (receive → form 01). */
export const intakePages: FastifyPluginAsync<ConsolePageDeps> = async (app, deps) => {
  const deskOnly = (request: FastifyRequest, reply: FastifyReply): PageIdentity | null => {
    const identity = identityOf(request);
    if (!identity) {
      void loginRedirect(request, reply);
      return null;
    }
    if (identity.role !== 'desk_officer') {
      void renderError(reply, 'REQUEST_INVALID', { detail: 'intake is done by desk officers' });
      return null;
    }
    return identity;
  };

  const procedureOptions = (identity: PageIdentity, lang: 'vi' | 'en', query: string | undefined, selected: string | undefined) =>
    searchProcedures(proceduresReceivedAt(identity.unit, deps.procedures.list(), deps.units), query).map((p) => ({
      value: p.code,
      label: `${p.code} — ${pick(lang, { vi: p.nameVi, en: p.nameEn })}`,
      selected: p.code === selected,
      channels: p.channels,
    }));

  /** The procedure's listed components as checkboxes; ticked ones come back checked, the rest of the papers stay in the text box. */
  function checklist(lang: 'vi' | 'en', code: string | undefined, received: string | undefined) {
    const listed = code ? (deps.procedures.documents?.(code) ?? []) : [];
    const lines = (received ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const t = translator(lang);
    const items = listed.map((d) => ({
      value: d.nameVi,
      label: pick(lang, { vi: d.nameVi, en: d.nameEn }),
      required: d.required,
      counts: [d.originals !== undefined ? t('intake.originals', { count: d.originals }) : '', d.copies !== undefined ? t('intake.copies.count', { count: d.copies }) : ''].filter(Boolean).join(', '),
      note: d.note ?? '',
      source: d.source,
      checked: lines.some((l) => l.toLowerCase() === d.nameVi.toLowerCase()),
    }));
    const others = lines.filter((l) => !listed.some((d) => d.nameVi.toLowerCase() === l.toLowerCase())).join('\n');
    return { items, others };
  }

  function renderForm(request: FastifyRequest, reply: FastifyReply, identity: PageIdentity, values: IntakeValues, errors: FieldError[], q?: string, status?: number) {
    const t = translator(request.lang);
    const deskWard = deps.units.find(identity.unit)?.ward ?? undefined;
    const documents = checklist(request.lang, values.procedureCode, values.documents);
    return reply.code(status ?? (errors.length > 0 ? 400 : 200)).view('intake', {
      title: t('intake.title'),
      checklist: documents.items,
      values: { ...values, documents: documents.items.length > 0 ? documents.others : values.documents },
      q: q ?? '',
      procedures: procedureOptions(identity, request.lang, q, values.procedureCode),
      channels: (['desk', 'online', 'post'] as const).map((c) => ({ value: c, label: t(`channel.${c}`), checked: (values.channel ?? 'desk') === c })),
      wards: deps.units.wards.map((w) => ({ value: w.code, label: pick(request.lang, { vi: w.nameVi, en: w.nameEn }), selected: (values.ward ?? deskWard) === w.code })),
      deskWard,
      // Kept across a refused post (nothing was recorded under it), new for a fresh form.
      idempotencyKey: values.idempotencyKey || newIntakeKey(),
      errors,
      errorOf: Object.fromEntries(errors.map((e) => [e.field, e])),
    });
  }

  app.get('/intake', { schema: { hide: true } }, async (request, reply) => {
    const identity = deskOnly(request, reply);
    if (!identity) return reply;
    const q = typeof (request.query as Record<string, unknown>).q === 'string' ? String((request.query as Record<string, unknown>).q).slice(0, 100) : undefined;
    return renderForm(request, reply, identity, {}, [], q);
  });

  app.get('/intake/procedures', { schema: { hide: true } }, async (request, reply) => {
    const identity = deskOnly(request, reply);
    if (!identity) return reply;
    const q = String((request.query as Record<string, unknown>).q ?? '').slice(0, 100);
    const t = translator(request.lang);
    return reply.view('intake-procedures', { procedures: procedureOptions(identity, request.lang, q, undefined), none: t('intake.noProcedures') });
  });

  app.get('/intake/documents', { schema: { hide: true } }, async (request, reply) => {
    const identity = deskOnly(request, reply);
    if (!identity) return reply;
    const code = String((request.query as Record<string, unknown>).procedureCode ?? '').slice(0, 32);
    return reply.view('intake-documents', { checklist: checklist(request.lang, code, undefined).items });
  });

  app.post('/intake', { schema: { hide: true } }, async (request, reply) => {
    const identity = deskOnly(request, reply);
    if (!identity) return reply;
    const values = formValues(request.body);
    const checked = validateIntake(values, identity.unit, deps.procedures.list(), deps.units, (code) => deps.procedures.documents?.(code) ?? []);
    if (!checked.ok) return renderForm(request, reply, identity, values, checked.errors);
    const { intake } = checked;
    try {
      const view = await deps.cases.submitAs(identity as Identity, {
        idempotencyKey: intake.idempotencyKey,
        procedureCode: intake.procedureCode,
        channel: intake.channel,
        ward: intake.ward,
        applicant: intake.applicant,
      });
      return reply.redirect(`/forms/${encodeURIComponent(view.caseCode)}/01`, 303);
    } catch (error) {
      // The key of a form already received, sent again with other content (back button, edit, resend): a fresh form.
      if (error instanceof MotcuaError && error.code === 'CASE_IDEMPOTENCY_KEY_REUSED') {
        return renderForm(request, reply, identity, { ...values, idempotencyKey: newIntakeKey() }, [{ field: 'idempotencyKey', vi: error.messageVi, en: error.message }], undefined, 409);
      }
      if (error instanceof MotcuaError && error.status === 400) {
        return renderForm(request, reply, identity, values, [{ field: 'procedureCode', vi: error.messageVi, en: error.message }]);
      }
      throw error;
    }
  });
};
