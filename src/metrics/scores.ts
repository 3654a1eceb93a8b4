/**
 * Scores of Circular 01/2018/TT-VPCP (Arts. 13–15) that the events support, pure. Per dossier:
 * index 1 (total time), index 3 (contacts to complete the dossier); per unit step: index 2; per
 * unit: index 9 (online service). Index score = sum of dossier scores ÷ dossiers, one decimal
 * (Art. 15.2a); a unit's total is the sum of its index scores, indices without data left out
 * (Art. 15.4b); grades by Art. 15.3b. Formulas and sources: docs/metrics.md.
 */
import type { Timeliness } from '../cases/case-event.js';
import type { CaseFacts } from './case-facts.js';

/** TT01 Art. 13.1: 2 shorter than allowed (early), 1 equal (on the deadline day), 0 longer. */
export function index1(timeliness: Timeliness): 0 | 1 | 2 {
  return timeliness === 'early' ? 2 : timeliness === 'on_time' ? 1 : 0;
}

/** TT01 Art. 13.2: each unit's own time against its budget; null without a budget. */
export function index2(workingMinutes: number, budgetMinutes: number | null): 0 | 1 | 2 | null {
  if (budgetMinutes === null) return null;
  return workingMinutes < budgetMinutes ? 2 : workingMinutes === budgetMinutes ? 1 : 0;
}

/** TT01 Art. 13.3: contacts with the desk to complete the dossier (supplement requests). */
export function index3(supplementRequests: number): 0 | 1 | 2 {
  return supplementRequests === 0 ? 2 : supplementRequests === 1 ? 1 : 0;
}

/**
 * TT01 Art. 13.9 (online service): 2 when ≥20% of eligible procedures are offered at level 3/4,
 * ≥30% of dossiers are online and no online dossier is unresolved past its deadline or late;
 * 1 when level 3/4 is offered, 15% ≤ online share < 30%, and no such online dossier; else 0.
 */
export function index9(input: { eligibleProcedures: number; onlineProcedures: number; dossiers: number; onlineDossiers: number; onlineLateOrOverdue: number }): 0 | 1 | 2 {
  const offeredShare = input.eligibleProcedures === 0 ? 0 : input.onlineProcedures / input.eligibleProcedures;
  const onlineShare = input.dossiers === 0 ? 0 : input.onlineDossiers / input.dossiers;
  if (input.onlineProcedures === 0 || input.onlineLateOrOverdue > 0) return 0;
  if (offeredShare >= 0.2 && onlineShare >= 0.3) return 2;
  if (onlineShare >= 0.15) return 1;
  return 0;
}

/** Sum ÷ count, rounded to one decimal (TT01 Art. 15.2a); null when nothing was scored. */
export function indexScore(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  return Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10;
}

export const unitGrades = ['excellent', 'good', 'fair', 'average', 'weak'] as const;
export type UnitGrade = (typeof unitGrades)[number];

export const unitGradeLabels: Record<UnitGrade, { vi: string; en: string }> = {
  excellent: { vi: 'Xuất sắc', en: 'Excellent' },
  good: { vi: 'Tốt', en: 'Good' },
  fair: { vi: 'Khá', en: 'Fair' },
  average: { vi: 'Trung bình', en: 'Average' },
  weak: { vi: 'Yếu', en: 'Weak' },
};

/** TT01 Art. 15.3b: ≥15 excellent; 12–<15 good; 9–<12 fair; 6–<9 average; <6 weak. */
export function unitGrade(total: number): UnitGrade {
  if (total >= 15) return 'excellent';
  if (total >= 12) return 'good';
  if (total >= 9) return 'fair';
  if (total >= 6) return 'average';
  return 'weak';
}

export interface UnitScore {
  unit: string;
  dossiers: number;
  index1: number | null;
  index2: number | null;
  index3: number | null;
  index9: number | null;
  /** Sum of the indices with data (Art. 15.4b). */
  total: number;
  grade: UnitGrade;
}

/**
 * A receiving unit's score over the resolved dossiers it received: indices 1 and 3 per dossier,
 * index 2 over the steps its cases' units held (all units of the case, the applicant apart),
 * index 9 from its online share and the district's offer (given).
 */
export function unitScore(unit: string, facts: readonly CaseFacts[], offer: { eligibleProcedures: number; onlineProcedures: number }): UnitScore {
  const resolved = facts.filter((f) => f.receivingUnit === unit && f.timeliness !== null);
  const received = facts.filter((f) => f.receivingUnit === unit && !f.refused);
  const i1 = indexScore(resolved.map((f) => index1(f.timeliness!)));
  const i2 = indexScore(resolved.flatMap((f) => f.steps.map((s) => index2(s.workingMinutes, s.budgetMinutes)).filter((s): s is 0 | 1 | 2 => s !== null)));
  const i3 = indexScore(resolved.map((f) => index3(f.supplementRequests)));
  const online = received.filter((f) => f.channel === 'online');
  const i9 =
    received.length === 0
      ? null
      : index9({
          ...offer,
          dossiers: received.length,
          onlineDossiers: online.length,
          onlineLateOrOverdue: online.filter((f) => f.timeliness === 'late' || f.overdue).length,
        });
  const total = Math.round([i1, i2, i3, i9].reduce<number>((sum, s) => sum + (s ?? 0), 0) * 10) / 10;
  return { unit, dossiers: resolved.length, index1: i1, index2: i2, index3: i3, index9: i9, total, grade: unitGrade(total) };
}
