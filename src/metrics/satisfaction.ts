/**
 * Satisfaction ratings (NĐ61 Arts. 29, 31; TT01 Art. 12): one per case, after the result is
 * returned, on the criteria of NĐ61 Art. 31.1 a–đ–e. A rating counts as satisfied when no
 * criterion is rated dissatisfied. The applicant proves the case is theirs with a short code
 * printed on the receipt (an HMAC of the dossier code under the server's secret).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { MotcuaError } from '../errors.js';
import type { MotcuaDb } from '../store/database.js';

/** NĐ61 Art. 31.1: a) time, b) agencies contacted, c) contacts with the desk, d) publicity, đ) attitude, e) legality and cost. */
export const ratingCriteria = ['time', 'agencies', 'visits', 'publicity', 'attitude', 'legalityAndCost'] as const;
export const ratingLevels = ['satisfied', 'acceptable', 'dissatisfied'] as const;

export const ratingCriteriaLabels: Record<(typeof ratingCriteria)[number], { vi: string; en: string }> = {
  time: { vi: 'Thời gian trả kết quả so với quy định', en: 'Time to the result against the rule' },
  agencies: { vi: 'Số cơ quan, đơn vị phải liên hệ', en: 'Agencies you had to contact' },
  visits: { vi: 'Số lần phải liên hệ để hoàn thiện hồ sơ', en: 'Visits needed to complete the dossier' },
  publicity: { vi: 'Thông tin thủ tục được công khai chính xác, đầy đủ', en: 'Published procedure information accurate and complete' },
  attitude: { vi: 'Thái độ của cán bộ, công chức', en: 'Attitude of the officers' },
  legalityAndCost: { vi: 'Kết quả đúng pháp luật; chi phí đúng quy định', en: 'Lawful result; only the lawful costs' },
};

export const ratingSchema = z.object({
  caseCode: z.string().min(1).max(64),
  token: z.string().min(1).max(64),
  scores: z.object(Object.fromEntries(ratingCriteria.map((c) => [c, z.enum(ratingLevels)])) as Record<(typeof ratingCriteria)[number], z.ZodEnum<{ satisfied: 'satisfied'; acceptable: 'acceptable'; dissatisfied: 'dissatisfied' }>>),
  comment: z.string().max(2000).optional(),
});
export type Rating = z.infer<typeof ratingSchema>;

/** The code printed on the receipt for rating this case (10 characters, base32). */
export function ratingToken(secret: string, caseCode: string): string {
  const digest = createHmac('sha256', secret).update(caseCode).digest();
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(digest.subarray(0, 10), (byte) => alphabet[byte % 32]).join('');
}

function tokenMatches(secret: string, caseCode: string, token: string): boolean {
  const expected = Buffer.from(ratingToken(secret, caseCode));
  const given = Buffer.from(token.trim().toUpperCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function isSatisfied(scores: Rating['scores']): boolean {
  return ratingCriteria.every((c) => scores[c] !== 'dissatisfied');
}

/** Records the case's one rating; refuses a wrong code, a case without a returned result, a second rating. */
export async function submitRating(db: MotcuaDb, rating: Rating, secret: string, now: Date): Promise<{ satisfied: boolean }> {
  if (!tokenMatches(secret, rating.caseCode, rating.token)) throw new MotcuaError('RATING_TOKEN_INVALID', { caseCode: rating.caseCode });
  const facts = await db.selectFrom('metrics_case_facts').select(['status', 'resolved_at']).where('case_code', '=', rating.caseCode).executeTakeFirst();
  if (!facts) throw new MotcuaError('CASE_NOT_FOUND', { caseCode: rating.caseCode });
  // The result is returned when the case closed after a result (NĐ61 Art. 20).
  if (facts.status !== 'closed' || facts.resolved_at === null) throw new MotcuaError('RATING_NOT_YET_ALLOWED', { caseCode: rating.caseCode });
  const satisfied = isSatisfied(rating.scores);
  const inserted = await db
    .insertInto('metrics_ratings')
    .values({ case_code: rating.caseCode, rated_at: now.toISOString(), scores: JSON.stringify(rating.scores), satisfied, comment: rating.comment ?? null })
    .onConflict((oc) => oc.column('case_code').doNothing())
    .returning('case_code')
    .executeTakeFirst();
  if (!inserted) throw new MotcuaError('RATING_ALREADY_GIVEN', { caseCode: rating.caseCode });
  return { satisfied };
}

export interface SatisfactionRow {
  group: string;
  ratings: number;
  satisfied: number;
  /** satisfied ÷ ratings (plan §2.3: ≥95% overall, ≥91% per field). */
  rate: number | null;
}

/** Satisfaction per receiving unit or per field, ratings given in the local-day range. */
export async function querySatisfaction(db: MotcuaDb, by: 'unit' | 'field', range: { from?: string; to?: string } = {}): Promise<SatisfactionRow[]> {
  const column = by === 'unit' ? sql.ref('f.receiving_unit') : sql.ref('f.field');
  const from = range.from ? sql`and (r.rated_at at time zone 'Asia/Ho_Chi_Minh')::date >= ${range.from}::date` : sql``;
  const to = range.to ? sql`and (r.rated_at at time zone 'Asia/Ho_Chi_Minh')::date <= ${range.to}::date` : sql``;
  const result = await sql<{ grp: string; ratings: number; satisfied: number }>`
    select ${column} as grp, count(*)::int as ratings, count(*) filter (where r.satisfied)::int as satisfied
    from metrics_ratings r join metrics_case_facts f using (case_code)
    where true ${from} ${to}
    group by 1 order by 1`.execute(db);
  return result.rows.map((r) => ({ group: r.grp, ratings: r.ratings, satisfied: r.satisfied, rate: r.ratings === 0 ? null : r.satisfied / r.ratings }));
}
