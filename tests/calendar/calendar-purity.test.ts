import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// src/calendar is bundled into Temporal workflow code: it must not reach the clock, the host's
// time zone, randomness or Node. These patterns are what would break replay.
const forbidden: Array<[string, RegExp]> = [
  ['the clock (Date.now)', /\bDate\.now\b/],
  ['the clock (new Date())', /new Date\(\s*\)/],
  ['randomness', /Math\.random/],
  ['the process', /\bprocess\./],
  ['Node modules', /from ['"]node:|require\(/],
  ['the host time zone (Intl, toLocale…)', /\bIntl\b|toLocale/],
  ['local-time getters', /\.get(Hours|Minutes|Seconds|Date|Day|Month|FullYear|TimezoneOffset)\(/],
  ['timers', /\bset(Timeout|Interval)\(/],
  ['package imports', /from ['"][^.][^'"]*['"]/],
];

const calendarDir = join(import.meta.dirname, '../../src/calendar');
const sourceFiles = readdirSync(calendarDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));

describe('the calendar module stays deterministic', () => {
  it('has source files to check', () => {
    expect(sourceFiles.length).toBeGreaterThan(10);
  });

  it.each(sourceFiles)('%s uses no clock, randomness, host time zone or Node API', (file) => {
    const code = readFileSync(join(calendarDir, file), 'utf8');
    const found = forbidden.filter(([, pattern]) => pattern.test(code)).map(([what]) => what);
    expect(found).toEqual([]);
  });
});
