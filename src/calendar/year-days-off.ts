/**
 * A year's days off and worked days: the official schedule first, then the statutory
 * rules for every holiday the schedule does not settle, then compensatory days
 * (BLLĐ Art. 111.3: a holiday on a weekly rest day moves to the next working day).
 */
import type { CalendarData, HolidayId, HolidayRule, YearSchedule } from './calendar-data.js';
import { dayOfLunarDate } from './lunar-calendar.js';
import { dayFromCivil, isoWeekday, localDateOf, parseLocalDate, weekdayNames } from './local-time.js';

export interface DayMark {
  /** Epoch day (local). */
  day: number;
  status: 'off' | 'worked';
  reason: string;
  holiday?: HolidayId;
  source: 'schedule' | 'rules';
  /** The schedule marks the day unconfirmed: no notice text was found for it. */
  unconfirmed?: true;
}

type Marks = Map<number, DayMark>;

/** Every marked day of `year`, in date order. */
export function resolveYear(data: CalendarData, year: number): DayMark[] {
  const weekdays = new Set(data.workingWeekdays);
  const isRestDay = (day: number): boolean => !weekdays.has(isoWeekday(day));
  const marks: Marks = new Map();
  const schedule = data.schedules.find((candidate) => candidate.year === year);
  const settled = schedule ? applySchedule(schedule, marks) : new Set<HolidayId>();
  const isOff = (day: number): boolean => {
    const mark = marks.get(day);
    return mark ? mark.status === 'off' : isRestDay(day);
  };

  const clashes: Array<{ day: number; rule: HolidayRule }> = [];
  for (const rule of data.holidayRules) {
    if (settled.has(rule.id) || (rule.sinceYear ?? year) > year) continue;
    const date = ruleDate(rule, year);
    if (rule.workingDayBlock) {
      markWorkingDayBlock(rule, date + rule.workingDayBlock.startOffsetDays, rule.workingDayBlock.workingDays, marks, isOff);
      continue;
    }
    for (const { day, reason } of singleDays(rule, date, year)) {
      const existing = marks.get(day);
      if (existing?.status === 'worked') continue; // a schedule made it a working day; its author decides
      if (isOff(day)) clashes.push({ day, rule });
      if (!existing) marks.set(day, ruleMark(day, rule, reason));
    }
  }

  for (const { day, rule } of clashes.sort((a, b) => a.day - b.day)) {
    let compensatory = day + 1;
    while (isOff(compensatory)) compensatory += 1;
    const clash = `${weekdayNames[isoWeekday(day)]} ${localDateOf(day)}`;
    marks.set(compensatory, ruleMark(compensatory, rule, `compensatory day for ${rule.name} (${clash})`));
  }
  return [...marks.values()].sort((a, b) => a.day - b.day);
}

/** Marks the schedule's days and returns the holidays it settles. */
function applySchedule(schedule: YearSchedule, marks: Marks): Set<HolidayId> {
  const settled = new Set<HolidayId>();
  for (const entry of schedule.daysOff) {
    const first = parseLocalDate(entry.date) ?? Number.NaN;
    const last = entry.through === undefined ? first : (parseLocalDate(entry.through) ?? Number.NaN);
    for (let day = first; day <= last; day += 1) {
      marks.set(day, { day, status: 'off', reason: entry.reason, holiday: entry.holiday, source: 'schedule', ...unconfirmed(entry) });
    }
    if (entry.holiday !== undefined) settled.add(entry.holiday);
  }
  for (const entry of schedule.workedDays) {
    const day = parseLocalDate(entry.date) ?? Number.NaN;
    marks.set(day, { day, status: 'worked', reason: entry.reason, source: 'schedule', ...unconfirmed(entry) });
  }
  return settled;
}

const unconfirmed = (entry: { confirmed?: boolean }): { unconfirmed?: true } =>
  entry.confirmed === false ? { unconfirmed: true } : {};

function ruleDate(rule: HolidayRule, year: number): number {
  const { calendar, month, day } = rule.date;
  return calendar === 'solar' ? dayFromCivil(year, month, day) : dayOfLunarDate({ year, month, day, leap: false });
}

function singleDays(rule: HolidayRule, date: number, year: number): Array<{ day: number; reason: string }> {
  const days = [{ day: date, reason: rule.name }];
  const adjacent = rule.adjacentDay;
  if (!adjacent || year < adjacent.sinceYear) return days;
  const after = adjacent.afterOnWeekdays.includes(isoWeekday(date));
  const extra = { day: after ? date + 1 : date - 1, reason: `${rule.name} (adjacent day)` };
  return after ? [...days, extra] : [extra, ...days];
}

/** `count` working days off from `start`; rest days inside the block carry the holiday's name. */
function markWorkingDayBlock(
  rule: HolidayRule,
  start: number,
  count: number,
  marks: Marks,
  isOff: (day: number) => boolean,
): void {
  let left = count;
  let started = false;
  for (let day = start; left > 0; day += 1) {
    if (!isOff(day)) {
      marks.set(day, ruleMark(day, rule, rule.name));
      started = true;
      left -= 1;
    } else if (started && !marks.has(day)) {
      marks.set(day, ruleMark(day, rule, rule.name));
    }
  }
}

const ruleMark = (day: number, rule: HolidayRule, reason: string): DayMark => ({
  day,
  status: 'off',
  reason,
  holiday: rule.id,
  source: 'rules',
});
