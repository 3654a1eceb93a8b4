/** The same answer as dueInstant, with the days it counted and the days it passed over, in words. */
import { dueInstant, receivedBeforeSameDayCutoff } from './deadlines.js';
import { isoWeekday, localDateOf, localDayOf, localTimeOfDay, weekdayNames, type LocalDate } from './local-time.js';
import type { Period } from './period.js';
import { dayIndex, DayStatus, isWorkingIndex, type WorkingCalendar } from './working-calendar.js';

export interface DayNote {
  date: LocalDate;
  reason: string;
}

export interface DueExplanation {
  due: Date;
  /** The days that make up the period, in order. */
  counted: LocalDate[];
  /** Days passed over, with why: 'Saturday', 'Tết Nguyên đán', 'compensatory day for …'. */
  skipped: DayNote[];
  /** Counted days that are normally off ('worked Saturday (swap …)'), and how the end was carried. */
  notes: DayNote[];
}

type DayWalk = Omit<DueExplanation, 'due'>;

export function explainDue(cal: WorkingCalendar, from: Date, period: Period): DueExplanation {
  const due = dueInstant(cal, from, period);
  const fromMs = from.getTime();
  const receiptDay = localDayOf(fromMs);
  const dueDay = localDayOf(due.getTime());
  switch (period.unit) {
    case 'working-days':
      return { due, ...walkDays(cal, receiptDay + 1, dueDay) };
    case 'working-hours': {
      const countingStarts = localTimeOfDay(fromMs) < cal.hours.closeMs ? receiptDay : receiptDay + 1;
      return { due, ...walkDays(cal, countingStarts, dueDay) };
    }
    case 'same-day':
      return { due, ...explainSameDay(cal, fromMs, receiptDay, dueDay) };
    case 'calendar-days':
      return { due, ...explainCalendarDays(cal, receiptDay, receiptDay + period.amount, dueDay) };
  }
}

function explainSameDay(cal: WorkingCalendar, fromMs: number, receiptDay: number, dueDay: number): DayWalk {
  if (receivedBeforeSameDayCutoff(cal, fromMs)) return walkDays(cal, receiptDay, dueDay);
  const walk = walkDays(cal, receiptDay + 1, dueDay);
  const reason = isWorkingStatus(cal, receiptDay) ? `received after ${cal.data.sameDayCutoff} (NĐ61 Art. 18)` : dayOffReason(cal, receiptDay);
  return { ...walk, skipped: [{ date: localDateOf(receiptDay), reason }, ...walk.skipped] };
}

function explainCalendarDays(cal: WorkingCalendar, receiptDay: number, lastDay: number, dueDay: number): DayWalk {
  const counted: LocalDate[] = [];
  for (let day = receiptDay + 1; day <= lastDay; day += 1) counted.push(localDateOf(day));
  if (dueDay === lastDay) return { counted, skipped: [], notes: [] };
  const carried = walkDays(cal, lastDay + 1, dueDay);
  const end = `the period ends on a day off (${dayOffReason(cal, lastDay)}), so at the close of the next working day (BLDS Art. 148)`;
  return {
    counted: [...counted, ...carried.counted],
    skipped: carried.skipped,
    notes: [{ date: localDateOf(lastDay), reason: end }, ...carried.notes],
  };
}

function walkDays(cal: WorkingCalendar, first: number, last: number): DayWalk {
  const walk: DayWalk = { counted: [], skipped: [], notes: [] };
  for (let day = first; day <= last; day += 1) {
    const date = localDateOf(day);
    if (!isWorkingStatus(cal, day)) walk.skipped.push({ date, reason: dayOffReason(cal, day) });
    else {
      walk.counted.push(date);
      const mark = cal.days.marks.get(day);
      if (mark?.status === 'worked' && cal.days.status[dayIndex(cal, day)] === DayStatus.workedRestDay) {
        walk.notes.push({ date, reason: mark.reason });
      }
    }
  }
  return walk;
}

const isWorkingStatus = (cal: WorkingCalendar, day: number): boolean => isWorkingIndex(cal, dayIndex(cal, day));

function dayOffReason(cal: WorkingCalendar, day: number): string {
  const weekday = weekdayNames[isoWeekday(day)] ?? '';
  const mark = cal.days.marks.get(day);
  if (mark?.status !== 'off') return weekday;
  return cal.data.workingWeekdays.includes(isoWeekday(day)) ? mark.reason : `${mark.reason} (${weekday})`;
}
