/**
 * The contract between the procedure compiler and the case workflow.
 *
 * A compiled procedure is plain JSON (no functions), so it can travel inside a
 * Temporal workflow input and be pinned to a case for the case's whole life.
 * The workflow turns `machine` into an xstate machine with `createMachine` and
 * steps it with xstate's pure `initialTransition` / `transition`.
 */
import type { Period } from '../calendar/period.js';

/** What a state means to the case engine. */
export type StateKind =
  /** Work in progress at `unit`; the statutory clock runs. */
  | 'step'
  /** Waiting for the applicant to complete the dossier (chờ bổ sung); completing it restarts the period from zero. */
  | 'awaiting-supplement'
  /** A result exists (approved, or rejected with reasons): the case counts as resolved at entry. */
  | 'resolution'
  /** Handing the result back (at the desk, online, or by post); the clock no longer matters. */
  | 'return'
  /** The case is over (type: 'final' in the machine). */
  | 'final';

export type Outcome =
  | 'approved' // có kết quả giải quyết
  | 'rejected' // từ chối giải quyết sau thẩm định, có lý do
  | 'refused' // từ chối tiếp nhận (form 03): never received, not counted as resolved
  | 'withdrawn' // công dân rút hồ sơ
  | 'returned-incomplete'; // trả lại vì không bổ sung trong thời hạn

export interface StateInfo {
  /** Dot-joined xstate state path, e.g. `appraisal` or `consultation.tax`. */
  path: string;
  kind: StateKind;
  /** Unit code holding the case in this state (see src/procedures/units.ts). */
  unit: string;
  labelVi: string;
  labelEn: string;
  /** Per-step time budget (steps only). */
  budget?: Period;
  /** For resolution and final states. */
  outcome?: Outcome;
  /** For parallel consultations: the region that leads. */
  lead?: boolean;
  /** The statutory clock pauses while the case is here (e.g. the applicant meets financial obligations). */
  excludedFromPeriod?: boolean;
  /** Roles the definition names for some of this state's actions (`roles:`), overriding the role table. */
  actionRoles?: Record<string, string[]>;
}

/** A conditional period (gia hạn): the action `action` moves the statutory deadline by `extension`, once per case. */
export interface PeriodExtension {
  id: string;
  /** `extend_period_<id>`: a targetless action available in every working step, i.e. while the clock runs. */
  action: string;
  extension: Period;
  labelVi: string;
  labelEn: string;
  /** The article allowing it. */
  source?: string;
  /** Units (or ward roles) that may invoke it; the case must be held by one of them. */
  invokedBy: string[];
  /**
   * 'period-start': `extension` is the whole period counted from the period's start (LHT Art 18.2: "không quá
   * 05 ngày làm việc" in all). Absent: added to the deadline (LHT Art 25.2: "kéo dài thêm").
   */
  countedFrom?: 'period-start';
}

/** The statutory period counts from this action's instant instead of the lawful submission instant. */
export interface PeriodStart {
  /** e.g. `accept` (thụ lý: Luật Khiếu nại Art 28, "kể từ ngày thụ lý"). */
  action: string;
  labelVi: string;
  labelEn: string;
  source?: string;
  /** The deadline for that action, counted from receipt; absent: no clock runs before it. */
  within?: Period;
}

export interface ActionInfo {
  labelVi: string;
  labelEn: string;
  /**
   * Who may send it: 'staff' (the unit holding the state), 'applicant', 'post'
   * (postal operator webhook) or 'system' (the workflow itself, e.g. supplement window expired).
   */
  by: 'staff' | 'applicant' | 'post' | 'system';
}

export interface CompiledProcedure {
  code: string;
  /** Content hash of the definition (sha256 hex, first 16 chars): the pinned version. */
  version: string;
  nameVi: string;
  nameEn: string;
  field: string;
  /** Statutory resolution period. */
  period: Period;
  /** Unit that receives dossiers and returns results (bộ phận một cửa). */
  receivingUnit: string;
  /** How dossiers may be filed: at the desk, online, by post. */
  channels: Array<'desk' | 'online' | 'post'>;
  /** How long an applicant has to complete a dossier before it is returned (calendar of the law, or a default). */
  supplementWindow: Period;
  /**
   * How long after receipt a supplement may be requested during processing, when a sector's law
   * sets its own window (absent: 3 working days, NĐ61 Art. 19.4).
   */
  supplementRequestWindow?: Period;
  /** xstate v5 machine config, JSON only. Event types are action names. */
  machine: Record<string, unknown>;
  /** Every state (atomic and compound) by path. */
  states: Record<string, StateInfo>;
  actions: Record<string, ActionInfo>;
  /** Absent: the period counts from the lawful submission instant. */
  periodStart?: PeriodStart;
  /** Conditional periods; absent when the procedure has none. */
  extensions?: PeriodExtension[];
  /** First day (+07:00, YYYY-MM-DD) this version is in force; absent = always. */
  effectiveFrom?: string;
  /** First day it is no longer in force (exclusive); absent = open-ended. */
  effectiveTo?: string;
}
