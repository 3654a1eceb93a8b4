import { z } from 'zod';
import { caseEventTypes, timelinessValues } from '../cases/case-event.js';
import { channels } from '../cases/case-rules.js';

export const errorResponseSchema = z
  .object({
    code: z.string().describe('Stable error code, e.g. CASE_ACTION_NOT_ALLOWED'),
    message: z.string().describe('English message'),
    messageVi: z.string().describe('Thông báo tiếng Việt'),
    details: z.unknown().optional(),
  })
  .describe('An error with a stable code');

export const submitCaseBodySchema = z.object({
  procedureCode: z.string().min(1).describe('Mã thủ tục, e.g. D7-HKD-01'),
  applicant: z
    .object({ name: z.string().min(1).describe('Họ tên / tên tổ chức') })
    .catchall(z.unknown())
    .describe('Người nộp hồ sơ'),
  channel: z.enum(channels).describe('Kênh nộp: desk (trực tiếp), online (trực tuyến), post (bưu chính)'),
  ward: z.string().min(1).optional().describe('Phường, for ward procedures (e.g. TTD)'),
  receivedAt: z.iso.datetime({ offset: true }).optional().describe('For post: the signed handover to the agency'),
});

export const actionBodySchema = z.object({
  action: z.string().min(1).describe('Action name, e.g. accept, approve, request_supplement'),
  idempotencyKey: z.string().min(8).max(200).describe('Same key → same effect once; retries are safe'),
  actor: z
    .string()
    .min(1)
    .refine((actor) => !['post', 'system'].includes(actor), 'post and system act through their own channels')
    .default('staff')
    .describe('Staff id performing the action'),
  actorUnit: z.string().min(1).optional().describe('Unit the actor acts for; checked against the unit holding the case'),
  note: z.string().max(2000).optional(),
  newDueAt: z.iso.datetime({ offset: true }).optional().describe('issue_apology: the new appointment date'),
});

export const caseEventResponseSchema = z.object({
  caseCode: z.string(),
  seq: z.number(),
  type: z.enum(caseEventTypes),
  at: z.string(),
  actor: z.string(),
  unit: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  dueAt: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

export const caseViewResponseSchema = z.object({
  caseCode: z.string().describe('Mã hồ sơ'),
  procedureCode: z.string(),
  procedureVersion: z.string(),
  calendarVersion: z.string(),
  state: z.string().describe('Active state path(s)'),
  states: z.array(
    z.object({ path: z.string(), kind: z.string(), unit: z.string(), labelVi: z.string(), labelEn: z.string() }),
  ),
  status: z.enum(['in_progress', 'awaiting_supplement', 'resolved', 'closed']),
  unit: z.string().describe('Đơn vị đang giữ hồ sơ / unit holding the case'),
  receivedAt: z.string(),
  dueAt: z.string().nullable().describe('Hạn giải quyết đang áp dụng / deadline in force'),
  statutoryDueAt: z.string().nullable(),
  apology: z.object({ issuedAt: z.string(), newDueAt: z.string() }).nullable(),
  overdue: z.boolean(),
  resolvedAt: z.string().nullable(),
  timeliness: z.enum(timelinessValues).nullable(),
  outcome: z.string().nullable(),
  allowedActions: z.array(z.string()),
  lastSeq: z.number(),
});

export const caseDetailsResponseSchema = caseViewResponseSchema.extend({
  source: z
    .enum(['workflow', 'read-model'])
    .describe(
      'Nguồn: workflow, hoặc bảng cases khi không worker nào trả lời kịp (không có thao tác được phép) / ' +
        'who answered: the workflow, or the cases read model when no worker answered in time (then allowedActions is empty)',
    ),
  events: z.array(caseEventResponseSchema),
  timeByUnit: z
    .array(z.object({ unit: z.string(), workingMinutes: z.number() }))
    .describe('Thời gian xử lý theo đơn vị / working minutes each unit held the case'),
});

export const postalEventBodySchema = z.object({
  caseCode: z.string().min(1).describe('Mã hồ sơ'),
  event: z.enum(['delivered', 'delivery_failed']).describe('Phát thành công / phát không thành công'),
  eventId: z.string().min(4).max(200).describe("The operator's own id for this event: a resend is applied once"),
  note: z.string().max(2000).optional(),
});

export const caseCodeParamsSchema = z.object({ code: z.string().min(1).describe('Mã hồ sơ') });
