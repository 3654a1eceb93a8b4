import { z } from 'zod';

/**
 * The one event schema, shared by the workflow (types), the store and the metrics.
 * Events are append-only and keyed (caseCode, seq): a retried activity cannot write twice.
 */
export const caseEventTypes = [
  'received', // tiếp nhận: the dossier code and the deadline in force
  'action', // a staff, applicant, postal or system action moved the case
  'deadline_restarted', // hồ sơ đã bổ sung đầy đủ: the period counts again from zero
  'deadline_warning', // one working day before the deadline: the apology letter is due now
  'step_over_budget', // the unit holding the case used up its step budget
  'overdue', // quá hạn: the deadline passed while the case was in progress
  'apology_issued', // phiếu xin lỗi và hẹn lại ngày trả kết quả (form 04), once only
  'resolved', // có kết quả: classified early / on_time / late against the statutory deadline
  'closed', // the case is over (result returned, withdrawn, refused, returned incomplete)
  'calendar_updated', // a new calendar version moved the deadline
  'period_extended', // gia hạn: a lawful extension of the procedure moved the statutory deadline, once
  'clock_paused', // the case entered a step whose time the law leaves out of the period
  'clock_resumed', // it left that step: the deadline moved by exactly the excluded working time
  'period_started', // the event the law counts the period from (thụ lý) happened: the period starts now
] as const;

export const timelinessValues = ['early', 'on_time', 'late'] as const;
export type Timeliness = (typeof timelinessValues)[number];

export const caseEventSchema = z.object({
  caseCode: z.string().min(1),
  seq: z.number().int().min(1),
  type: z.enum(caseEventTypes),
  at: z.iso.datetime({ offset: true }),
  /** Who did it: the staff account, 'post' or 'system' ('applicant' and free staff ids in cases recorded before accounts). */
  actor: z.string().min(1),
  /** The acting account's unit (null for the post, the system, and events recorded before accounts). */
  actorUnit: z.string().min(1).nullable().optional(),
  /** The unit holding the case when the event happened (time is attributed to it). */
  unit: z.string().min(1),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  /** The deadline in force after the event (null while the clock is stopped). */
  dueAt: z.iso.datetime({ offset: true }).nullable(),
  data: z.record(z.string(), z.unknown()),
});

export type CaseEvent = z.infer<typeof caseEventSchema>;
export type CaseEventType = CaseEvent['type'];

export type CaseStatus = 'in_progress' | 'awaiting_supplement' | 'resolved' | 'closed';

/** The case's current row, derived from its events (kept by the same activity that appends them). */
export interface CaseProjection {
  caseCode: string;
  procedureCode: string;
  procedureVersion: string;
  receivingUnit: string;
  channel: string;
  applicant: Record<string, unknown>;
  receivedAt: string;
  state: string;
  status: CaseStatus;
  unit: string;
  dueAt: string | null;
  statutoryDueAt: string | null;
  overdue: boolean;
  wasOverdue: boolean;
  resolvedAt: string | null;
  timeliness: Timeliness | null;
  outcome: string | null;
  lastSeq: number;
  /** Units holding the case now (several during a consultation); absent in batches of older releases. */
  holdingUnits?: string[];
  /** The case's ward, for procedures handled with a ward; absent in batches of older releases. */
  ward?: string | null;
}
