import { describe, expect, it } from 'vitest';
import { defaultCalendar, dueInstant, explainDue, type Period } from '../../src/calendar/index.js';

const vn = (wallTime: string): Date => new Date(`${wallTime}+07:00`);
const explain = (receivedAt: string, period: Period) => explainDue(defaultCalendar, vn(receivedAt), period);
const reasonOn = (days: Array<{ date: string; reason: string }>, date: string): string | undefined =>
  days.find((day) => day.date === date)?.reason;

describe('explaining a due instant', () => {
  it('lists the counted days and the Tết days skipped, weekends inside Tết included', () => {
    const explanation = explain('2024-02-07T10:00:00', { amount: 3, unit: 'working-days' });
    expect(explanation.due).toEqual(vn('2024-02-19T17:00:00'));
    expect(explanation.counted).toEqual(['2024-02-15', '2024-02-16', '2024-02-19']);
    expect(explanation.skipped.map((day) => day.date)).toEqual([
      '2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14',
      '2024-02-17', '2024-02-18',
    ]);
    expect(reasonOn(explanation.skipped, '2024-02-08')).toBe('Tết Nguyên đán');
    expect(reasonOn(explanation.skipped, '2024-02-10')).toBe('Tết Nguyên đán (Saturday)');
    expect(reasonOn(explanation.skipped, '2024-02-17')).toBe('Saturday');
    expect(reasonOn(explanation.skipped, '2024-02-18')).toBe('Sunday');
  });

  it('names a compensatory day and the holiday it makes up for', () => {
    const explanation = explain('2022-04-08T10:00:00', { amount: 1, unit: 'working-days' });
    expect(reasonOn(explanation.skipped, '2022-04-10')).toBe('Giỗ Tổ Hùng Vương (Sunday)');
    expect(reasonOn(explanation.skipped, '2022-04-11')).toMatch(/^compensatory day for Giỗ Tổ Hùng Vương/);
  });

  it('notes the worked Saturday of 2024 among the counted days', () => {
    const explanation = explain('2024-04-25T10:00:00', { amount: 5, unit: 'working-days' });
    expect(explanation.counted).toEqual(['2024-04-26', '2024-05-02', '2024-05-03', '2024-05-04', '2024-05-06']);
    expect(reasonOn(explanation.notes, '2024-05-04')).toBe('worked Saturday (swap for 2024-04-29)');
    expect(reasonOn(explanation.skipped, '2024-04-30')).toBe('Ngày Chiến thắng 30/4');
  });

  it('says a same-day dossier moved because it arrived after 15:00', () => {
    const explanation = explain('2024-03-11T15:30:00', { amount: 0, unit: 'same-day' });
    expect(explanation.skipped).toEqual([{ date: '2024-03-11', reason: 'received after 15:00 (NĐ61 Art. 18)' }]);
    expect(explanation.counted).toEqual(['2024-03-12']);
  });

  it('says a calendar-day period was carried past its last day because that day was off', () => {
    const explanation = explain('2024-03-13T10:00:00', { amount: 3, unit: 'calendar-days' });
    expect(explanation.counted).toEqual(['2024-03-14', '2024-03-15', '2024-03-16', '2024-03-18']);
    expect(explanation.skipped).toEqual([{ date: '2024-03-17', reason: 'Sunday' }]);
    expect(reasonOn(explanation.notes, '2024-03-16')).toContain('Art. 148');
  });

  it('counts the receipt day of a working-hours period when office time remains on it', () => {
    const explanation = explain('2024-03-15T16:00:00', { amount: 2, unit: 'working-hours' });
    expect(explanation.counted).toEqual(['2024-03-15', '2024-03-18']);
    expect(explanation.skipped.map((day) => day.reason)).toEqual(['Saturday', 'Sunday']);
  });

  it('gives the same instant as dueInstant', () => {
    const period: Period = { amount: 7, unit: 'working-days' };
    const receivedAt = vn('2023-01-17T09:00:00');
    expect(explainDue(defaultCalendar, receivedAt, period).due).toEqual(dueInstant(defaultCalendar, receivedAt, period));
  });
});
