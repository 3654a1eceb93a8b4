/**
 * The fields of the forms of Circular 01/2018/TT-VPCP (Art. 9; Annex, forms 01–05), filled from a
 * case's details and events. Field names follow the Annex. Pure: the QR code is made by the page.
 */
import type { CalendarData, Period } from '../../calendar/index.js';
import type { CaseEvent } from '../../cases/case-event.js';
import type { CaseDetails } from '../../engine/case-service.js';
import type { CaseUnits } from '../../cases/case-units.js';
import type { CompiledProcedure } from '../../procedures/compiled-procedure.js';
import type { UnitDirectory } from '../../procedures/unit-directory.js';
import type { FormNumber } from './case-model.js';
import { formatDateTime, instantParts, unitName } from './format.js';
import { stepRecords } from './step-records.js';

const two = (n: number) => String(n).padStart(2, '0');

/** A period as the forms write it: "03 ngày làm việc", "15 ngày", "trong ngày". */
export function periodVi(period: Period): string {
  switch (period.unit) {
    case 'working-days':
      return `${two(period.amount)} ngày làm việc`;
    case 'working-hours':
      return `${two(period.amount)} giờ làm việc`;
    case 'calendar-days':
      return `${two(period.amount)} ngày`;
    case 'same-day':
      return 'trong ngày';
  }
}

const timelinessVi = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' } as const;

export interface FormInput {
  form: FormNumber;
  details: CaseDetails;
  applicant: Record<string, unknown>;
  ward: string | null;
  /** The units the case carries from its submission (undefined for cases started before they did). */
  caseUnits: CaseUnits | undefined;
  /** The deployment's units, for their names. */
  directory: UnitDirectory;
  receivingUnit: string;
  procedure: CompiledProcedure;
  calendar: CalendarData;
  now: Date;
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');

function lastAction(events: CaseEvent[], action: string): CaseEvent | undefined {
  return [...events].reverse().find((e) => e.data.action === action);
}

/** Is there anything to print for this form yet (e.g. form 03 only after a refusal)? */
export function formAvailable(form: FormNumber, events: CaseEvent[]): boolean {
  switch (form) {
    case '01':
    case '05':
      return !lastAction(events, 'refuse') || form === '05';
    case '02':
      return lastAction(events, 'request_supplement') !== undefined;
    case '03':
      return lastAction(events, 'refuse') !== undefined;
    case '04':
      return events.some((e) => e.type === 'apology_issued');
  }
}

export function formModel(input: FormInput) {
  const { details, procedure, applicant, form } = input;
  const received = details.events.find((e) => e.type === 'received');
  const accept = lastAction(details.events, 'accept');
  const agency = unitName(input.directory, input.receivingUnit, 'vi');
  // The header above the issuing desk: the committee it answers to, in capitals, and that committee's place (địa danh).
  const governingBody = input.directory.governingBodyOf(input.receivingUnit);
  const common = {
    form,
    caseCode: details.caseCode,
    governingBody: governingBody.nameVi.toLocaleUpperCase('vi'),
    place: governingBody.placeVi,
    agency,
    procedureName: procedure.nameVi,
    applicantName: str(applicant.name),
    address: str(applicant.address),
    phone: str(applicant.phone),
    email: str(applicant.email),
    citizenId: str(applicant.citizenId),
    today: instantParts(input.now),
  };
  switch (form) {
    case '01':
      return {
        ...common,
        documents: Array.isArray(applicant.documents) ? (applicant.documents as unknown[]).map(String) : [],
        copies: typeof applicant.copies === 'number' ? applicant.copies : 1,
        period: periodVi(procedure.period),
        receivedAt: instantParts(details.receivedAt),
        dueAt: details.dueAt ? instantParts(details.dueAt) : null,
        returnAt: agency,
        receiver: accept?.actor ?? '',
      };
    case '02': {
      const request = lastAction(details.events, 'request_supplement')!;
      return { ...common, requestedAt: instantParts(request.at), content: str(request.data.note), guide: request.actor, guideUnit: unitName(input.directory, request.unit, 'vi') };
    }
    case '03': {
      const refusal = lastAction(details.events, 'refuse')!;
      return { ...common, refusedAt: instantParts(refusal.at), reason: str(refusal.data.note), receiver: refusal.actor };
    }
    case '04': {
      const apology = [...details.events].reverse().find((e) => e.type === 'apology_issued')!;
      return {
        ...common,
        receivedAt: instantParts(details.receivedAt),
        competentOffice: unitName(input.directory, apology.unit, 'vi'),
        statutoryDueAt: instantParts(str(apology.data.statutoryDueAt) || details.statutoryDueAt || details.receivedAt),
        reason: str(apology.data.note),
        newDueAt: instantParts(str(apology.data.newDueAt)),
        signer: apology.actor,
      };
    }
    case '05': {
      const steps = stepRecords(procedure, input.calendar, details.events, { ward: input.ward, units: input.caseUnits }, input.now);
      return {
        ...common,
        receivedAt: instantParts(details.receivedAt),
        dueAt: details.dueAt ? instantParts(details.dueAt) : null,
        handlingUnits: [...new Set(steps.map((s) => s.unit).filter((u) => u !== input.receivingUnit))].map((u) => unitName(input.directory, u, 'vi')),
        rows: [
          {
            step: 'Tiếp nhận hồ sơ',
            from: 'Tổ chức, cá nhân',
            to: agency,
            at: formatDateTime(details.receivedAt),
            giver: str(applicant.name),
            receiver: accept?.actor ?? received?.actor ?? '',
            result: '',
          },
          ...steps
            .filter((s) => s.enteredSeq > 1)
            .map((s) => ({
              step: s.labelVi,
              from: unitName(input.directory, details.events.find((e) => e.seq === s.enteredSeq)?.unit ?? '', 'vi'),
              to: unitName(input.directory, s.unit, 'vi'),
              at: formatDateTime(s.enteredAt),
              giver: s.enteredBy,
              receiver: s.leftBy ?? '',
              result: s.timeliness ? timelinessVi[s.timeliness] : '',
            })),
        ],
      };
    }
  }
}

export type FormModel = ReturnType<typeof formModel>;
