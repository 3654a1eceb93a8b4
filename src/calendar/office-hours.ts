/**
 * Office hours inside one working day, in milliseconds after local midnight. Every
 * working day has the same sessions, so working time is (working days) × (office time
 * a day) plus the part of one day: this is what keeps deadline queries O(1).
 */
import type { OfficeSession, ReceivingSession } from './calendar-data.js';
import { MS_PER_MINUTE, parseClock } from './local-time.js';

export interface OfficeHours {
  sessions: ReadonlyArray<{ startMs: number; endMs: number }>;
  openMs: number;
  closeMs: number;
  /** Office time in one working day. */
  perDayMs: number;
  sameDayCutoffMs: number;
  extraSessions: ReadonlyArray<{ weekday: number; startMs: number; endMs: number }>;
}

const clockMs = (text: string): number => (parseClock(text) ?? Number.NaN) * MS_PER_MINUTE;

/** Assumes data already validated. */
export function buildOfficeHours(
  sessions: OfficeSession[],
  sameDayCutoff: string,
  extra: ReceivingSession[],
): OfficeHours {
  const spans = sessions.map((s) => ({ startMs: clockMs(s.start), endMs: clockMs(s.end) }));
  return {
    sessions: spans,
    openMs: spans[0]?.startMs ?? 0,
    closeMs: spans[spans.length - 1]?.endMs ?? 0,
    perDayMs: spans.reduce((sum, s) => sum + s.endMs - s.startMs, 0),
    sameDayCutoffMs: clockMs(sameDayCutoff),
    extraSessions: extra.map((s) => ({ weekday: s.weekday, startMs: clockMs(s.start), endMs: clockMs(s.end) })),
  };
}

/** Office time of a working day elapsed by `msOfDay`. */
export function officeTimeBefore(hours: OfficeHours, msOfDay: number): number {
  let elapsed = 0;
  for (const { startMs, endMs } of hours.sessions) {
    if (msOfDay <= startMs) break;
    elapsed += Math.min(msOfDay, endMs) - startMs;
  }
  return elapsed;
}

/**
 * The time of day at which `elapsed` office time (0 < elapsed ≤ perDayMs) has passed:
 * the end of a session rather than the start of the next, so a period never ends at lunch's close.
 */
export function timeAfterOfficeTime(hours: OfficeHours, elapsed: number): number {
  let left = elapsed;
  for (const { startMs, endMs } of hours.sessions) {
    if (left <= endMs - startMs) return startMs + left;
    left -= endMs - startMs;
  }
  return hours.closeMs;
}

export function inSession(sessions: ReadonlyArray<{ startMs: number; endMs: number }>, msOfDay: number): boolean {
  return sessions.some((s) => msOfDay >= s.startMs && msOfDay < s.endMs);
}
