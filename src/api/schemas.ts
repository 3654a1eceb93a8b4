import { z } from 'zod';
import { caseEventTypes, timelinessValues } from '../cases/case-event.js';
import { channels } from '../cases/case-rules.js';
import { errorCatalog, type ErrorCode } from '../errors.js';

const errorCodes = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];
import { staffRoles } from '../cases/actor.js';

/** PostgreSQL's text cannot hold U+0000 (a fuzz finding: an account name with it answered 500): `.refine(...storableText)`. */
export const storableText = [(value: string) => !value.includes('\u0000'), { message: 'must not contain the NUL character (U+0000)' }] as const;

/** A real calendar day PostgreSQL can store (it has no year 0): YYYY-MM-DD between 1900 and 2199 (from=0000-00-00 answered 500: a fuzz finding). */
export const storableDaySchema = z.iso.date().refine((value) => value >= '1900-01-01' && value <= '2199-12-31', 'YYYY-MM-DD, 1900–2199');

export const errorResponseSchema = z
  .object({
    code: z
      .enum(errorCodes)
      .describe(
        'Stable error code. ' +
          errorCodes.map((code) => `${code} (${errorCatalog[code].status}): ${errorCatalog[code].vi} / ${errorCatalog[code].en}`).join(' · '),
      ),
    message: z.string().describe('English message'),
    messageVi: z.string().describe('Thông báo tiếng Việt'),
    requestId: z.string().describe('Mã yêu cầu / request id, also in the x-request-id header and every log line of the request'),
    details: z.unknown().optional(),
  })
  .describe('An error with a stable code');

export const submitCaseBodySchema = z.object({
  procedureCode: z.string().min(1).describe('Mã thủ tục, e.g. D7-HKD-01'),
  applicant: z
    .object({ name: z.string().min(1).describe('Họ tên / tên tổ chức') })
    .catchall(z.unknown())
    // PostgreSQL's jsonb cannot store U+0000 (found by the fuzzer: a 500 before this check).
    .refine((applicant) => !JSON.stringify(applicant).includes('\\u0000'), { message: 'must not contain the NUL character (U+0000)' })
    .describe('Người nộp hồ sơ'),
  channel: z.enum(channels).describe('Kênh nộp: desk (trực tiếp), online (trực tuyến), post (bưu chính)'),
  ward: z.string().min(1).optional().describe('Phường, for ward procedures (e.g. TTD)'),
  receivedAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Only for channel post: the signed handover to the agency (QĐ45); refused for desk and online (CASE_RECEIVED_AT_NOT_ALLOWED)'),
  idempotencyKey: z
    .string()
    .min(8)
    .max(200)
    .optional()
    .describe('Same key → same dossier: a retried submission creates no second dossier and takes no second number'),
}).meta({ examples: [{ procedureCode: 'D7-HKD-01', applicant: { name: 'Nguyễn Văn A' }, channel: 'desk' }] });

/** Who acts is the signed-in account: a body naming an actor is refused (strict object). */
export const actionBodySchema = z.strictObject({
  action: z.string().min(1).describe('Action name, e.g. accept, approve, request_supplement'),
  idempotencyKey: z.string().min(8).max(200).describe('Same key → same effect once; retries are safe'),
  note: z.string().max(2000).optional(),
  newDueAt: z.iso.datetime({ offset: true }).optional().describe('issue_apology: the new appointment date'),
}).meta({ examples: [{ action: 'accept', idempotencyKey: 'example-accept-0001' }] });

export const caseEventResponseSchema = z.object({
  caseCode: z.string(),
  seq: z.number(),
  type: z.enum(caseEventTypes),
  at: z.string(),
  actor: z.string().describe('Tài khoản thực hiện, post hoặc system / the acting account, post or system'),
  actorUnit: z.string().nullable().optional().describe('Đơn vị của tài khoản / the acting account’s unit'),
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
  apology: z
    .object({
      issuedAt: z.string(),
      newDueAt: z.string(),
      issuedInTime: z.boolean().describe('Gửi đúng hạn (chậm nhất 01 ngày làm việc trước hạn, Điều 19.9 NĐ 61) / issued in time'),
      latestAt: z.string().nullable(),
      periodStartedAt: z.string().nullable(),
    })
    .nullable(),
  overdue: z.boolean().describe('Quá hạn trong thời hạn hiện tại / past the deadline of the current period'),
  wasOverdue: z.boolean().describe('Đã từng quá hạn (không bao giờ xóa) / was overdue in some period (history)'),
  supplementRequestOpenUntil: z
    .string()
    .nullable()
    .describe('Hạn cuối yêu cầu bổ sung trong quá trình giải quyết (Điều 19.4 NĐ 61) / last instant for a supplement request'),
  resolvedAt: z.string().nullable(),
  timeliness: z.enum(timelinessValues).nullable(),
  outcome: z.string().nullable(),
  allowedActions: z.array(z.string()).describe('Thao tác trạng thái hồ sơ cho phép / actions the case allows now'),
  lastSeq: z.number(),
});

export const caseDetailsResponseSchema = caseViewResponseSchema.extend({
  source: z
    .enum(['workflow', 'read-model'])
    .describe(
      'Nguồn: workflow, hoặc bảng cases khi không worker nào trả lời kịp (không có thao tác được phép) / ' +
        'who answered: the workflow, or the cases read model when no worker answered in time (then allowedActions is empty)',
    ),
  yourActions: z.array(z.string()).describe('Thao tác tài khoản này được làm / of those, what the signed-in account may do'),
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

export const identityResponseSchema = z
  .object({
    account: z.string().describe('Tài khoản'),
    name: z.string().describe('Họ tên'),
    unit: z.string().describe('Đơn vị, e.g. Q7.MC'),
    role: z.enum(staffRoles).describe('Vai trò'),
  })
  .describe('Người đang đăng nhập / the signed-in identity');
