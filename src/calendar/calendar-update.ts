/**
 * Calendar versions and updates. A notice published while cases are running (a swap, an
 * extra day off) becomes new calendar data with a new version; running cases receive it
 * (workflow signal `calendarUpdated`) and recompute their due instants from the original
 * receipt instants. See docs/calendar.md, "Updates".
 */
import type { CalendarData, ReceivingSession, YearSchedule } from './calendar-data.js';
import { CalendarError } from './calendar-error.js';
import { scheduleProblemsAt, validateCalendarData, type CalendarProblem } from './validate-calendar-data.js';
import type { WorkingCalendar } from './working-calendar.js';

export interface CalendarUpdate {
  /** Version of the merged data; must differ from the current version. */
  version: string;
  /**
   * Notices, one entry per year. A notice's days off replace the year's days for the
   * holidays it names (or add a year); its worked days replace those of the same date.
   */
  schedules?: YearSchedule[];
  /** Replaces the extra receiving sessions when given. */
  extraReceivingSessions?: ReceivingSession[];
}

/** The version a case records: the same for the data and the calendar built from it. */
export function calendarVersion(calendar: CalendarData | WorkingCalendar): string {
  return calendar.version;
}

/** What is wrong with an update to `data`, each problem with its field in the update. */
export function calendarUpdateProblems(data: CalendarData, update: CalendarUpdate): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (typeof update.version !== 'string' || update.version.trim() === '' || update.version === data.version) {
    problems.push({
      field: 'version',
      message: `a calendar update needs a new version (current "${data.version}", update "${update.version}")`,
    });
  }
  const years = (update.schedules ?? []).map((schedule) => schedule.year);
  (update.schedules ?? []).forEach((schedule, i) => {
    problems.push(...scheduleProblemsAt(schedule, `schedules[${i}]`));
    if (years.indexOf(schedule.year) !== i) problems.push({ field: `schedules[${i}].year`, message: `two notices for ${schedule.year}` });
  });
  return problems;
}

/** New calendar data with the update applied; `data` is not changed. */
export function mergeCalendarUpdate(data: CalendarData, update: CalendarUpdate): CalendarData {
  const [first, ...more] = calendarUpdateProblems(data, update);
  if (first) {
    const message = [first, ...more].map((problem) => `${problem.field}: ${problem.message}`).join('; ');
    throw new CalendarError('CALENDAR_UPDATE_INVALID', message, first.field);
  }
  const schedules = new Map(data.schedules.map((schedule) => [schedule.year, schedule]));
  for (const notice of update.schedules ?? []) {
    schedules.set(notice.year, mergeNotice(schedules.get(notice.year), notice));
  }
  const merged: CalendarData = {
    ...data,
    version: update.version,
    schedules: [...schedules.values()].sort((a, b) => a.year - b.year),
    extraReceivingSessions: update.extraReceivingSessions ?? data.extraReceivingSessions,
  };
  validateCalendarData(merged);
  return merged;
}

function mergeNotice(current: YearSchedule | undefined, notice: YearSchedule): YearSchedule {
  if (!current) return notice;
  const named = new Set(notice.daysOff.map((entry) => entry.holiday).filter((id) => id !== undefined));
  const noticeWorked = new Set(notice.workedDays.map((entry) => entry.date));
  return {
    year: current.year,
    source: `${current.source}; ${notice.source}`,
    // Later entries win for the same date (see year-days-off.ts), so the notice goes last.
    daysOff: [...current.daysOff.filter((entry) => entry.holiday === undefined || !named.has(entry.holiday)), ...notice.daysOff],
    workedDays: [...current.workedDays.filter((entry) => !noticeWorked.has(entry.date)), ...notice.workedDays],
  };
}
