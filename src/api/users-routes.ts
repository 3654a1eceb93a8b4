import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountNameSchema, createAccount, listAccounts, listUnits, resetPassword, setAccountActive } from '../auth/accounts.js';
import { issueApiToken, revokeApiTokens } from '../auth/api-tokens.js';
import { minimumPasswordLength } from '../auth/passwords.js';
import { staffRoles } from '../cases/actor.js';
import { canAdministerAccounts } from '../cases/authorization.js';
import { MotcuaError } from '../errors.js';
import type { MotcuaDb } from '../store/database.js';
import { requireIdentity } from './auth-plugin.js';
import { errorResponseSchema, identityResponseSchema, storableText } from './schemas.js';

const accountSummarySchema = identityResponseSchema.extend({
  active: z.boolean().describe('Đang hoạt động'),
  demo: z.boolean().describe('Tài khoản thử (demo)'),
  createdAt: z.string(),
});

const unitSchema = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  level: z.string(),
  kind: z.enum(['desk', 'ward_committee', 'office']),
  ward: z.string().nullable(),
});

export const newAccountBodySchema = z.strictObject({
  account: accountNameSchema.describe('Tài khoản (lower case), e.g. nguyen.van.a'),
  name: z.string().trim().min(1).max(200).refine(...storableText).describe('Họ tên'),
  unit: z.string().min(1).refine(...storableText).describe('Mã đơn vị, e.g. Q7.TCKH'),
  role: z.enum(staffRoles).describe('Vai trò'),
  password: z.string().min(minimumPasswordLength).max(200),
});

const accountParamsSchema = z.object({ account: accountNameSchema });
const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

/** The signed-in administrator, else 401 (no session) or 403. */
export function requireAdmin(request: FastifyRequest) {
  const identity = requireIdentity(request);
  if (!canAdministerAccounts(identity)) throw new MotcuaError('AUTH_FORBIDDEN');
  return identity;
}

/** Accounts and units: reading units is for every signed-in account, the rest for administrators. */
export const usersRoutes: FastifyPluginAsync<{ db: MotcuaDb; now?: () => Date }> = async (app, { db, now = () => new Date() }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/units', {
    schema: { tags: ['accounts'], summary: 'Đơn vị / Units', response: { 200: z.array(unitSchema), 401: errorResponseSchema } },
    handler: async (request) => {
      requireIdentity(request);
      return listUnits(db);
    },
  });

  api.get('/api/users', {
    schema: {
      tags: ['accounts'],
      summary: 'Danh sách tài khoản / Accounts (administrator)',
      querystring: z.object({ unit: z.string().min(1).optional() }),
      response: { 200: z.array(accountSummarySchema), ...errors },
    },
    handler: async (request) => {
      requireAdmin(request);
      return listAccounts(db, { unit: request.query.unit });
    },
  });

  api.post('/api/users', {
    schema: { tags: ['accounts'], summary: 'Tạo tài khoản / Add an account (administrator)', body: newAccountBodySchema, response: { 201: accountSummarySchema, ...errors } },
    handler: async (request, reply) => {
      requireAdmin(request);
      return reply.code(201).send(await createAccount(db, request.body));
    },
  });

  api.post('/api/users/:account/disable', {
    schema: { tags: ['accounts'], summary: 'Khóa tài khoản / Disable (ends its sessions and tokens)', params: accountParamsSchema, response: { 200: accountSummarySchema, ...errors } },
    handler: async (request) => {
      requireAdmin(request);
      return setAccountActive(db, request.params.account, false);
    },
  });

  api.post('/api/users/:account/enable', {
    schema: { tags: ['accounts'], summary: 'Mở khóa tài khoản / Enable', params: accountParamsSchema, response: { 200: accountSummarySchema, ...errors } },
    handler: async (request) => {
      requireAdmin(request);
      return setAccountActive(db, request.params.account, true);
    },
  });

  api.post('/api/users/:account/password', {
    schema: {
      tags: ['accounts'],
      summary: 'Đặt lại mật khẩu / Reset the password (ends its sessions)',
      params: accountParamsSchema,
      body: z.strictObject({ password: z.string().min(minimumPasswordLength).max(200) }),
      response: { 200: accountSummarySchema, ...errors },
    },
    handler: async (request) => {
      requireAdmin(request);
      return resetPassword(db, request.params.account, request.body.password);
    },
  });

  api.post('/api/users/:account/tokens', {
    schema: {
      tags: ['accounts'],
      summary: 'Cấp mã API / Issue a bearer token for an API client (shown once)',
      params: accountParamsSchema,
      body: z.strictObject({ label: z.string().trim().min(1).max(200).refine(...storableText), days: z.number().int().min(1).max(3650).optional() }),
      response: { 201: z.object({ token: z.string(), account: z.string(), label: z.string(), expiresAt: z.string().nullable() }), ...errors },
    },
    handler: async (request, reply) => {
      requireAdmin(request);
      const { label, days } = request.body;
      const expiresAt = days === undefined ? null : new Date(now().getTime() + days * 86_400_000);
      return reply.code(201).send(await issueApiToken(db, request.params.account, label, expiresAt));
    },
  });

  api.delete('/api/users/:account/tokens', {
    schema: {
      tags: ['accounts'],
      summary: 'Thu hồi mã API / Revoke every token of an account',
      params: accountParamsSchema,
      response: { 200: z.object({ revoked: z.number() }), ...errors },
    },
    handler: async (request) => {
      requireAdmin(request);
      return { revoked: await revokeApiTokens(db, request.params.account) };
    },
  });
};
