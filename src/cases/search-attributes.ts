/**
 * Custom search attributes of a case, so that `temporal workflow list --query` finds cases by
 * procedure, holding unit, status, due instant and overdue flag, e.g.
 *   temporal workflow list --query "MotcuaOverdue = true AND MotcuaUnit = 'Q7.TCKH'"
 * Pure module (safe in workflow code).
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import type { CaseView } from './case-rules.js';

export const caseSearchAttributes = {
  procedure: defineSearchAttributeKey('MotcuaProcedure', SearchAttributeType.KEYWORD),
  unit: defineSearchAttributeKey('MotcuaUnit', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('MotcuaStatus', SearchAttributeType.KEYWORD),
  dueAt: defineSearchAttributeKey('MotcuaDueAt', SearchAttributeType.DATETIME),
  overdue: defineSearchAttributeKey('MotcuaOverdue', SearchAttributeType.BOOL),
} as const;

export function caseSearchAttributePairs(view: CaseView): SearchAttributeUpdatePair[] {
  const { procedure, unit, status, dueAt, overdue } = caseSearchAttributes;
  return [
    { key: procedure, value: view.procedureCode },
    { key: unit, value: view.unit },
    { key: status, value: view.status },
    { key: dueAt, value: view.dueAt ? new Date(view.dueAt) : null },
    { key: overdue, value: view.overdue },
  ];
}
