import type { FastifyPluginAsync, preHandlerAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkCalendarUpdate, type CalendarAnnouncer } from '../engine/calendar-announcements.js';
import { errorResponseSchema } from './schemas.js';

const announcementBodySchema = z.object({
  update: z.unknown().describe('The calendar update, as in a file for `motcua calendar announce` (version, schedules, reason)'),
  announcedBy: z.string().trim().min(1).describe('Who announces (until accounts exist: a name)'),
  reason: z.string().trim().min(1).optional(),
  file: z.string().min(1).default('request body').describe('Name used in error messages'),
});

const announcementSummarySchema = z.object({
  version: z.string(),
  basedOn: z.string(),
  contentHash: z.string(),
  stored: z.boolean(),
  openCases: z.number(),
  updated: z.number(),
  deadlinesMoved: z.number(),
  alreadyCurrent: z.number(),
  failed: z.array(z.object({ caseCode: z.string(), error: z.string() })),
});

export interface CalendarRoutesOptions {
  calendar: CalendarAnnouncer;
  /** Runs before the handler: the administrator-role guard once accounts exist. */
  guard?: preHandlerAsyncHookHandler;
}

/** Lịch làm việc: announcing a change. Translates HTTP to the announcer, nothing more. */
export const calendarRoutes: FastifyPluginAsync<CalendarRoutesOptions> = async (app, { calendar, guard }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post('/api/calendar/announcements', {
    preHandler: guard ? [guard] : [],
    schema: {
      tags: ['calendar'],
      summary: 'Công bố thay đổi lịch làm việc / Announce a calendar change to new and open cases',
      body: announcementBodySchema,
      // 401/403: the guard (administrators only), in the document so clients and the fuzzer know them.
      response: { 201: announcementSummarySchema, 400: errorResponseSchema, 401: errorResponseSchema, 403: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (request, reply) => {
      const { update, announcedBy, reason, file } = request.body;
      const summary = await calendar.announce(checkCalendarUpdate(update, file), { announcedBy, reason, file });
      return reply.code(201).send(summary);
    },
  });
};
