import { formatInstant } from '../calendar/index.js';

/**
 * Dossier code (mã hồ sơ, NĐ61 Art. 26, TT01 Art. 19): the receiving unit's code, the receipt
 * date (YYMMDD, in Vietnam's time) and a 4-digit sequence within that day.
 * The unit part uses motcua's unit codes (e.g. `Q7.MC`); the national unit codes (V1V2V3.Z1Z2.Y1Y2.MX1X2)
 * are not public for District 7 and plug in here when known.
 * @example dossierCode('Q7.MC', new Date('2026-11-26T03:00:00Z'), 7) // 'Q7.MC-261126-0007'
 */
export function dossierCode(unitCode: string, receivedAt: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9999) {
    throw new RangeError(`dossier sequence must be 1..9999, got ${sequence}`);
  }
  const yymmdd = formatInstant(receivedAt).slice(2, 10).replaceAll('-', '');
  return `${unitCode}-${yymmdd}-${String(sequence).padStart(4, '0')}`;
}
