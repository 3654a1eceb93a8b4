import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { UnitDirectory } from '../../procedures/unit-directory.js';
import { pick, translator } from '../i18n/messages.js';
import { identityOf } from '../web-plugin.js';

/** Only local paths are followed after login (no open redirect to another site). */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/queue';
}

/** `/` (where to go from here) and `/login` (the form posts to the auth API, which redirects to `next`). */
export const homePages: FastifyPluginAsync<{ units: UnitDirectory }> = async (app, { units }) => {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const identity = identityOf(request);
    const unit = identity ? units.find(identity.unit) : undefined;
    const unitName = unit ? pick(request.lang, { vi: unit.nameVi, en: unit.nameEn }) : identity?.unit;
    const area = units.areaFor(identity?.unit ?? null);
    const publicDesk = units.publicDeskFor(identity?.unit ?? null);
    return reply.view('home', {
      title: translator(request.lang)('home.title', { area: pick(request.lang, { vi: area.nameVi, en: area.nameEn }) }),
      unitName,
      publicHref: publicDesk ? `/public/units/${encodeURIComponent(publicDesk)}` : null,
    });
  });

  // The login route sends a refused form back here with `error=invalid`.
  const loginQuery = z.object({ next: z.string().optional(), error: z.string().optional() });
  app.get('/login', { schema: { hide: true } }, async (request, reply) => {
    const query = loginQuery.safeParse(request.query);
    const next = safeNext(query.success ? query.data.next : undefined);
    return reply.view('login', { title: translator(request.lang)('login.title'), next, failed: query.success && query.data.error !== undefined });
  });
};
