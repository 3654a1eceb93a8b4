/** Checks calendar data once, when a calendar is created, and names every problem found. */
import type { CalendarData, HolidayRule, YearSchedule } from './calendar-data.js';
import { CalendarError } from './calendar-error.js';
import { daysInMonth, parseClock, parseLocalDate } from './local-time.js';

export function validateCalendarData(data: CalendarData): void {
  const problems = [
    ...(typeof data.version === 'string' && data.version.trim() !== '' ? [] : ['version must be a non-empty string']),
    ...sessionProblems('officeSessions', data.officeSessions),
    ...weekdayProblems(data.workingWeekdays),
    ...(parseClock(data.sameDayCutoff) === undefined ? [`sameDayCutoff "${data.sameDayCutoff}" is not HH:MM`] : []),
    ...data.holidayRules.flatMap(ruleProblems),
    ...duplicates(data.holidayRules.map((rule) => rule.id)).map((id) => `holiday rule id "${id}" is used twice`),
    ...data.schedules.flatMap(scheduleProblems),
    ...duplicates(data.schedules.map((s) => String(s.year))).map((year) => `two schedules for ${year}`),
    ...data.extraReceivingSessions.flatMap((session, i) => [
      ...(isWeekday(session.weekday) ? [] : [`extraReceivingSessions[${i}].weekday must be 1 (Mon) … 7 (Sun)`]),
      ...sessionProblems(`extraReceivingSessions[${i}]`, [session]),
    ]),
  ];
  if (problems.length > 0) {
    throw new CalendarError('CALENDAR_DATA_INVALID', `calendar data "${data.version}": ${problems.join('; ')}`);
  }
}

const isWeekday = (value: number): boolean => Number.isInteger(value) && value >= 1 && value <= 7;

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((value, i) => values.indexOf(value) !== i))];
}

function sessionProblems(where: string, sessions: Array<{ start: string; end: string }>): string[] {
  if (sessions.length === 0) return [`${where} is empty`];
  let previousEnd = -1;
  return sessions.flatMap((session, i) => {
    const start = parseClock(session.start);
    const end = parseClock(session.end);
    if (start === undefined || end === undefined) return [`${where}[${i}] times must be HH:MM`];
    const overlaps = start < previousEnd;
    previousEnd = end;
    if (start >= end) return [`${where}[${i}] ends before it starts`];
    return overlaps ? [`${where}[${i}] overlaps the one before`] : [];
  });
}

function weekdayProblems(weekdays: number[]): string[] {
  if (weekdays.length === 0) return ['workingWeekdays is empty'];
  if (!weekdays.every(isWeekday)) return ['workingWeekdays must hold 1 (Mon) … 7 (Sun)'];
  return duplicates(weekdays.map(String)).map((day) => `workingWeekdays lists ${day} twice`);
}

function ruleProblems(rule: HolidayRule): string[] {
  const where = `holiday rule "${rule.id}"`;
  const { calendar, month, day } = rule.date;
  const maxDay = calendar === 'lunar' ? 29 : month >= 1 && month <= 12 ? daysInMonth(2023, month) : 0;
  const problems: string[] = [];
  if (rule.id.trim() === '' || rule.name.trim() === '') problems.push(`${where} needs an id and a name`);
  if (calendar !== 'solar' && calendar !== 'lunar') problems.push(`${where}: calendar must be solar or lunar`);
  // Every year must have the date: no 29 Feb, no lunar 30th (months of 29 days).
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > maxDay) {
    problems.push(`${where}: ${day}/${month} does not occur every year`);
  }
  const block = rule.workingDayBlock;
  if (block && !(Number.isInteger(block.startOffsetDays) && Number.isInteger(block.workingDays) && block.workingDays > 0)) {
    problems.push(`${where}: workingDayBlock needs an integer offset and a positive number of days`);
  }
  if (rule.adjacentDay && !rule.adjacentDay.afterOnWeekdays.every(isWeekday)) {
    problems.push(`${where}: adjacentDay.afterOnWeekdays must hold 1 … 7`);
  }
  return problems;
}

function scheduleProblems(schedule: YearSchedule): string[] {
  return scheduleProblemsAt(schedule, `schedule ${schedule.year}`).map((problem) => `schedule ${schedule.year}: ${problem.message}`);
}

/** A problem in calendar data or an update, with the field it is in (e.g. `schedules[0].daysOff[2].date`). */
export interface CalendarProblem {
  field: string;
  message: string;
}

/** What is wrong with one year's schedule, each problem with its field under `field`. */
export function scheduleProblemsAt(schedule: YearSchedule, field: string): CalendarProblem[] {
  const inYear = (text: string | undefined): boolean =>
    text !== undefined && parseLocalDate(text) !== undefined && text.startsWith(`${schedule.year}-`);
  return [
    ...(Number.isInteger(schedule.year) ? [] : [{ field: `${field}.year`, message: 'year must be an integer' }]),
    ...schedule.daysOff.flatMap((entry, i) => {
      const at = `${field}.daysOff[${i}]`;
      if (!inYear(entry.date)) return [{ field: `${at}.date`, message: `day off ${entry.date} is not a date in ${schedule.year}` }];
      if (entry.through !== undefined && !inYear(entry.through)) {
        return [{ field: `${at}.through`, message: `day off ${entry.date}..${entry.through} is not a date in ${schedule.year}` }];
      }
      return entry.through !== undefined && entry.through < entry.date
        ? [{ field: `${at}.through`, message: `${entry.date}..${entry.through} runs backwards` }]
        : [];
    }),
    ...schedule.workedDays.flatMap((entry, i) =>
      inYear(entry.date)
        ? []
        : [{ field: `${field}.workedDays[${i}].date`, message: `worked day ${entry.date} is not a date in ${schedule.year}` }],
    ),
  ];
}
