import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProceduresCommand } from '../../src/cli/procedures-command.js';

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await runProceduresCommand(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { exitCode, out: out.join('\n'), err: err.join('\n') };
}

describe('motcua procedures', () => {
  it('lint passes on all 87 procedures of the catalogue and prints the unit notes', async () => {
    const result = await run('lint');
    expect(result.exitCode).toBe(0);
    expect(result.out).toContain('procedures/xay-dung/D7-XD-01.yaml: steps[0].budget: PROC_BUDGET_UNITS_DIFFER (note)');
    expect(result.out).toMatch(/\b87 procedure\(s\) valid, 0 error\(s\)/);
  });

  it('every definition at online level 3/4 accepts online filing; 73 are online-eligible (the plan’s target), and those not say why', async () => {
    const rows = JSON.parse((await run('list', '--json')).out) as Array<{ code: string; onlineLevel: 3 | 4 | null; file: string }>;
    const { loadCatalogue } = await import('../../src/procedures/catalogue.js');
    const catalogue = await loadCatalogue('procedures');
    const eligible = rows.filter((row) => row.onlineLevel !== null);
    expect(eligible).toHaveLength(73);
    for (const row of eligible) expect(catalogue.get(row.code)!.definition.channels, row.code).toContain('online');
    for (const row of rows.filter((candidate) => candidate.onlineLevel === null)) {
      expect(catalogue.get(row.code)!.definition.onlineLevelSource, row.code).toMatch(/^not offered online — .*(Điều|Art|law\/)/);
    }
  });

  it('lint refuses a level 3 definition without the online channel, naming file and path', async () => {
    const result = await run('lint', 'tests/procedures/fixtures/broken/D7-BRK-23.yaml');
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('tests/procedures/fixtures/broken/D7-BRK-23.yaml: channels: PROC_ONLINE_LEVEL_WITHOUT_ONLINE_CHANNEL');
  });

  it('lint --strict lists every unconfirmed statutory value with file and path, and fails while any remains', async () => {
    const strict = await run('lint', '--strict');
    expect(strict.exitCode).toBe(1);
    expect(strict.out).toContain('procedures/giao-duc/D7-GD-02.yaml: period: PROC_UNCONFIRMED_VALUE');
    expect(strict.out).toContain('procedures/dat-dai/D7-DD-01.yaml: steps[3].excludedFromPeriod: PROC_UNCONFIRMED_VALUE');
    expect(strict.out).not.toContain('procedures/ho-tich/D7-HT-13.yaml: period:'); // confirmed by LHT Art 28.2
    const count = Number(/(\d+) unconfirmed value\(s\)/.exec(strict.out)![1]);
    expect(count).toBe(strict.out.split('\n').filter((line) => line.includes('PROC_UNCONFIRMED_VALUE')).length);
    const plain = await run('lint');
    expect(plain.exitCode).toBe(0);
    expect(plain.out).not.toContain('PROC_UNCONFIRMED_VALUE');
    const confirmedOnly = await run('lint', '--strict', 'procedures/ho-kinh-doanh/D7-HKD-02.yaml');
    expect(confirmedOnly.out).toContain('procedures/ho-kinh-doanh/D7-HKD-02.yaml: fee: PROC_UNCONFIRMED_VALUE');
  });

  it('lint fails on a broken file and names file, path and code', async () => {
    const result = await run('lint', 'tests/procedures/fixtures/broken/D7-BRK-01.yaml');
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('tests/procedures/fixtures/broken/D7-BRK-01.yaml: steps[0].unit: PROC_UNKNOWN_UNIT');
  });

  it('list --json gives code, version and period', async () => {
    const result = await run('list', '--json');
    const rows = JSON.parse(result.out) as Array<{ code: string; version: string; period: unknown }>;
    expect(rows.find((row) => row.code === 'D7-HKD-01')).toMatchObject({ period: { amount: 3, unit: 'working-days' }, version: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('show prints the states with units and budgets, and --json the compiled procedure', async () => {
    const text = await run('show', 'D7-HKD-01');
    expect(text.out).toMatch(/appraisal\tstep\tQ7\.TCKH\t2 working-days/);
    const json = await run('show', 'D7-HKD-01', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ code: 'D7-HKD-01', receivingUnit: 'Q7.MC' });
  });

  it('graph prints a Mermaid state diagram with the parallel regions', async () => {
    const result = await run('graph', 'D7-XD-01');
    expect(result.exitCode).toBe(0);
    expect(result.out).toContain('stateDiagram-v2');
    expect(result.out).toContain('[*] --> receipt');
    expect(result.out).toContain('consultation_land_working --> consultation_land_done : land_answered');
    expect(result.out).toContain('consultation --> signing : all done');
  });

  it('show and graph fail on an unknown code', async () => {
    expect((await run('graph', 'D7-NONE-01')).exitCode).toBe(1);
    expect((await run('show')).exitCode).toBe(2);
  });

  it('schema writes procedure.schema.json into the chosen folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-schema-'));
    const result = await run('schema', '--dir', dir);
    expect(result.exitCode).toBe(0);
    const schema = JSON.parse(await readFile(join(dir, 'procedure.schema.json'), 'utf8'));
    expect(schema.properties.steps.type).toBe('array');
  });

  it('prints usage and exits 2 on an unknown command', async () => {
    const result = await run('frobnicate');
    expect(result.exitCode).toBe(2);
    expect(result.err).toContain('usage: motcua procedures');
  });
});
