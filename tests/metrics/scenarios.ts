/**
 * Small fixed cases driven through the pure case rules at fixed instants (2021, HCMC office
 * hours 07:30–11:30 and 13:00–17:00: 480 office minutes a day). The expected figures in the
 * tests are worked out by hand from these instants, not by the code under test.
 */
import { defaultCalendarData } from '../../src/calendar/index.js';
import type { CaseEvent } from '../../src/cases/case-event.js';
import type { CaseInput, Channel } from '../../src/cases/case-rules.js';
import { driveCase, scripted, type EventBatch } from '../../src/metrics/case-driver.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import { metricProceduresOf } from '../../src/metrics/metric-procedures.js';
import { proceduresDir } from '../support/engine.js';

export const catalogue = await loadCatalogue(proceduresDir);
export const metricProcedures = metricProceduresOf(catalogue.procedures);

/** `2021-03-01 08:00` local (UTC+7) → ISO instant. */
export function local(text: string): string {
  return new Date(`${text.replace(' ', 'T')}:00+07:00`).toISOString();
}

export interface Script {
  caseCode: string;
  procedureCode: string;
  channel?: Channel;
  ward?: string;
  receivedAt: string;
  /** [local instant, action, actor?, newDueAt?] in order. */
  actions: Array<[string, string, string?, string?]>;
  /** Run the clock (warnings, overdue, step budgets) up to this local instant at the end. */
  until?: string;
}

export function batchesOf(script: Script): EventBatch[] {
  const procedure = catalogue.get(script.procedureCode)!.compiled;
  const receivingUnit = procedure.receivingUnit.startsWith('ward:') ? `P.${script.ward}.MC` : procedure.receivingUnit;
  const input: CaseInput = {
    caseCode: script.caseCode,
    procedure,
    calendar: defaultCalendarData,
    receivedAt: local(script.receivedAt),
    channel: script.channel ?? 'desk',
    applicant: { name: 'Nguyễn Văn A' },
    receivingUnit,
    ward: script.ward,
  };
  const actions = script.actions.map(([at, action, actor, newDueAt]) => ({
    at: new Date(local(at)),
    request: { action, actor: actor ?? 'officer', newDueAt: newDueAt ? local(newDueAt) : undefined },
  }));
  return driveCase(input, scripted(actions), { until: script.until ? new Date(local(script.until)) : undefined }).batches;
}

/** The case's events, driven as the workflow does: timers that fall due before an action fire first. */
export function drive(script: Script): CaseEvent[] {
  return batchesOf(script).flatMap((b) => b.events);
}

const hkd = 'D7-HKD-01';

export const scripts = {
  /** Received 31 Mar, due Mon 5 Apr 17:00, resolved 5 Apr 10:00: on time, across two months. */
  onTimeAcrossMonths: {
    caseCode: 'A-ONTIME',
    procedureCode: hkd,
    receivedAt: '2021-03-31 09:00',
    actions: [
      ['2021-03-31 09:30', 'accept'],
      ['2021-04-02 09:00', 'submit_for_signature'],
      ['2021-04-05 10:00', 'approve'],
      ['2021-04-05 14:00', 'return_at_desk'],
    ],
  },
  /** Online, received Mon 1 Mar 08:00 (due Thu 4 Mar 17:00), resolved Tue 2 Mar 10:30: early. */
  earlyOnline: {
    caseCode: 'B-EARLY',
    procedureCode: hkd,
    channel: 'online',
    receivedAt: '2021-03-01 08:00',
    actions: [
      ['2021-03-01 08:30', 'accept'],
      ['2021-03-02 08:30', 'submit_for_signature'],
      ['2021-03-02 10:30', 'approve'],
      ['2021-03-02 14:00', 'publish_online'],
    ],
  },
  /**
   * Supplement at appraisal (Tue 2 Mar 09:00), completed Fri 5 Mar 09:00: the period restarts,
   * due Wed 10 Mar 17:00. Apology on the deadline day (late letter), new date Fri 12 Mar 17:00;
   * overdue at Wed 17:00; resolved Thu 11 Mar 14:00: late, apology kept.
   */
  supplementThenLate: {
    caseCode: 'C-SUPPLEMENT',
    procedureCode: hkd,
    receivedAt: '2021-03-01 08:00',
    actions: [
      ['2021-03-01 08:30', 'accept'],
      ['2021-03-02 09:00', 'request_supplement'],
      ['2021-03-05 09:00', 'supplement_completed', 'applicant'],
      ['2021-03-10 09:00', 'issue_apology', 'officer', '2021-03-12 17:00'],
      ['2021-03-11 09:00', 'submit_for_signature'],
      ['2021-03-11 14:00', 'approve'],
      ['2021-03-11 15:00', 'return_at_desk'],
    ],
  },
  /** Due Thu 4 Mar 17:00; apology Wed 3 Mar (in time), new date Mon 8 Mar 17:00; resolved Tue 9 Mar: not kept. */
  apologyNotKept: {
    caseCode: 'D-APOLOGY',
    procedureCode: hkd,
    channel: 'post',
    receivedAt: '2021-03-01 08:00',
    actions: [
      ['2021-03-01 08:30', 'accept'],
      ['2021-03-03 10:00', 'issue_apology', 'officer', '2021-03-08 17:00'],
      ['2021-03-09 09:00', 'submit_for_signature'],
      ['2021-03-09 10:00', 'approve'],
      ['2021-03-09 11:00', 'consign_to_post'],
      ['2021-03-10 09:00', 'delivery_failed', 'post'],
      ['2021-03-12 09:00', 'delivery_failed', 'post'],
      ['2021-03-15 09:00', 'collect_at_desk'],
    ],
  },
  withdrawn: {
    caseCode: 'E-WITHDRAWN',
    procedureCode: hkd,
    receivedAt: '2021-03-02 09:00',
    actions: [
      ['2021-03-02 09:30', 'accept'],
      ['2021-03-03 09:00', 'withdraw', 'applicant'],
    ],
  },
  refused: {
    caseCode: 'F-REFUSED',
    procedureCode: hkd,
    receivedAt: '2021-03-02 10:00',
    actions: [['2021-03-02 10:30', 'refuse']],
  },
  /** Open on 3 Mar 12:00, accepted, in time (due Fri 5 Mar 17:00). */
  openInTime: {
    caseCode: 'G-OPEN',
    procedureCode: hkd,
    receivedAt: '2021-03-02 08:00',
    actions: [['2021-03-02 08:30', 'accept']],
    until: '2021-03-03 12:00',
  },
  /** Open, past its deadline (Thu 4 Mar 17:00) by 8 Mar: overdue. */
  openOverdue: {
    caseCode: 'H-OVERDUE',
    procedureCode: hkd,
    receivedAt: '2021-03-01 08:00',
    actions: [['2021-03-01 08:30', 'accept']],
    until: '2021-03-08 09:00',
  },
  /**
   * Environmental permit with a parallel consultation of three units (TN&MT leads, QLDT, ward
   * Tân Phong): each region is a step record of its own unit.
   */
  consultation: {
    caseCode: 'I-CONSULT',
    procedureCode: 'D7-MT-01',
    ward: 'TPG',
    receivedAt: '2021-03-01 08:00',
    actions: [
      ['2021-03-01 09:00', 'accept'],
      ['2021-03-02 09:00', 'consult_agencies'],
      ['2021-03-03 09:00', 'urban_answered'],
      ['2021-03-04 09:00', 'ward_answered'],
      ['2021-03-05 09:00', 'consolidate_answers'],
      ['2021-03-08 09:00', 'approve'],
    ],
  },
} satisfies Record<string, Script>;
