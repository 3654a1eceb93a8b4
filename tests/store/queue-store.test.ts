import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../src/calendar/index.js';
import { loadCatalogue, type Catalogue } from '../../src/procedures/catalogue.js';
import { getCaseRow } from '../../src/store/case-store.js';
import { queueCounts, queueFacets, queuePage } from '../../src/store/queue-store.js';
import { queueClock } from '../../src/web/view-models/working-time.js';
import { proceduresDir } from '../support/engine.js';
import { recordCase } from '../support/recorded-cases.js';
import { createTestDatabase, storageKinds, type TestDatabase } from '../support/services.js';

// Thursday 5 March 2026, 10:00 in Hà Nội time; D7-HKD-01 has 3 working days at Q7.TCKH.
const now = new Date('2026-03-05T10:00:00+07:00');
const clock = queueClock(defaultCalendar, now);

describe.each(storageKinds)('the queue read model on %s', (kind) => {
  let database: TestDatabase;
  let catalogue: Catalogue;
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    catalogue = await loadCatalogue(proceduresDir);
    const accepted = (receivedAt: string) => [{ action: 'accept', at: receivedAt.replace('09:00', '09:30') }];
    const db = database.db;
    // due Thu 5 Mar 17:00: due today and within 2 working days
    codes.dueToday = await recordCase(db, catalogue, { procedureCode: 'D7-HKD-01', receivedAt: '2026-03-02T09:00:00+07:00', sequence: 1, applicantName: 'Nguyễn Văn An', actions: accepted('2026-03-02T09:00:00+07:00') });
    // due Mon 9 Mar 17:00: the close of the 2nd working day after today
    codes.dueSoon = await recordCase(db, catalogue, { procedureCode: 'D7-HKD-01', receivedAt: '2026-03-04T09:00:00+07:00', sequence: 1, applicantName: 'Trần Thị Bình', actions: accepted('2026-03-04T09:00:00+07:00') });
    // received Thu 5 Mar 09:00 → due Tue 10 Mar 17:00: beyond the 2 working days
    codes.later = await recordCase(db, catalogue, { procedureCode: 'D7-HKD-01', receivedAt: '2026-03-05T09:00:00+07:00', sequence: 1, applicantName: 'Phạm Minh Châu', actions: accepted('2026-03-05T09:00:00+07:00') });
    // due Mon 2 Mar 17:00: overdue
    codes.overdue = await recordCase(db, catalogue, { procedureCode: 'D7-HKD-01', receivedAt: '2026-02-25T09:00:00+07:00', sequence: 1, applicantName: 'Lê Đức Cường', actions: accepted('2026-02-25T09:00:00+07:00') });
    // back at the desk, awaiting the applicant's supplement
    codes.supplement = await recordCase(db, catalogue, { procedureCode: 'D7-HKD-01', receivedAt: '2026-03-03T09:00:00+07:00', sequence: 1, applicantName: 'Võ Thị Dung', actions: [...accepted('2026-03-03T09:00:00+07:00'), { action: 'request_supplement', at: '2026-03-03T14:00:00+07:00' }] });
    // closed: in nobody's queue
    codes.closed = await recordCase(db, catalogue, {
      procedureCode: 'D7-HKD-01', receivedAt: '2026-03-02T09:00:00+07:00', sequence: 2, applicantName: 'Nguyễn Văn Bảo',
      actions: ['accept', 'submit_for_signature', 'approve', 'return_at_desk'].map((action, i) => ({ action, at: `2026-03-0${2 + i}T10:00:00+07:00` })),
    });
    // a ward procedure at the ward of Tân Thuận Đông (received by its desk)
    codes.ward = await recordCase(db, catalogue, { procedureCode: 'D7-HT-01', receivedAt: '2026-03-05T08:00:00+07:00', sequence: 1, applicantName: 'Đặng Văn Em', ward: 'TTD' });
    // a district procedure in consultation: Home Affairs, the ward of Phú Mỹ and the police hold it at once
    codes.consultation = await recordCase(db, catalogue, {
      procedureCode: 'D7-NV-02', receivedAt: '2026-03-04T08:00:00+07:00', sequence: 2, applicantName: 'Hồ Thị Giang', ward: 'PMY',
      actions: [{ action: 'accept', at: '2026-03-04T08:30:00+07:00' }, { action: 'consult_agencies', at: '2026-03-04T15:00:00+07:00' }],
    });
  });
  afterAll(async () => database?.close());

  it('keeps the queue columns from each batch: holders, ward, applicant, folded search text', async () => {
    const row = await getCaseRow(database.db, codes.overdue!);
    expect(row).toMatchObject({ holding_units: ['Q7.TCKH'], ward: null, applicant_name: 'Lê Đức Cường' });
    expect(row?.search_text).toContain('le duc cuong');
    const ward = await getCaseRow(database.db, codes.ward!);
    expect(ward).toMatchObject({ holding_units: ['P.TTD.MC'], ward: 'TTD' });
  });

  it('puts a case in consultation in the queue of every unit holding it, with its ward', async () => {
    const row = await getCaseRow(database.db, codes.consultation!);
    expect(row).toMatchObject({ ward: 'PMY', unit: 'Q7.NV' });
    expect([...row!.holding_units].sort()).toEqual(['P.PMY', 'Q7.CA', 'Q7.NV']);
    for (const unit of ['Q7.NV', 'P.PMY', 'Q7.CA']) {
      const rows = await queuePage(database.db, { unit }, 'all', clock, { limit: 50, offset: 0 });
      expect(rows.map((r) => r.caseCode), unit).toEqual([codes.consultation]);
    }
    expect((await queueCounts(database.db, { unit: 'P.PMY.MC' }, clock)).all).toBe(0);
  });

  it('counts the unit’s open cases by filter, each against the calendar’s instants', async () => {
    expect(await queueCounts(database.db, { unit: 'Q7.TCKH' }, clock)).toEqual({
      all: 4,
      dueToday: 1,
      dueSoon: 2,
      overdue: 1,
      awaitingSupplement: 0,
    });
    expect(await queueCounts(database.db, { unit: 'Q7.MC' }, clock)).toEqual({
      all: 1,
      dueToday: 0,
      dueSoon: 0,
      overdue: 0,
      awaitingSupplement: 1,
    });
  });

  it('lists a view by deadline, nearest first, and nothing closed or held elsewhere', async () => {
    const all = await queuePage(database.db, { unit: 'Q7.TCKH' }, 'all', clock, { limit: 50, offset: 0 });
    expect(all.map((r) => r.caseCode)).toEqual([codes.overdue, codes.dueToday, codes.dueSoon, codes.later]);
    const soon = await queuePage(database.db, { unit: 'Q7.TCKH' }, 'dueSoon', clock, { limit: 50, offset: 0 });
    expect(soon.map((r) => r.caseCode)).toEqual([codes.dueToday, codes.dueSoon]);
    const paged = await queuePage(database.db, { unit: 'Q7.TCKH' }, 'all', clock, { limit: 2, offset: 2 });
    expect(paged.map((r) => r.caseCode)).toEqual([codes.dueSoon, codes.later]);
  });

  it('finds by applicant name without diacritics, by part of the dossier code, and escapes LIKE wildcards', async () => {
    const byName = await queuePage(database.db, { unit: 'Q7.TCKH', search: 'duc cuong' }, 'all', clock, { limit: 50, offset: 0 });
    expect(byName.map((r) => r.caseCode)).toEqual([codes.overdue]);
    const byAccentedName = await queuePage(database.db, { unit: 'Q7.TCKH', search: 'NGUYỄN' }, 'all', clock, { limit: 50, offset: 0 });
    expect(byAccentedName.map((r) => r.caseCode)).toEqual([codes.dueToday]);
    const byCode = await queuePage(database.db, { unit: 'Q7.TCKH', search: codes.dueSoon!.slice(-11) }, 'all', clock, { limit: 50, offset: 0 });
    expect(byCode.map((r) => r.caseCode)).toEqual([codes.dueSoon]);
    expect(await queueCounts(database.db, { unit: 'Q7.TCKH', search: '%' }, clock)).toMatchObject({ all: 0 });
  });

  it('filters by procedure and by ward, and offers the procedures and wards present as choices', async () => {
    expect((await queueCounts(database.db, { unit: 'Q7.TCKH', procedure: 'D7-HT-01' }, clock)).all).toBe(0);
    expect((await queueCounts(database.db, { unit: 'P.TTD.MC', ward: 'TTD' }, clock)).all).toBe(1);
    expect((await queueCounts(database.db, { unit: 'P.TTD.MC', ward: 'PMY' }, clock)).all).toBe(0);
    expect(await queueFacets(database.db, 'Q7.TCKH')).toEqual({ procedures: [{ code: 'D7-HKD-01', count: 4 }], wards: [] });
    expect(await queueFacets(database.db, 'P.TTD.MC')).toEqual({ procedures: [{ code: 'D7-HT-01', count: 1 }], wards: [{ code: 'TTD', count: 1 }] });
  });
});
