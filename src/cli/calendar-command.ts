/** `motcua calendar`: due instants and holiday lists from the shipped calendar, for people and scripts. */
import type { ConnectAnnouncer } from './calendar-announce-command.js';
import {
  CalendarError,
  defaultCalendar,
  dueInstant,
  explainDue,
  formatInstant,
  holidays,
  parseInstant,
  type DayNote,
  type HolidayEntry,
  type Period,
  type TimeUnit,
  type WorkingCalendar,
} from '../calendar/index.js';

export interface CommandIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

const units: readonly TimeUnit[] = ['working-days', 'working-hours', 'same-day', 'calendar-days'];

const usage = `Usage: motcua calendar <command>

  due --from <instant> --days <N> [--unit ${units.join('|')}] [--explain]
      When a period received at <instant> runs out, as ISO 8601 in Vietnam time (+07:00).
      <instant> is ISO 8601; without an offset it is read as Vietnam time.
      --days is the amount in the unit (hours for working-hours; optional for same-day).
      --explain also lists the counted days and the days skipped, with reasons.
  holidays <year>
      Days off (Mon–Fri) and worked Saturdays of <year>, with reasons.
  announce <file> [--by <who>] [--reason <text>]
      Stores the calendar update in <file> (JSON or YAML: version, schedules, reason) as a new
      calendar version for new cases and sends it to every open case. A malformed file is refused
      (naming the file and the field) and nothing is stored. Needs DATABASE_URL, or a running API.
  help
      This text.`;

class UsageError extends Error {}

/** Runs one calendar command; returns the exit code (0 ok, 2 bad arguments). */
export async function runCalendarCommand(
  args: string[],
  io: CommandIo,
  cal: WorkingCalendar = defaultCalendar,
  connectAnnouncer?: ConnectAnnouncer,
): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'announce': {
        // Loaded on demand: due and holidays need neither Temporal nor the database.
        const { runCalendarAnnounce } = await import('./calendar-announce-command.js');
        return await runCalendarAnnounce(rest, io, connectAnnouncer);
      }
      case 'due':
        printDue(cal, parseDueOptions(rest), io);
        return 0;
      case 'holidays':
        printHolidays(cal, parseYear(rest), io);
        return 0;
      case 'help':
      case '--help':
        io.out(usage);
        return 0;
      case undefined:
        throw new UsageError('missing command');
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof CalendarError) {
      io.err(`motcua calendar: ${error.message}\n\n${usage}`);
      return 2;
    }
    throw error;
  }
}

interface DueOptions {
  from: Date;
  period: Period;
  explain: boolean;
}

function parseDueOptions(args: string[]): DueOptions {
  const values = new Map<string, string>();
  let explain = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--explain') {
      explain = true;
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2);
    if (name !== '--from' && name !== '--days' && name !== '--unit') throw new UsageError(`unknown argument "${arg}"`);
    const value = inline ?? args[(i += 1)];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    values.set(name, value);
  }
  const fromText = values.get('--from');
  if (fromText === undefined) throw new UsageError('--from <instant> is required');
  const from = parseInstant(fromText);
  if (!from) throw new UsageError(`--from "${fromText}" is not an ISO 8601 instant (e.g. 2024-02-05T09:30:00+07:00)`);
  const unit = (values.get('--unit') ?? 'working-days') as TimeUnit;
  if (!units.includes(unit)) throw new UsageError(`--unit must be one of ${units.join(', ')}`);
  const daysText = values.get('--days') ?? (unit === 'same-day' ? '0' : undefined);
  if (daysText === undefined) throw new UsageError('--days <N> is required');
  const amount = Number(daysText);
  if (!/^\d+(\.\d+)?$/.test(daysText) || !Number.isFinite(amount)) throw new UsageError(`--days "${daysText}" is not a number`);
  return { from, period: { amount, unit }, explain };
}

function parseYear(args: string[]): number {
  const [text, ...extra] = args;
  if (text === undefined) throw new UsageError('holidays needs a year');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!/^\d{4}$/.test(text)) throw new UsageError(`"${text}" is not a year`);
  return Number(text);
}

function printDue(cal: WorkingCalendar, { from, period, explain }: DueOptions, io: CommandIo): void {
  if (!explain) {
    io.out(formatInstant(dueInstant(cal, from, period)));
    return;
  }
  const explanation = explainDue(cal, from, period);
  io.out(
    [
      formatInstant(explanation.due),
      `received  ${formatInstant(from)}`,
      `period    ${period.unit === 'same-day' ? 'same day' : `${period.amount} ${period.unit.replace('-', ' ')}`} (calendar ${cal.version})`,
      `counted   ${explanation.counted.join(', ') || '—'}`,
      ...dayLines('skipped', explanation.skipped),
      ...dayLines('note', explanation.notes),
    ].join('\n'),
  );
}

function dayLines(label: string, days: DayNote[]): string[] {
  return days.map((day, i) => `${(i === 0 ? label : '').padEnd(10)}${day.date}  ${day.reason}`);
}

function printHolidays(cal: WorkingCalendar, year: number, io: CommandIo): void {
  const { daysOff, workedDays } = holidays(cal, year);
  const line = (entry: HolidayEntry): string =>
    `${entry.source === 'rules' ? '* ' : entry.unconfirmed ? '? ' : '  '}${entry.date} ${entry.weekday.slice(0, 3)}  ${entry.reason}`;
  const computed = [...daysOff, ...workedDays].some((entry) => entry.source === 'rules');
  const unconfirmed = [...daysOff, ...workedDays].some((entry) => entry.unconfirmed);
  io.out(
    [
      `Days off in ${year} (calendar ${cal.version}):`,
      ...(daysOff.length > 0 ? daysOff.map(line) : ['  none']),
      `Worked days in ${year}:`,
      ...(workedDays.length > 0 ? workedDays.map(line) : ['  none']),
      ...(computed ? ['* computed from the statutory rules: no official notice in this calendar yet'] : []),
      ...(unconfirmed ? ['? in the schedule but no notice text confirms it (docs/calendar.md)'] : []),
    ].join('\n'),
  );
}
