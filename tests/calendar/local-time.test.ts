import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, parseInstant } from '../../src/calendar/index.js';

describe('formatting instants in Vietnam time', () => {
  it('writes ISO 8601 with the +07:00 offset', () => {
    expect(formatInstant(new Date('2024-02-19T10:00:00Z'))).toBe('2024-02-19T17:00:00+07:00');
  });

  it('moves to the next day when UTC is still on the previous one', () => {
    expect(formatInstant(new Date('2024-02-18T20:30:00Z'))).toBe('2024-02-19T03:30:00+07:00');
  });

  it('shows milliseconds only when there are some', () => {
    expect(formatInstant(new Date('2024-02-19T10:00:00.250Z'))).toBe('2024-02-19T17:00:00.250+07:00');
  });

  it('refuses an invalid Date', () => {
    expect(() => formatInstant(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('parsing instants', () => {
  it('reads explicit offsets and Z', () => {
    expect(parseInstant('2024-02-19T17:00:00+07:00')).toEqual(new Date('2024-02-19T10:00:00Z'));
    expect(parseInstant('2024-02-19T10:00:00Z')).toEqual(new Date('2024-02-19T10:00:00Z'));
    expect(parseInstant('2024-02-19T05:00:00-05:00')).toEqual(new Date('2024-02-19T10:00:00Z'));
  });

  it('reads a time without an offset, or a bare date, as Vietnam wall time', () => {
    expect(parseInstant('2024-02-19T17:00')).toEqual(new Date('2024-02-19T10:00:00Z'));
    expect(parseInstant('2024-02-19')).toEqual(new Date('2024-02-18T17:00:00Z'));
  });

  it.each(['2024-02-30', '2024-13-01', '2024-02-19T24:00', '19/02/2024', 'tomorrow', ''])('refuses "%s"', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });

  it('reads back every instant it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2199, 0, 1) }), (ms) => {
        expect(parseInstant(formatInstant(new Date(ms)))).toEqual(new Date(ms));
      }),
    );
  });
});
