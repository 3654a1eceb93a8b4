/**
 * The web stack every page uses (console, metrics, studio): server-rendered eta templates through
 * @fastify/view, static assets at /assets/ (app.css, print.css, htmx from node_modules), form
 * bodies, and the page language (Vietnamese first; `?lang=en` switches and a cookie remembers).
 * No client framework and no build step: `npm start` serves the pages as they are in the repo.
 *
 * Registered on the root instance (it skips encapsulation), so page plugins registered after it
 * find `reply.view` and `reply.locals` ({ lang, t, identity, path, langHref }) ready.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import { Eta } from 'eta';
import { builtInUnitDirectory, type Organisation, type UnitDirectory } from '../procedures/unit-directory.js';
import { isLanguage, pick, translator, type Language, type Translate } from './i18n/messages.js';

export const viewsDir = fileURLToPath(new URL('./views', import.meta.url));
export const assetsDir = fileURLToPath(new URL('./assets', import.meta.url));
const htmxDir = path.dirname(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));

export const languageCookie = 'motcua_lang';

/** Who is signed in, as the auth plugin decorates it (the identity contract); null when nobody. */
export interface PageIdentity {
  account: string;
  name: string;
  unit: string;
  role: string;
}

/** The identity the auth plugin put on the request, if any (pages never read a session themselves). */
export function identityOf(request: FastifyRequest): PageIdentity | null {
  return (request as FastifyRequest & { identity?: PageIdentity | null }).identity ?? null;
}

export interface PageLocals {
  lang: Language;
  t: Translate;
  identity: PageIdentity | null;
  /** The page's own path and query, for links that come back here. */
  path: string;
  /** The same page in the other language. */
  langHref: string;
  /** The app's name: the organisation's one-stop (`Một cửa Thành phố Hồ Chí Minh`, `Một cửa Quận 7`). */
  appName: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    lang: Language;
  }
  interface FastifyInstance {
    /** The deployment's organisation (`UnitDirectory.organisation`), which every page is named after. */
    pageOrganisation?: Organisation;
  }
  interface FastifyReply {
    /** Data every template sees besides its own (@fastify/view merges it). */
    locals?: Record<string, unknown>;
  }
}

function otherLanguageHref(url: string, lang: Language): string {
  const parsed = new URL(url, 'http://page.local');
  parsed.searchParams.set('lang', lang === 'vi' ? 'en' : 'vi');
  return `${parsed.pathname}${parsed.search}`;
}

/** The language of this request: `?lang=` (remembered in a cookie), else the cookie, else Vietnamese. */
function languageOf(request: FastifyRequest, reply: FastifyReply): Language {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLanguage(asked)) {
    reply.setCookie(languageCookie, asked, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
    return asked;
  }
  const remembered = request.cookies?.[languageCookie];
  return isLanguage(remembered) ? remembered : 'vi';
}

export interface WebPluginOptions {
  /** The deployment's units (default: the built-in District 7 list): the pages carry its organisation's name. */
  units?: UnitDirectory | undefined;
}

export async function webPlugin(app: FastifyInstance, { units = builtInUnitDirectory }: WebPluginOptions = {}): Promise<void> {
  app.decorate('pageOrganisation', units.organisation);
  if (!app.hasRequestDecorator('cookies')) await app.register(cookie);
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  await app.register(view, {
    engine: { eta: new Eta({ views: viewsDir, autoEscape: true }) },
    templates: viewsDir,
    // Templates are compiled once and cached, except while developing them.
    production: process.env.NODE_ENV !== 'development',
  });
  await app.register(fastifyStatic, { root: assetsDir, prefix: '/assets/', index: false, maxAge: '1h' });
  await app.register(fastifyStatic, {
    root: htmxDir,
    prefix: '/assets/htmx/',
    decorateReply: false,
    index: false,
    maxAge: '1d',
    allowedPath: (pathName) => pathName === '/htmx.min.js',
  });
  app.decorateRequest('lang', 'vi');
  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/assets/') || request.url.startsWith('/api/')) return;
    setPageLocals(request, reply);
  });
}

/** What every template sees: language, labels, who is signed in, the page's path. */
export function setPageLocals(request: FastifyRequest, reply: FastifyReply): void {
  const lang = languageOf(request, reply);
  request.lang = lang;
  const t = translator(lang);
  const organisation = request.server.pageOrganisation ?? builtInUnitDirectory.organisation;
  const locals: PageLocals = {
    lang,
    t,
    appName: t('app.name', { area: pick(lang, { vi: organisation.areaVi, en: organisation.areaEn }) }),
    identity: identityOf(request),
    path: request.url,
    langHref: otherLanguageHref(request.url, lang),
  };
  reply.locals = { ...(reply.locals ?? {}), ...locals };
}
// Like fastify-plugin: the stack is shared by every page plugin, not hidden in a child context.
(webPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

/** Where a page without a signed-in user sends the browser. */
export function loginRedirect(request: FastifyRequest, reply: FastifyReply) {
  return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
}
