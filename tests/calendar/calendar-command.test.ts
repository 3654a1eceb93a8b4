import { describe, expect, it } from 'vitest';
import { runCalendarCommand } from '../../src/cli/calendar-command.js';
import { runCliCommand } from '../support/run-cli-command.js';

const run = (...args: string[]) => runCliCommand(runCalendarCommand, args);

describe('motcua calendar due', () => {
  it('prints the due instant alone, in ISO 8601 with +07:00', async () => {
    expect(await run('due', '--from', '2024-02-07T10:00:00+07:00', '--days', '3')).toEqual({
      exitCode: 0,
      out: '2024-02-19T17:00:00+07:00',
      err: '',
    });
  });

  it('accepts --name=value, UTC instants and other units', async () => {
    expect((await run('due', '--from=2024-02-07T03:00:00Z', '--days=3')).out).toBe('2024-02-19T17:00:00+07:00');
    expect((await run('due', '--from', '2024-03-11T10:00', '--days', '4', '--unit', 'working-hours')).out).toBe(
      '2024-03-11T15:30:00+07:00',
    );
    expect((await run('due', '--from', '2024-03-13T10:00', '--days', '3', '--unit', 'calendar-days')).out).toBe(
      '2024-03-18T17:00:00+07:00',
    );
  });

  it('needs no --days for a same-day procedure', async () => {
    expect((await run('due', '--from', '2024-03-11T15:30:00+07:00', '--unit', 'same-day')).out).toBe(
      '2024-03-12T17:00:00+07:00',
    );
  });

  it('explains the skipped days with --explain, the due instant still on the first line', async () => {
    const { exitCode, out } = await run('due', '--from', '2024-04-25T10:00:00+07:00', '--days', '5', '--explain');
    const lines = out.split('\n');
    expect(exitCode).toBe(0);
    expect(lines[0]).toBe('2024-05-06T17:00:00+07:00');
    expect(out).toContain('counted   2024-04-26, 2024-05-02, 2024-05-03, 2024-05-04, 2024-05-06');
    expect(out).toContain('2024-04-30  Ngày Chiến thắng 30/4');
    expect(out).toContain('note      2024-05-04  worked Saturday (swap for 2024-04-29)');
  });
});

describe('motcua calendar holidays', () => {
  it('lists the days off and the worked Saturday of 2024', async () => {
    const { exitCode, out } = await run('holidays', '2024');
    expect(exitCode).toBe(0);
    expect(out).toContain('  2024-04-29 Mon  day off swapped with the worked Saturday 2024-05-04');
    expect(out).toContain('Worked days in 2024:\n  2024-05-04 Sat  worked Saturday (swap for 2024-04-29)');
    expect(out).not.toContain('*');
  });

  it('marks the days no notice confirms (the day next to 2 September 2026)', async () => {
    const { out } = await run('holidays', '2026');
    expect(out).toContain('? 2026-09-01 Tue  Quốc khánh 2/9 (adjacent day)');
    expect(out).toContain('  2026-09-02 Wed  Quốc khánh 2/9');
    expect(out).toContain('  2026-01-02 Fri  day off swapped with the worked Saturday 2026-01-10');
    expect(out).toContain('no notice text confirms it');
    expect((await run('holidays', '2024')).out).not.toContain('?');
  });

  it('marks the days computed from the rules for a year without a notice', async () => {
    const { out } = await run('holidays', '2027');
    expect(out).toContain('* 2027-02-04 Thu  Tết Nguyên đán');
    expect(out).toContain('Worked days in 2027:\n  none');
    expect(out).toContain('no official notice');
  });
});

describe('bad arguments', () => {
  it.each([
    [['due', '--days', '3'], '--from <instant> is required'],
    [['due', '--from', 'yesterday', '--days', '3'], 'is not an ISO 8601 instant'],
    [['due', '--from', '2024-02-07T10:00'], '--days <N> is required'],
    [['due', '--from', '2024-02-07T10:00', '--days', 'three'], 'is not a number'],
    [['due', '--from', '2024-02-07T10:00', '--days', '0'], 'whole number of days'],
    [['due', '--from', '2024-02-07T10:00', '--days', '3', '--unit', 'weeks'], '--unit must be one of'],
    [['due', '--from', '2024-02-07T10:00', '--days', '3', '--fast'], 'unknown argument "--fast"'],
    [['due', '--from'], '--from needs a value'],
    [['due', '--from', '2150-01-01', '--days', '3'], 'outside the calendar'],
    [['holidays'], 'holidays needs a year'],
    [['holidays', '24'], '"24" is not a year'],
    [['holidays', '2300'], 'within 1900–2199'],
    [['weekdays'], 'unknown command "weekdays"'],
    [[], 'missing command'],
  ])('exit with 2 and a clear message for %j', async (args, message) => {
    const result = await run(...args);
    expect(result.exitCode).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toContain(message);
    expect(result.err).toContain('Usage: motcua calendar');
  });

  it('print the usage on help and exit with 0', async () => {
    const { exitCode, out } = await run('help');
    expect(exitCode).toBe(0);
    expect(out).toContain('due --from <instant> --days <N>');
  });
});
