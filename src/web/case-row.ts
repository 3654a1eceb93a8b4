import { getCaseRow } from '../store/case-store.js';
import type { MotcuaDb } from '../store/database.js';

/**
 * The case's row in the read model. Right after a submission the workflow's first write may not
 * have landed yet (a few milliseconds): wait for it briefly rather than answer 404 for a case
 * that exists.
 */
export async function caseRowSoon(db: MotcuaDb, caseCode: string, waitMs = 10_000) {
  const until = Date.now() + waitMs;
  for (;;) {
    const row = await getCaseRow(db, caseCode);
    if (row || Date.now() >= until) return row;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function applicantOf(row: { applicant: unknown }): Record<string, unknown> {
  return (typeof row.applicant === 'string' ? JSON.parse(row.applicant) : row.applicant) as Record<string, unknown>;
}
