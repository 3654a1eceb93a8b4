/**
 * Who is calling: every request gets `request.identity` from the session cookie (signed and
 * encrypted by @fastify/secure-session) or from `Authorization: Bearer <token>`; null when neither
 * holds a valid, active account. Routes decide with `requireIdentity` and the pure rules in
 * src/cases/authorization.ts.
 */
import secureSession from '@fastify/secure-session';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sessionIdentity } from '../auth/accounts.js';
import { tokenIdentity } from '../auth/api-tokens.js';
import type { Identity } from '../cases/actor.js';
import { MotcuaError } from '../errors.js';
import type { MotcuaDb } from '../store/database.js';

declare module '@fastify/secure-session' {
  interface SessionData extends SignedIn {}
}

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity | null;
  }
}

export const sessionCookieName = 'motcua_session';

export interface AuthOptions {
  db: MotcuaDb;
  /** 32 bytes (see src/auth/session-key.ts). */
  sessionKey: Buffer;
  /** How long a sign-in lasts. */
  sessionHours: number;
  /** Send the cookie only over HTTPS (set behind a TLS proxy). */
  secureCookie?: boolean | undefined;
  /** The clock at the edge (tests pass their own). */
  now?: () => Date;
}

/** What the session cookie carries (encrypted): the account and when its credentials were last set. */
export interface SignedIn {
  account: string;
  credentialsAt: string;
  signedInAt: string;
}

/** Registers sessions and the identity hook on the root instance (not encapsulated: every route sees it). */
export async function installAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const now = options.now ?? (() => new Date());
  const lifetimeMs = options.sessionHours * 3_600_000;
  await app.register(secureSession, {
    key: options.sessionKey,
    cookieName: sessionCookieName,
    // The library's own expiry (real clock) backs up the check below (the app's clock).
    expiry: Math.ceil(lifetimeMs / 1000),
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookie ?? false },
  });
  app.decorateRequest('identity', null);
  app.addHook('onRequest', async (request) => {
    request.identity = await identify(request);
  });

  async function identify(request: FastifyRequest): Promise<Identity | null> {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) return tokenIdentity(options.db, header.slice('Bearer '.length).trim(), now());
    const account = request.session.get('account');
    const credentialsAt = request.session.get('credentialsAt');
    const signedInAt = request.session.get('signedInAt');
    if (!account || !credentialsAt || !signedInAt) return null;
    if (Date.parse(signedInAt) + lifetimeMs <= now().getTime()) {
      request.session.delete();
      return null;
    }
    const identity = await sessionIdentity(options.db, account, credentialsAt);
    if (!identity) request.session.delete();
    return identity;
  }
}

/** The caller's identity, or 401 AUTH_REQUIRED. */
export function requireIdentity(request: FastifyRequest): Identity {
  if (!request.identity) throw new MotcuaError('AUTH_REQUIRED');
  return request.identity;
}

/** Starts a session for an identity that just proved its credentials. */
export function signIn(request: FastifyRequest, signedIn: SignedIn): void {
  request.session.set('account', signedIn.account);
  request.session.set('credentialsAt', signedIn.credentialsAt);
  request.session.set('signedInAt', signedIn.signedInAt);
}

export function signOut(request: FastifyRequest): void {
  request.session.delete();
}
