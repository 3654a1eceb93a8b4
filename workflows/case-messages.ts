/** Updates, queries and signals of the case workflow: one place, imported by the workflow and the client. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CalendarData } from '../src/calendar/index.js';
import type { ActionRequest, CaseView } from '../src/cases/case-rules.js';

/** A staff, applicant or postal action; the validator refuses what the case's state does not allow. */
export const caseActionUpdate = defineUpdate<CaseView, [ActionRequest]>('caseAction');
/** State, deadlines and allowed actions. */
export const caseViewQuery = defineQuery<CaseView>('caseView');
/**
 * A new calendar version (e.g. a holiday announced after the case started) moves deadlines. An
 * Update, so a malformed calendar is refused by its validator instead of failing workflow tasks.
 */
export const calendarChangeUpdate = defineUpdate<CaseView, [CalendarData]>('changeCalendar');
/** The first way to send a calendar, kept for cases started before the Update existed. */
export const calendarUpdatedSignal = defineSignal<[CalendarData]>('calendarUpdated');

export const caseWorkflowType = 'caseWorkflow';
