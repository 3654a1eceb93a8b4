import { describe, expect, it } from 'vitest';
import { defaultCalendar, dueInstant, restartPeriod, type Period } from '../../src/calendar/index.js';

// Every expected value below was worked out by hand from the 2021–2026 list in one-stop-rules.md.
// Instants are Vietnam wall time; each row: [what the test shows, received at, amount, due at].
type Row = [string, string, number, string];

const vn = (wallTime: string): Date => new Date(`${wallTime}+07:00`);

function expectDue(unit: Period['unit'], rows: Row[]): void {
  it.each(rows)('%s', (_title, receivedAt, amount, dueAt) => {
    expect(dueInstant(defaultCalendar, vn(receivedAt), { amount, unit })).toEqual(vn(dueAt));
  });
}

describe('working-day periods across Tết', () => {
  expectDue('working-days', [
    ['skips the seven days of Tết Giáp Thìn 2024 (8–14 February)', '2024-02-07T10:00:00', 3, '2024-02-19T17:00:00'],
    ['starts counting after Tết Quý Mão 2023 when the dossier arrives the evening before the break', '2023-01-19T16:30:00', 2, '2023-01-30T17:00:00'],
    ['skips Tết Tân Sửu 2021, 10–16 February, Wednesday to Tuesday', '2021-02-09T09:00:00', 1, '2021-02-17T17:00:00'],
    ['skips Tết Nhâm Dần 2022 and the weekend after it', '2022-01-28T15:00:00', 1, '2022-02-07T17:00:00'],
    ['skips Tết Ất Tỵ 2025 and the weekend that follows', '2025-01-24T10:00:00', 5, '2025-02-07T17:00:00'],
    ['skips Tết Bính Ngọ 2026, 16–20 February', '2026-02-13T10:00:00', 3, '2026-02-25T17:00:00'],
  ]);
});

describe('working-day periods across 30 April – 1 May and Hùng Kings’ day', () => {
  expectDue('working-days', [
    ['skips the two compensatory days of 2022, when 30 April and 1 May fell on the weekend', '2022-04-29T10:00:00', 2, '2022-05-05T17:00:00'],
    ['skips 1–3 May 2023, compensating Hùng Kings’ day and 30 April that fell on the weekend', '2023-04-28T10:00:00', 1, '2023-05-04T17:00:00'],
    ['skips 30 April 2021 and Monday 3 May, the compensatory day for Saturday 1 May', '2021-04-29T10:00:00', 2, '2021-05-05T17:00:00'],
    ['skips Monday 11 April 2022, the compensatory day for Hùng Kings’ day on a Sunday', '2022-04-08T10:00:00', 1, '2022-04-12T17:00:00'],
  ]);
});

describe('the swap of 2024: Monday 29 April off, Saturday 4 May worked', () => {
  expectDue('working-days', [
    ['counts Saturday 4 May 2024 as a working day inside a period', '2024-04-25T10:00:00', 5, '2024-05-06T17:00:00'],
    ['can fall due on Saturday 4 May 2024', '2024-05-03T10:00:00', 1, '2024-05-04T17:00:00'],
  ]);
  expectDue('same-day', [
    ['resolves a same-day procedure received that Saturday morning the same day', '2024-05-04T09:00:00', 0, '2024-05-04T17:00:00'],
  ]);
});

describe('working-day periods across 2 September', () => {
  expectDue('working-days', [
    ['skips 1–4 September 2023: the adjacent Friday, the weekend and Monday compensating Saturday 2 September', '2023-08-31T10:00:00', 1, '2023-09-05T17:00:00'],
    ['skips 2–3 September 2024, Monday and Tuesday', '2024-08-30T10:00:00', 1, '2024-09-04T17:00:00'],
    ['skips 2–3 September 2021, Thursday and Friday', '2021-09-01T10:00:00', 2, '2021-09-07T17:00:00'],
    ['skips 1–2 September 2022, Thursday and Friday', '2022-08-31T10:00:00', 1, '2022-09-05T17:00:00'],
  ]);
});

describe('when counting starts (Civil Code Art. 147)', () => {
  expectDue('working-days', [
    ['counts from the first working day after a Saturday receipt', '2024-03-09T10:00:00', 1, '2024-03-11T17:00:00'],
    ['never counts the receipt day, even when the dossier arrives before opening', '2024-03-11T06:00:00', 1, '2024-03-12T17:00:00'],
    ['counts from the next day when the dossier arrives after closing', '2024-03-11T18:00:00', 1, '2024-03-12T17:00:00'],
  ]);

  it('reads the receipt day in Vietnam time, not in UTC', () => {
    // 18:00 UTC on Sunday 10 March is 01:00 on Monday 11 March in Vietnam.
    const receivedAt = new Date('2024-03-10T18:00:00Z');
    expect(dueInstant(defaultCalendar, receivedAt, { amount: 1, unit: 'working-days' })).toEqual(vn('2024-03-12T17:00:00'));
  });
});

describe('same-day procedures and the 15:00 cut-off', () => {
  expectDue('same-day', [
    ['resolves a dossier received before 15:00 on the same day', '2024-03-11T14:59:00', 0, '2024-03-11T17:00:00'],
    ['treats a dossier received at 15:00 sharp as received in time', '2024-03-11T15:00:00', 0, '2024-03-11T17:00:00'],
    ['moves a dossier received after 15:00 to the next working day', '2024-03-11T15:01:00', 0, '2024-03-12T17:00:00'],
    ['moves a Friday-afternoon dossier past the 2024 holidays of 29 April – 1 May', '2024-04-26T16:00:00', 0, '2024-05-02T17:00:00'],
    ['moves a dossier received on a Sunday to Monday', '2024-03-10T10:00:00', 0, '2024-03-11T17:00:00'],
  ]);
});

describe('working-hour periods', () => {
  expectDue('working-hours', [
    ['jumps the lunch break', '2024-03-11T10:00:00', 4, '2024-03-11T15:30:00'],
    ['ends at 11:30 rather than 13:00 when the morning uses the hours up exactly', '2024-03-11T10:00:00', 1.5, '2024-03-11T11:30:00'],
    ['carries over the weekend', '2024-03-15T16:00:00', 2, '2024-03-18T08:30:00'],
    ['starts at the afternoon opening when received at lunch', '2024-03-11T12:00:00', 1, '2024-03-11T14:00:00'],
    ['starts the next morning when received after closing', '2024-03-11T18:00:00', 8, '2024-03-12T17:00:00'],
    ['carries over Tết 2024', '2024-02-07T16:00:00', 2, '2024-02-15T08:30:00'],
  ]);
});

describe('calendar-day periods', () => {
  expectDue('calendar-days', [
    ['ends at closing on the N-th day after receipt', '2024-03-11T10:00:00', 7, '2024-03-18T17:00:00'],
    ['moves an end on a Saturday to the close of Monday (Civil Code Art. 148)', '2024-03-13T10:00:00', 3, '2024-03-18T17:00:00'],
    ['moves an end on the 2024 swap day past 30 April and 1 May', '2024-04-26T16:00:00', 3, '2024-05-02T17:00:00'],
  ]);
});

describe('restarting a period after a supplement (NĐ61 Art. 19.4)', () => {
  it('counts the full period again from the completion of the dossier', () => {
    const completedAt = vn('2024-02-07T10:00:00');
    expect(restartPeriod(defaultCalendar, completedAt, { amount: 3, unit: 'working-days' })).toEqual(vn('2024-02-19T17:00:00'));
  });
});
