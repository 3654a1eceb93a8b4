/**
 * The procedure definition format: what a process designer writes in
 * `procedures/<field>/<code>.yaml`. Structural rules live here (zod); rules that
 * need the whole graph or the unit registry live in validate.ts.
 * `motcua procedures schema` turns this into procedures/procedure.schema.json for editors.
 */
import { z } from 'zod';
import { staffRoles } from '../cases/actor.js';

const snakeCase = /^[a-z][a-z0-9_]*$/;

export const TIME_UNITS = ['working-days', 'working-hours', 'same-day', 'calendar-days'] as const;
export const EXTENSION_COUNTED_FROM = ['deadline', 'period-start'] as const;
export const CHANNELS = ['desk', 'online', 'post'] as const;
export const HANDLING_LEVELS = ['district', 'ward', 'ward-to-district', 'district-to-ward'] as const;

const text = z.string().trim().min(1);

const provenance = {
  confirmed: z.boolean().describe('true only when the figure is read from the cited legal text; false for internal allocations or figures not yet checked'),
  source: text.optional().describe('Where the figure comes from, e.g. "Decree 01/2021/NĐ-CP Art 87.3" or "internal allocation"'),
  note: text.optional(),
};

/** A period taken from law (or allocated internally), with its provenance. */
export const periodFactSchema = z
  .strictObject({
    amount: z.number().nonnegative().describe('How many units; for same-day use 1'),
    unit: z.enum(TIME_UNITS).describe('working-days | working-hours | same-day | calendar-days (never mixed silently)'),
    ...provenance,
  })
  .describe('A time figure and whether it is confirmed by a legal source');

export const feeSchema = z
  .strictObject({
    amountVnd: z.number().int().nonnegative().nullable().describe('Amount in đồng; 0 when free; null when the amount is not known'),
    textVi: text.describe('The fee as the public listing shows it, e.g. "10.000đ/trường hợp"'),
    ...provenance,
  })
  .describe('Fee or charge (phí, lệ phí)');

/** Names the compiler generates itself; designers may not use them on steps. */
export const actionName = z.string().regex(snakeCase, 'snake_case: lower-case letters, digits and _');
export const stepId = z.string().regex(snakeCase, 'snake_case: lower-case letters, digits and _');

export const actionSchema = z
  .strictObject({
    action: actionName.describe('Event name sent by staff, e.g. approve, submit_for_signature'),
    next: stepId.describe('A step id, or "approved" (the result), or "done" inside a parallel region'),
    labelVi: text.optional().describe('Required unless the action is one of the common actions (see docs)'),
    labelEn: text.optional(),
    roles: z
      .array(z.enum(staffRoles))
      .min(1)
      .optional()
      .describe('Who may take it here; default from the unit: specialist/head (head signs), ward officer/chair (chair signs), desk officer'),
  })
  .describe('An action allowed in a step and where it leads');

const unitReference = text.describe('Unit code (see src/procedures/units.ts) or ward role (ward:committee, ward:desk)');

const stepIdentity = {
  id: stepId.describe('Stable snake_case id; becomes the xstate state name'),
  labelVi: text,
  labelEn: text,
  noteVi: text.optional(),
};

export const regionSchema = z
  .strictObject({
    ...stepIdentity,
    unit: unitReference,
    lead: z.boolean().default(false).describe('Exactly one region of a parallel step leads (cơ quan chủ trì)'),
    budget: periodFactSchema,
    actions: z.array(actionSchema).describe('Usually one action with next: done; action names must differ between regions'),
  })
  .describe('One agency working inside a parallel step');

/** A step whose time the law leaves out of the period (the applicant pays, an expert assesses). */
export const periodExclusionSchema = z
  .strictObject({
    reasonVi: text.describe('Why the time does not count, e.g. "thời gian thực hiện nghĩa vụ tài chính"'),
    reasonEn: text,
    confirmed: provenance.confirmed,
    source: provenance.source.describe('The article that leaves this time out of the period'),
    note: provenance.note,
  })
  .describe('The statutory clock pauses while the case is in this step and resumes, not restarts, when it leaves');

export const taskStepSchema = z
  .strictObject({
    ...stepIdentity,
    unit: unitReference,
    budget: periodFactSchema.describe('This step’s share of the statutory period'),
    excludedFromPeriod: periodExclusionSchema.optional(),
    canReject: z.boolean().default(true).describe('Whether the compiler adds "reject" (refusal after appraisal, with reasons)'),
    actions: z.array(actionSchema).describe('Where the step can go; at least one must eventually lead to approved'),
  })
  .describe('A step at one unit');

export const parallelStepSchema = z
  .strictObject({
    ...stepIdentity,
    regions: z.array(regionSchema).min(2).describe('Agencies consulted at the same time'),
    budget: periodFactSchema.optional().describe('Budget of the whole consultation; defaults to the longest region budget'),
    next: stepId.describe('Where the case goes once every region is done'),
  })
  .describe('Several agencies at once (xin ý kiến, liên thông); one leads');

export const stepSchema = z.union([taskStepSchema, parallelStepSchema]);

/** Day in +07:00, e.g. 2022-01-01. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00+07:00`)), 'not a real date');

/** A lawful lengthening of the statutory period that staff invoke for one case (gia hạn). */
export const periodExtensionSchema = z
  .strictObject({
    id: z.string().regex(snakeCase, 'snake_case: lower-case letters, digits and _').describe('Stable id; the action is extend_period_<id>'),
    labelVi: text,
    labelEn: text,
    amount: z.number().positive().describe('How much longer the period becomes'),
    unit: z.enum(TIME_UNITS),
    confirmed: provenance.confirmed,
    source: provenance.source.describe('The article allowing the extension, e.g. "Luật Hộ tịch 2014 Điều 18.2"'),
    note: provenance.note,
    invokedBy: z.array(unitReference).min(1).describe('Units (or ward roles) that may invoke it; the case must be held by one of them'),
    countedFrom: z
      .enum(EXTENSION_COUNTED_FROM)
      .optional()
      .describe(
        'deadline (default): the amount is added to the deadline ("kéo dài thêm không quá …"); period-start: the amount is the whole period, counted from the start of the period ("thời hạn giải quyết không quá …" in all)',
      ),
  })
  .describe('A conditional period: invoked once per case, it moves the statutory deadline by its amount');

/** The event that starts the statutory period when the law counts it from something other than receipt. */
export const periodStartSchema = z
  .strictObject({
    action: actionName.describe('The action whose instant starts the period, e.g. accept (= thụ lý, formal acceptance)'),
    labelVi: text.describe('What the event is in law, e.g. "Thụ lý giải quyết khiếu nại"'),
    labelEn: text,
    confirmed: provenance.confirmed,
    source: provenance.source.describe('The article that counts the period from this event, e.g. "Luật Khiếu nại 2011 Điều 28 (kể từ ngày thụ lý)"'),
    note: provenance.note,
    within: periodFactSchema
      .optional()
      .describe('How long after receipt the event must happen (e.g. thụ lý within 10 working days); the deadline until then. Absent: no clock runs before it'),
  })
  .describe('The statutory period counts from this action, not from the lawful submission instant');

/** One component of the dossier (thành phần hồ sơ) as the law lists it, with the article that lists it. */
export const dossierDocumentSchema = z
  .strictObject({
    nameVi: text,
    nameEn: text,
    originals: z.number().int().min(0).max(20).optional().describe('Bản chính: how many, only when the text says'),
    copies: z.number().int().min(0).max(20).optional().describe('Bản sao: how many, only when the text says'),
    required: z.boolean().default(true).describe('false for a paper needed only in some cases or instead of another'),
    source: text.describe('The article listing it, e.g. "Luật Hộ tịch 2014 Điều 16.1"'),
    note: text.optional().describe('When it is needed, what it replaces'),
  })
  .describe('A paper the applicant hands in');

/**
 * A procedure's local code: parts of upper-case letters and digits joined by `-`, the first a letter
 * (`D7-HKD-01`; a province loads its own, e.g. `HCM-BTXH-02`), at most 32 characters.
 */
export const procedureCodePattern = /^(?=.{3,32}$)[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;

export const procedureDefinitionSchema = z
  .strictObject({
    code: z
      .string()
      .regex(procedureCodePattern, 'local code: upper-case letters and digits in parts joined by "-", e.g. D7-HKD-01, HCM-BTXH-02')
      .describe('Stable local code; the file is named <code>.yaml'),
    nationalCode: text.optional().describe('National procedure code, only when known from the national database'),
    nameVi: text,
    nameEn: text,
    field: text.describe('Lĩnh vực, in Vietnamese, e.g. "Thành lập và hoạt động của hộ kinh doanh"'),
    fieldEn: text.optional(),
    handlingLevel: z.enum(HANDLING_LEVELS),
    onlineLevel: z
      .literal([3, 4])
      .nullable()
      .describe('Online public service level (mức độ 3 or 4): the dossier can be filed online, so channels must include online; null when the procedure is not offered online'),
    onlineLevelSource: text.optional().describe('Where the online level comes from: the article allowing online filing, or the listing'),
    effectiveFrom: isoDate.optional().describe('First day (+07:00) this version is in force; several files may hold versions of one code'),
    effectiveTo: isoDate.optional().describe('First day this version is no longer in force (exclusive); usually the next version’s effectiveFrom'),
    legalBasis: z.array(text).min(1).describe('Legal texts, most specific article first'),
    fee: feeSchema,
    period: periodFactSchema.describe('Statutory resolution period (thời hạn giải quyết)'),
    periodStart: periodStartSchema.optional().describe('When the law counts the period from an event after receipt (e.g. thụ lý); absent: from the lawful submission instant'),
    extensions: z.array(periodExtensionSchema).optional().describe('Conditional periods staff may invoke (each once per case)'),
    supplementWindow: periodFactSchema
      .optional()
      .describe('How long the applicant has to complete a dossier; default 30 calendar-days (practice, unconfirmed)'),
    supplementRequestWindow: periodFactSchema
      .optional()
      .describe('How long after receipt a supplement may be requested during processing, only when a law sets a window other than the 3 working days of NĐ61 Art. 19.4; confirmed with its source'),
    receivingUnit: text.describe('The one-stop desk: Q7.MC for district procedures, ward:desk for ward ones'),
    channels: z.array(z.enum(CHANNELS)).min(1).describe('How dossiers may be filed'),
    delivery: z.array(z.enum(CHANNELS)).min(1).describe('How results may be returned'),
    steps: z.array(stepSchema).min(1).describe('The first step is where an accepted dossier goes'),
    documents: z
      .array(dossierDocumentSchema)
      .min(1)
      .optional()
      .describe('The dossier components (thành phần hồ sơ), only where a legal text lists them; the desk ticks them at intake'),
    notes: text.optional(),
  })
  .describe('A District 7 administrative procedure (thủ tục hành chính)');

export type PeriodFact = z.output<typeof periodFactSchema>;
export type DossierDocument = z.output<typeof dossierDocumentSchema>;
export type PeriodExtensionDefinition = z.output<typeof periodExtensionSchema>;
export type PeriodStartDefinition = z.output<typeof periodStartSchema>;
export type PeriodExclusion = z.output<typeof periodExclusionSchema>;
export type ActionDefinition = z.output<typeof actionSchema>;
export type RegionDefinition = z.output<typeof regionSchema>;
export type TaskStepDefinition = z.output<typeof taskStepSchema>;
export type ParallelStepDefinition = z.output<typeof parallelStepSchema>;
export type StepDefinition = z.output<typeof stepSchema>;
export type ProcedureDefinition = z.output<typeof procedureDefinitionSchema>;
/** What a YAML file may contain before defaults are applied. */
export type ProcedureDefinitionInput = z.input<typeof procedureDefinitionSchema>;

export function isParallelStep(step: StepDefinition): step is ParallelStepDefinition {
  return 'regions' in step;
}

/** JSON Schema for editors (yaml-language-server); describes the input side (defaults optional). */
export function procedureJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(procedureDefinitionSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
}
