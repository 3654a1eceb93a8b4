import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { accountNameSchema, createAccount, listAccounts, listUnits, resetPassword, setAccountActive } from '../../auth/accounts.js';
import { generatePassword } from '../../auth/passwords.js';
import type { Identity } from '../../cases/actor.js';
import { canAdministerAccounts } from '../../cases/authorization.js';
import { MotcuaError } from '../../errors.js';
import type { ConsolePageDeps } from '../console-deps.js';
import { pick, translator } from '../i18n/messages.js';
import { renderError, renderPageNotFound } from '../page-errors.js';
import {
  accountsByUnit,
  fieldError,
  newAccountFields,
  roleOptions,
  validateNewAccount,
  type AdminFieldError,
  type NewAccountValues,
} from '../view-models/admin-users.js';
import { identityOf, loginRedirect, type PageIdentity } from '../web-plugin.js';

const listQuery = z.object({ unit: z.string().max(64).optional() });
const accountChanges = ['disable', 'enable', 'password'] as const;
const changeParams = z.object({ account: z.string().max(100), change: z.enum(accountChanges) });

interface Notice {
  key: 'admin.created' | 'admin.reset';
  account: string;
  /** Generated here and shown once: it is stored only as its argon2id hash. */
  password: string;
}

function formValues(body: unknown): NewAccountValues {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(newAccountFields.filter((f) => typeof source[f] === 'string').map((f) => [f, source[f] as string]));
}

/**
 * /admin/users: accounts by unit, add (password generated and shown once), disable/enable, reset
 * password — the same functions as `motcua users`. Administrators only; for everyone else the page
 * does not exist (404), like a case another unit never held.
 */
export const adminUsersPages: FastifyPluginAsync<ConsolePageDeps> = async (app, deps) => {
  const adminOnly = (request: FastifyRequest, reply: FastifyReply): PageIdentity | null => {
    const identity = identityOf(request);
    if (!identity) {
      void loginRedirect(request, reply);
      return null;
    }
    if (!canAdministerAccounts(identity as Identity)) {
      void renderPageNotFound(request, reply);
      return null;
    }
    // Pages here may carry a password shown once: never cached.
    void reply.header('cache-control', 'no-store');
    return identity;
  };

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { status?: number; errors?: AdminFieldError[]; values?: NewAccountValues; notice?: Notice; unit?: string | undefined } = {},
  ) {
    const t = translator(request.lang);
    const units = await listUnits(deps.db);
    const unitFilter = units.some((u) => u.code === extra.unit) ? extra.unit : undefined;
    const accounts = await listAccounts(deps.db, { unit: unitFilter });
    const errors = extra.errors ?? [];
    const values = extra.values ?? {};
    return reply.code(extra.status ?? 200).view('admin-users', {
      title: t('admin.title'),
      groups: accountsByUnit(request.lang, accounts, units, unitFilter),
      total: accounts.length,
      unitFilter: unitFilter ?? '',
      units: units.map((u) => ({ value: u.code, label: `${u.code} — ${pick(request.lang, { vi: u.nameVi, en: u.nameEn })}` })),
      roles: roleOptions(request.lang, values.role),
      values,
      errors,
      errorOf: Object.fromEntries(errors.map((e) => [e.field, e])),
      notice: extra.notice ? { text: t(extra.notice.key, { account: extra.notice.account }), password: extra.notice.password, account: extra.notice.account } : null,
    });
  }

  app.get('/admin/users', { schema: { hide: true } }, async (request, reply) => {
    if (!adminOnly(request, reply)) return reply;
    const query = listQuery.safeParse(request.query);
    return render(request, reply, { unit: query.success ? query.data.unit : undefined });
  });

  app.post('/admin/users', { schema: { hide: true } }, async (request, reply) => {
    if (!adminOnly(request, reply)) return reply;
    const values = formValues(request.body);
    const checked = validateNewAccount(values, await listUnits(deps.db));
    if (!checked.ok) return render(request, reply, { status: 400, errors: checked.errors, values });
    const password = generatePassword();
    try {
      const created = await createAccount(deps.db, { ...checked.account, password });
      return render(request, reply, { notice: { key: 'admin.created', account: created.account, password }, unit: created.unit });
    } catch (error) {
      if (error instanceof MotcuaError && error.code === 'ACCOUNT_EXISTS') {
        return render(request, reply, { status: 409, errors: [fieldError('account', 'field.accountExists', { account: checked.account.account })], values });
      }
      throw error;
    }
  });

  app.post('/admin/users/:account/:change', { schema: { hide: true } }, async (request, reply) => {
    const identity = adminOnly(request, reply);
    if (!identity) return reply;
    const params = changeParams.safeParse(request.params);
    if (!params.success) return renderPageNotFound(request, reply);
    const account = accountNameSchema.safeParse(params.data.account);
    if (!account.success) return render(request, reply, { status: 400, errors: [fieldError('account', 'field.account')] });
    const { change } = params.data;
    // Disabling oneself would leave the page with no administrator to undo it.
    if (change === 'disable' && account.data === identity.account) {
      return render(request, reply, { status: 400, errors: [fieldError('account', 'field.self')] });
    }
    try {
      if (change === 'password') {
        const password = generatePassword();
        const changed = await resetPassword(deps.db, account.data, password);
        return render(request, reply, { notice: { key: 'admin.reset', account: changed.account, password }, unit: changed.unit });
      }
      const changed = await setAccountActive(deps.db, account.data, change === 'enable');
      return reply.redirect(`/admin/users?unit=${encodeURIComponent(changed.unit)}#account-${changed.account}`, 303);
    } catch (error) {
      if (error instanceof MotcuaError && error.code === 'ACCOUNT_NOT_FOUND') {
        return render(request, reply, { status: 404, errors: [fieldError('account', 'field.accountUnknown', { account: account.data })] });
      }
      throw error;
    }
  });
};
