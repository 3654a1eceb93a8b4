/** Updates, queries and signals of the case workflow: one place, imported by the workflow and the client. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CalendarData } from '../src/calendar/index.js';
import type { ActionRequest, CaseView } from '../src/cases/case-rules.js';

/** A staff, applicant or postal action; the validator refuses what the case's state does not allow. */
export const caseActionUpdate = defineUpdate<CaseView, [ActionRequest]>('caseAction');
/** State, deadlines and allowed actions. */
export const caseViewQuery = defineQuery<CaseView>('caseView');
/** A new calendar version (e.g. a holiday announced after the case started) moves deadlines. */
export const calendarUpdatedSignal = defineSignal<[CalendarData]>('calendarUpdated');

export const caseWorkflowType = 'caseWorkflow';
