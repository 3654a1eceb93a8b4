/** The studio pages' pure parts: view models, schema completion, the simulation driven batch by batch. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../src/calendar/index.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import { procedureJsonSchema } from '../../src/procedures/definition-schema.js';
import { loadProcedureText } from '../../src/procedures/load.js';
import { procedureIssue } from '../../src/procedures/procedure-issues.js';
import { compareVersions } from '../../src/studio/compare.js';
import { buildSimulationModel } from '../../src/studio/simulation-model.js';
import { simulate, simulateInBatches, simulatePair } from '../../src/studio/simulation.js';
import { simulationJobs } from '../../src/web/simulation-jobs.js';
import { pathAt, suggestionsAt, type JsonSchema } from '../../src/web/view-models/schema-completion.js';
import {
  comparisonModel,
  draftCheckModel,
  formatPercent,
  mayUseStudio,
  procedureListModel,
  progressModel,
  simulationModel,
} from '../../src/web/view-models/studio-model.js';

const catalogue = await loadCatalogue();
const permit = catalogue.get('D7-XD-01')!.compiled;
const yaml = readFileSync('tests/studio/fixtures/streamlined/D7-XD-01.yaml', 'utf8');
const loaded = loadProcedureText(yaml, 'D7-XD-01.yaml');
if (!loaded.ok) throw new Error('the streamlined fixture must be valid');
const streamlined = loaded.procedure.compiled;
const schema = procedureJsonSchema() as JsonSchema;

describe('who may use the studio', () => {
  it('lets designers and administrators in, nobody else', () => {
    expect(mayUseStudio({ role: 'designer' })).toBe(true);
    expect(mayUseStudio({ role: 'admin' })).toBe(true);
    for (const role of ['manager', 'head', 'specialist', 'desk_officer', 'ward_chair']) expect(mayUseStudio({ role })).toBe(false);
    expect(mayUseStudio(null)).toBe(false);
  });
});

describe('the procedure list', () => {
  const procedures = catalogue.procedures.map((p) => p.compiled);
  it('finds procedures by a name typed without diacritics, and by code', () => {
    const found = procedureListModel({ lang: 'vi', procedures, q: 'giay phep xay dung' });
    expect(found.rows.map((r) => r.code)).toContain('D7-XD-01');
    expect(found.rows.length).toBeLessThan(procedures.length);
    expect(procedureListModel({ lang: 'vi', procedures, q: 'd7-xd-01' }).rows.map((r) => r.code)).toEqual(['D7-XD-01']);
    expect(procedureListModel({ lang: 'vi', procedures }).rows).toHaveLength(procedures.length);
  });

  it('counts the designer’s steps (not receipt, not regions) and prints the period in the page language', () => {
    const row = procedureListModel({ lang: 'en', procedures: [permit] }).rows[0]!;
    expect(row.steps).toBe(4); // appraisal, site inspection, consultation, signing
    expect(row.period).toBe('15 calendar days');
    expect(procedureListModel({ lang: 'vi', procedures: [permit] }).rows[0]!.period).toBe('15 ngày');
  });
});

describe('numbers as the pages print them', () => {
  it('uses a decimal comma and a spaced percent in Vietnamese, a point in English', () => {
    expect(formatPercent('vi', 0.6452)).toBe('64,5 %');
    expect(formatPercent('en', 0.6452)).toBe('64.5%');
  });

  it('shows progress as runs done of runs asked', () => {
    expect(progressModel('vi', 5_000, 20_000)).toMatchObject({ percent: 25, label: 'Đang mô phỏng: 5.000 / 20.000 lượt' });
    expect(progressModel('en', 25_000, 20_000).percent).toBe(100);
  });
});

describe('the prediction and the comparison', () => {
  const model = (p: typeof permit) => buildSimulationModel(p, [], defaultCalendar);
  const options = { runs: 2_000, seed: 4, from: '2026-03-02' };

  it('prints a simulation with its interval, percentiles and the sources of its figures', () => {
    const result = simulate(model(permit), defaultCalendar, options);
    const view = simulationModel('vi', result, permit);
    expect(view.onTime).toBe(formatPercent('vi', result.onTimeRate));
    expect(view.interval).toContain(formatPercent('vi', result.onTimeInterval.low));
    expect(view.percentiles.map((p) => p.label)).toEqual(['p50', 'p80', 'p90', 'p95', 'Trung bình']);
    // No history: every step's time comes from its budget, said so.
    expect(view.sources.find((s) => s.state === 'Thẩm định hồ sơ')?.duration).toBe('theo định mức (chưa đủ dữ liệu)');
  });

  it('shows the removed step, the changed budget and the gain with a sign and an interval', () => {
    const pair = simulatePair(model(permit), model(streamlined), defaultCalendar, options);
    const comparison = compareVersions(permit, streamlined, pair);
    const view = comparisonModel('vi', comparison, permit);
    expect(view.removed.map((s) => s.state)).toEqual(['site_inspection']);
    expect(view.removed[0]!.label).toBe('Kiểm tra thực địa');
    expect(view.changed.find((c) => c.state === 'signing')?.fields).toContain('định mức');
    const gain = comparison.predicted!.onTimeRate;
    expect(view.predicted!.onTime.difference.startsWith(gain.difference > 0 ? '+' : gain.difference < 0 ? '−' : '0')).toBe(true);
    expect(view.predicted!.onTime.includesZero).toBe(gain.interval.low <= 0 && gain.interval.high >= 0);
    expect(view.period.changed).toBe(false);
  });
});

describe('the simulation batch by batch', () => {
  const model = buildSimulationModel(permit, [], defaultCalendar);
  const options = { runs: 3_000, seed: 11, from: '2026-03-02' };

  it('reports growing progress and ends with the same result as the simulation in one go', () => {
    const batches = simulateInBatches(model, defaultCalendar, options);
    const progress: number[] = [];
    let step = batches.next();
    while (!step.done) {
      progress.push(step.value.done);
      step = batches.next();
    }
    expect(progress.length).toBeGreaterThan(10);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(3_000);
    expect(step.value).toEqual(simulate(model, defaultCalendar, options));
  });

  it('runs as a job that gives way to other work between batches', async () => {
    const jobs = simulationJobs<string>();
    const job = jobs.start('D7-XD-01', options.runs, simulateInBatches(model, defaultCalendar, options));
    let otherWorkRan = false;
    setImmediate(() => {
      otherWorkRan = true;
    });
    expect(job.result).toBeUndefined();
    while (!job.result && !job.error) await new Promise((resolve) => setImmediate(resolve));
    expect(otherWorkRan).toBe(true);
    expect(jobs.get(job.id)!.result).toEqual(simulate(model, defaultCalendar, options));
    expect(job.done).toBe(3_000);
  });

  it('forgets the oldest jobs beyond the ones it keeps', () => {
    const jobs = simulationJobs<number>(2);
    const ids = [1, 2, 3].map((n) => jobs.start(n, 50, simulateInBatches(model, defaultCalendar, { ...options, runs: 50 })).id);
    expect(jobs.get(ids[0]!)).toBeUndefined();
    expect(jobs.get(ids[2]!)?.context).toBe(3);
  });
});

describe('the validator’s answer', () => {
  it('puts errors before notes, with file and path, in the page language first', () => {
    const note = procedureIssue('PROC_UNCONFIRMED_VALUE', 'D7-XD-01.yaml', 'fee', { value: 'fee', source: 'HCMC amount not found' });
    const error = procedureIssue('PROC_UNKNOWN_UNIT', 'D7-XD-01.yaml', 'steps[0].unit', { unit: 'Q7.NOWHERE' });
    const view = draftCheckModel('vi', { ok: false, issues: [note, error] });
    expect(view.issues.map((i) => i.code)).toEqual(['PROC_UNKNOWN_UNIT', 'PROC_UNCONFIRMED_VALUE']);
    expect(view.issues[0]).toMatchObject({ where: 'D7-XD-01.yaml: steps[0].unit', message: error.messageVi, other: error.messageEn });
    expect(view.summary).toBe('1 lỗi: chưa thể công bố');
    expect(draftCheckModel('en', { ok: true, issues: [], version: 'abc' }).summary).toBe('Valid — its version will be abc');
  });
});

describe('completion from the definition’s JSON Schema', () => {
  const at = (text: string) => suggestionsAt(schema, text, text.length);

  it('finds the YAML path at the cursor through maps and list items', () => {
    expect(pathAt(['code: D7-XD-01', 'steps:', '  - id: a', '    budget:', '      amo']).path).toEqual(['steps', 0, 'budget']);
    expect(pathAt(['steps:', '  - id: a', '    unit: Q7.VP', '  - id: b', '    ']).path).toEqual(['steps', 1]);
    expect(pathAt(['steps:', '- id: a', '  actions:', '    - action: x', '      ne']).path).toEqual(['steps', 0, 'actions', 0]);
    expect(pathAt(['period:', '  amount: 15', 'ste']).path).toEqual([]);
  });

  it('suggests the fields an object may still hold, required ones marked', () => {
    const root = at('code: D7-XD-01\nnameVi: x\n');
    const names = root.fields.map((f) => f.name);
    expect(names).toContain('handlingLevel');
    expect(names).not.toContain('code');
    expect(names).not.toContain('nameVi');
    expect(root.fields.find((f) => f.name === 'steps')?.required).toBe(true);
    const step = at('steps:\n  - id: a\n    labelVi: A\n    ');
    expect(step.path).toBe('steps[0]');
    expect(step.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['unit', 'budget', 'actions']));
    expect(step.fields.map((f) => f.name)).not.toContain('id');
    expect(at('steps:\n  - id: a\n    bu').fields.map((f) => f.name)).toEqual(['budget']);
  });

  it('suggests the enum’s values after a key, filtered by what is typed', () => {
    expect(at('handlingLevel: ').values).toEqual(['district', 'ward', 'ward-to-district', 'district-to-ward']);
    expect(at('handlingLevel: wa').values).toEqual(['ward', 'ward-to-district']);
    expect(at('steps:\n  - id: a\n    budget:\n      unit: ').values).toEqual(['working-days', 'working-hours', 'same-day', 'calendar-days']);
    expect(at('steps:\n  - id: a\n    budget:\n      confirmed: ').values).toEqual(['true', 'false']);
    expect(at('nameVi: ').values).toEqual([]);
  });

  it('works on the real definition at its budget unit', () => {
    const cursor = yaml.indexOf('unit: working-days') + 'unit: '.length;
    const here = suggestionsAt(schema, yaml, cursor);
    expect(here.path).toBe('steps[0].budget.unit');
    expect(here.values).toContain('calendar-days');
  });
});
