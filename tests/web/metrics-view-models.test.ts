/**
 * The metrics pages' pure parts: the CSV escaper, periods, the plan's targets at their edges,
 * the ECharts SVG, the audit rows, the look-up and the kiosk's criteria.
 */
import { describe, expect, it } from 'vitest';
import { ratesOf, zeroCounts, type Counts, type FigureRow } from '../../src/metrics/figures.js';
import type { MetricProcedure, MetricProcedures } from '../../src/metrics/metric-procedures.js';
import { rateChartSvg } from '../../src/web/charts.js';
import { csvField, toCsv } from '../../src/web/csv.js';
import { builtInUnitDirectory } from '../../src/procedures/unit-directory.js';
import { auditRowView } from '../../src/web/metrics/audit-model.js';
import { dashboardModel, targetRows, trendChart } from '../../src/web/metrics/dashboard-model.js';
import { parsePeriod } from '../../src/web/metrics/period-choice.js';
import { lookupModel } from '../../src/web/metrics/public-model.js';
import { ratingModel } from '../../src/web/metrics/rating-model.js';
import { provinceDirectory } from '../support/province-units.js';

function row(group: string, period: string, counts: Partial<Counts>): FigureRow {
  const c = { ...zeroCounts(), ...counts };
  return {
    group,
    period,
    counts: c,
    rates: ratesOf(c),
    resolutionTime: { count: 0, meanDays: null, medianDays: null, p90Days: null },
    open: { inProgressInTime: 0, inProgressOverdue: 0, awaitingSupplement: 0 },
  };
}

function catalogue(onlineLevels: number[], field = 'Hộ tịch'): MetricProcedures {
  const list: MetricProcedure[] = onlineLevels.map((level, i) => ({
    code: `D7-HT-${String(i).padStart(3, '0')}`,
    nameVi: `Thủ tục ${i}`,
    nameEn: `Procedure ${i}`,
    field: i === 0 ? 'Đất đai' : field,
    fieldEn: i === 0 ? 'Land' : 'Civil status',
    onlineLevel: level,
    period: { amount: 5, unit: 'working-days' },
    states: {},
  }));
  return { get: (code) => list.find((p) => p.code === code), all: () => list };
}

const statusOf = (rows: ReturnType<typeof targetRows>, id: string) => rows.find((r) => r.id === id)!.status;

describe('CSV', () => {
  it('quotes what needs quoting, doubles quotes, and disarms spreadsheet formulas', () => {
    expect(csvField('Q7.MC')).toBe('Q7.MC');
    expect(csvField('Hộ tịch, chứng thực')).toBe('"Hộ tịch, chứng thực"');
    expect(csvField('say "xin chào"')).toBe('"say ""xin chào"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-5 days')).toBe("'-5 days");
    expect(csvField(-5)).toBe('-5');
    expect(csvField(0.3333)).toBe('0.3333');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('\uFEFFa,b\r\n1,"x,y"\r\n');
  });
});

describe('periods', () => {
  it('cuts years, quarters and months into local days, leap years included', () => {
    expect(parsePeriod('2021')).toMatchObject({ kind: 'year', from: '2021-01-01', to: '2021-12-31' });
    expect(parsePeriod('2021-Q4')).toMatchObject({ kind: 'quarter', from: '2021-10-01', to: '2021-12-31' });
    expect(parsePeriod('2021-02')).toMatchObject({ kind: 'month', from: '2021-02-01', to: '2021-02-28' });
    expect(parsePeriod('2024-02')!.to).toBe('2024-02-29');
    expect(parsePeriod('2021-13')).toBeNull();
    expect(parsePeriod('2021-Q5')).toBeNull();
  });
});

describe('the plan targets beside the figures', () => {
  const base = { lang: 'vi' as const, byField: [] as FigureRow[], satisfactionByField: [], procedures: catalogue(Array(73).fill(3)) };

  it('meets ≥ 98 % on time at exactly 98 % and misses it just below (plan §2.4a)', () => {
    expect(statusOf(targetRows({ ...base, total: row('all', '2021', { resolvedEarly: 40, resolvedOnTime: 58, resolvedLate: 2 }) }), 'on-time-plan')).toBe('met');
    expect(statusOf(targetRows({ ...base, total: row('all', '2021', { resolvedEarly: 40, resolvedOnTime: 57, resolvedLate: 3 }) }), 'on-time-plan')).toBe('missed');
    expect(statusOf(targetRows({ ...base, total: undefined }), 'on-time-plan')).toBe('no-data');
  });

  it('judges the NĐ61 rate on its own denominator (received), labelled apart', () => {
    const total = row('all', '2021', { received: 100, receivedResolvedInTime: 97, resolvedEarly: 97 });
    const rows = targetRows({ ...base, total });
    expect(rows.find((r) => r.id === 'on-time-plan')!.status).toBe('met');
    expect(rows.find((r) => r.id === 'on-time-nd61')).toMatchObject({ status: 'missed', detail: '97 / 100' });
    expect(rows.find((r) => r.id === 'on-time-nd61')!.label).toMatch(/Nghị định 61 \(Điều 30\.2c\)/);
  });

  it('wants land late below 4 %: 4 of 100 misses, 3 of 100 meets (plan §2.4b); investment has no field', () => {
    const land = (late: number) => [row('Đất đai', '2021', { resolvedOnTime: 100 - late, resolvedLate: late })];
    expect(statusOf(targetRows({ ...base, total: undefined, byField: land(4) }), 'late-land')).toBe('missed');
    expect(statusOf(targetRows({ ...base, total: undefined, byField: land(3) }), 'late-land')).toBe('met');
    const investment = targetRows({ ...base, total: undefined }).find((r) => r.id === 'late-investment')!;
    expect(investment).toMatchObject({ status: 'no-data', detail: 'Danh mục chưa có thủ tục lĩnh vực Đầu tư' });
  });

  it('counts 73 procedures at level 3/4 as met and 72 as missed (plan §2.2b); online share ≥ 23 %', () => {
    expect(statusOf(targetRows({ ...base, total: undefined }), 'online-procedures')).toBe('met');
    expect(statusOf(targetRows({ ...base, total: undefined, procedures: catalogue([...Array(72).fill(4), 2]) }), 'online-procedures')).toBe('missed');
    expect(statusOf(targetRows({ ...base, total: row('all', '2021', { received: 100, receivedOnline: 23 }) }), 'online-share')).toBe('met');
    expect(statusOf(targetRows({ ...base, total: row('all', '2021', { received: 100, receivedOnline: 22 }) }), 'online-share')).toBe('missed');
  });

  it('wants 95 % satisfied overall and 91 % in every field (plan §2.3)', () => {
    const groups = [
      { group: 'Hộ tịch', ratings: 100, satisfied: 99, rate: 0.99 },
      { group: 'Đất đai', ratings: 100, satisfied: 91, rate: 0.91 },
    ];
    const rows = targetRows({ ...base, total: undefined, satisfactionByField: groups });
    expect(rows.find((r) => r.id === 'satisfaction')).toMatchObject({ status: 'met', actual: '95,0%', detail: '190 / 200' });
    expect(rows.find((r) => r.id === 'satisfaction-field')).toMatchObject({ status: 'met', actual: '91,0%' });
    const worse = targetRows({ ...base, total: undefined, satisfactionByField: [groups[0]!, { group: 'Đất đai', ratings: 100, satisfied: 90, rate: 0.9 }] });
    expect(worse.find((r) => r.id === 'satisfaction')!.status).toBe('missed');
    expect(worse.find((r) => r.id === 'satisfaction-field')).toMatchObject({ status: 'missed', detail: 'Đất đai (trong 2 lĩnh vực có đánh giá)' });
    const english = targetRows({ ...base, lang: 'en', total: undefined, satisfactionByField: groups });
    expect(english.find((r) => r.id === 'satisfaction')).toMatchObject({ actual: '95.0%', statusText: 'Met' });
  });
});

describe('the dashboard model', () => {
  const procedures = catalogue([3, 3]);
  const input = {
    lang: 'vi' as const,
    period: parsePeriod('2021-Q1')!,
    total: row('all', '2021-Q1', { received: 3 }),
    trend: [row('all', '2021-03', { resolvedEarly: 1, resolvedLate: 1, received: 2 })],
    byField: [],
    satisfactionByField: [],
    satisfactionByMonth: [{ group: '2021-03', ratings: 4, satisfied: 3, rate: 0.75 }],
    procedures,
    directory: builtInUnitDirectory,
  };

  it('links the district rows to units, the unit rows to procedures, the procedure rows to case pages', () => {
    const district = dashboardModel({ ...input, scope: {}, groups: [row('Q7.MC', '2021-Q1', { received: 3 })], cases: null });
    expect(district.tables[0]).toMatchObject({ id: 'units', csvHref: '/dashboard.csv?period=2021-Q1&table=units' });
    expect(district.tables[0]!.rows[0]).toMatchObject({ href: '/dashboard?period=2021-Q1&unit=Q7.MC', cells: expect.arrayContaining(['Bộ phận một cửa quận 7']) });
    const unit = dashboardModel({ ...input, scope: { unit: 'Q7.MC' }, groups: [row('D7-HT-001', '2021-Q1', { received: 3 })], cases: null });
    expect(unit.tables[0]!.rows[0]!.href).toBe('/dashboard?period=2021-Q1&unit=Q7.MC&procedure=D7-HT-001');
    expect(unit.breadcrumbs.map((b) => b.href)).toEqual(['/dashboard?period=2021-Q1', null]);
    const cases = dashboardModel({
      ...input,
      scope: { unit: 'Q7.MC', procedure: 'D7-HT-001' },
      groups: [],
      cases: [{ caseCode: 'Q7.MC-210301-0001', procedureCode: 'D7-HT-001', receivingUnit: 'Q7.MC', channel: 'online', receivedAt: '2021-03-01T01:00:00.000Z', status: 'closed', overdue: false, resolvedAt: '2021-03-02T03:00:00.000Z', timeliness: 'early', outcome: 'approved' }],
    });
    expect(cases.tables[0]!.rows[0]).toMatchObject({ href: '/cases/Q7.MC-210301-0001', cells: ['Q7.MC-210301-0001', 'Trực tuyến', '01/03/2021', 'Đã kết thúc', '02/03/2021', 'Trước hạn'] });
    expect(cases.breadcrumbs).toHaveLength(3);
  });

  it('names the whole level after the organisation: District 7 for the seed, the loaded province otherwise, in either language', () => {
    const whole = (directory = input.directory, lang: 'vi' | 'en' = 'vi') => dashboardModel({ ...input, lang, directory, scope: {}, groups: [], cases: null }).breadcrumbs[0]!.label;
    expect(whole()).toBe('Toàn Quận 7');
    expect(whole(builtInUnitDirectory, 'en')).toBe('All of District 7');
    expect(whole(provinceDirectory())).toBe('Toàn Thành phố Hồ Chí Minh');
    expect(whole(provinceDirectory(), 'en')).toBe('All of Ho Chi Minh City');
  });

  it('names the units of the deployment’s directory: a loaded commune’s desk by its Vietnamese name, a code it does not know as the code', () => {
    const groups = [row('HCM.X.CG.MC', '2021-Q1', { received: 2 }), row('Q7.MC', '2021-Q1', { received: 1 })];
    const province = dashboardModel({ ...input, directory: provinceDirectory(), scope: {}, groups, cases: null });
    expect(province.tables[0]!.rows.map((r) => r.cells.slice(0, 2))).toEqual([
      ['HCM.X.CG.MC', 'Bộ phận một cửa xã Cần Giờ'],
      ['Q7.MC', 'Bộ phận một cửa quận 7'],
    ]);
    const builtIn = dashboardModel({ ...input, scope: {}, groups, cases: null });
    expect(builtIn.tables[0]!.rows[0]!.cells.slice(0, 2)).toEqual(['HCM.X.CG.MC', 'HCM.X.CG.MC']);
  });

  it('draws twelve months with gaps where no figure exists, and the 98 % line', () => {
    const chart = trendChart(input);
    expect(chart.categories).toHaveLength(12);
    expect(chart.series[0]!.values[2]).toBe(0.5);
    expect(chart.series[0]!.values[0]).toBeNull();
    expect(chart.series[3]!.values[2]).toBe(0.75);
    const svg = rateChartSvg(chart);
    expect(svg).toMatch(/^<svg [^>]*width="720" height="280"/);
    expect(svg).toContain('Đúng hạn (Kế hoạch)');
    expect(svg).toContain('Chỉ tiêu 98,0%');
  });
});

describe('the audit rows', () => {
  it('says how late in working days, the apology in time or not and kept or not, each step against its budget', () => {
    const procedures = catalogue([3, 3]);
    procedures.get('D7-HT-001')!.states.appraisal = { kind: 'step', unit: 'Q7.TP', labelVi: 'Thẩm định hồ sơ', labelEn: 'Appraisal' };
    const view = auditRowView(
      {
        caseCode: 'C-1',
        procedureCode: 'D7-HT-001',
        field: 'Hộ tịch',
        receivingUnit: 'Q7.MC',
        receivedAt: '2021-03-01T01:00:00.000Z',
        statutoryDueAt: '2021-03-10T10:00:00.000Z',
        status: 'closed',
        overdue: false,
        timeliness: 'late',
        lateMinutes: 720,
        firstOverBudgetUnit: 'Q7.TP',
        firstOverBudgetState: 'appraisal',
        apologyIssuedAt: '2021-03-10T02:00:00.000Z',
        apologyInTime: false,
        apologyKept: true,
        steps: [
          { state: 'appraisal', unit: 'Q7.TP', enteredAt: '', leftAt: '', workingMinutes: 1440, budgetMinutes: 960, overBudget: true },
          { state: 'awaiting_supplement', unit: 'applicant', enteredAt: '', leftAt: '', workingMinutes: 480, budgetMinutes: null, overBudget: null },
        ],
      },
      'vi',
      procedures,
      builtInUnitDirectory,
    );
    expect(view.lateness).toBe('Trễ 1,5 ngày làm việc');
    expect(view.apology).toBe('Gửi ngày 10/03/2021: muộn (không trước ngày hết hạn); giữ đúng hẹn mới');
    // Steps by their labels; a state the version does not describe keeps its id.
    expect(view.firstOverBudget).toBe('Phòng Tư pháp · Thẩm định hồ sơ');
    expect(view.steps[0]).toMatchObject({ unit: 'Q7.TP', state: 'Thẩm định hồ sơ', days: '3', budget: '2', over: true, verdict: 'vượt định mức' });
    expect(view.steps[1]).toMatchObject({ unit: 'Người nộp (chờ bổ sung)', state: 'awaiting_supplement', budget: '—', verdict: 'không có định mức' });
    expect(view.href).toBe('/cases/C-1');
    expect(view.csv[6]).toBe(1.5);
    expect(view.csv[9]).toBe('Q7.TP:appraisal:3/2; applicant:awaiting_supplement:1/');
  });
});

describe('the citizens’ pages', () => {
  it('shows the look-up only procedure, status and appointment', () => {
    const model = lookupModel('en', 'X-1', { caseCode: 'X-1', procedureCode: 'D7-HT-001', status: 'awaiting_supplement', dueAt: '2021-03-10T10:00:00.000Z', resolvedAt: null }, catalogue([3, 3]));
    expect(model.result).toEqual({ found: true, procedure: 'D7-HT-001 · Procedure 1', status: 'Awaiting supplement', appointment: '10/03/2021' });
    expect(lookupModel('vi', 'X-2', null, catalogue([3])).result).toEqual({ found: false });
    expect(lookupModel('vi', '', undefined, catalogue([3])).result).toBeNull();
  });

  it('lists the six criteria of NĐ61 Art. 31.1 a)–e) with three levels each', () => {
    const model = ratingModel({ lang: 'vi', caseCode: 'X-1', values: { attitude: 'dissatisfied' } });
    expect(model.criteria.map((c) => c.letter)).toEqual(['a', 'b', 'c', 'd', 'đ', 'e']);
    expect(model.criteria.find((c) => c.name === 'attitude')!.levels.map((l) => [l.label, l.checked])).toEqual([
      ['Hài lòng', false],
      ['Chấp nhận được', false],
      ['Không hài lòng', true],
    ]);
    expect(ratingModel({ lang: 'en', caseCode: 'X-1', recorded: { satisfied: false } }).thanks).toMatch(/dissatisfied on at least one criterion/);
  });
});
