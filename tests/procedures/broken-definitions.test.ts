import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import { listProcedureFiles, loadProcedureFile } from '../../src/procedures/load.js';
import { PROCEDURE_ISSUES } from '../../src/procedures/procedure-issues.js';

const BROKEN_DIR = 'tests/procedures/fixtures/broken';

/** Each fixture states what it must be refused for on its first line: `# expect: CODE path`. */
async function expectation(file: string): Promise<{ code: string; path: string }> {
  const firstLine = (await readFile(file, 'utf8')).split('\n')[0] ?? '';
  const match = /^# expect: (\S+) (.*)$/.exec(firstLine);
  if (!match) throw new Error(`${file} lacks an "# expect: CODE path" line`);
  return { code: match[1]!, path: match[2]! };
}

const files = await listProcedureFiles(BROKEN_DIR);

describe('deliberately broken definitions', () => {
  it('cover every error code of the registry except the cross-file ones', async () => {
    const covered = new Set(await Promise.all(files.map(async (file) => (await expectation(file)).code)));
    const uncovered = Object.keys(PROCEDURE_ISSUES).filter(
      (code) => !covered.has(code) && !['PROC_DUPLICATE_CODE', 'PROC_VERSION_OVERLAP', 'PROC_FILE_UNREADABLE', 'PROC_BUDGET_UNITS_DIFFER', 'PROC_UNCONFIRMED_VALUE'].includes(code),
    );
    expect(uncovered).toEqual([]);
  });

  it.each(files)('%s is refused with the expected code, file and path', async (file) => {
    const expected = await expectation(file);
    const result = await loadProcedureFile(file);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map(({ code, path, file: where }) => ({ code, path, file: where }))).toContainEqual({ ...expected, file });
    for (const issue of issues) expect(issue.messageVi.length * issue.messageEn.length).toBeGreaterThan(0);
  });

  it('refuses the second file that repeats a procedure code', async () => {
    const catalogue = await loadCatalogue('tests/procedures/fixtures/duplicates');
    expect(catalogue.procedures.map((procedure) => procedure.file)).toEqual(['tests/procedures/fixtures/duplicates/a/D7-DUP-01.yaml']);
    expect(catalogue.issues).toContainEqual(
      expect.objectContaining({ code: 'PROC_DUPLICATE_CODE', file: 'tests/procedures/fixtures/duplicates/b/D7-DUP-01.yaml', path: 'code' }),
    );
  });

  it('keeps versions of one code whose effective ranges follow each other, and refuses one that overlaps', async () => {
    const catalogue = await loadCatalogue('tests/procedures/fixtures/versions');
    expect(catalogue.versions('D7-VER-01').map((procedure) => procedure.definition.effectiveFrom)).toEqual(['2021-01-01', '2022-01-01']);
    expect(catalogue.issues).toContainEqual(
      expect.objectContaining({ code: 'PROC_VERSION_OVERLAP', file: 'tests/procedures/fixtures/versions/c/D7-VER-01@2021-06-01.yaml', path: 'effectiveFrom' }),
    );
  });

  it('reports a file it cannot read', async () => {
    const result = await loadProcedureFile(`${BROKEN_DIR}/D7-NONE-01.yaml`);
    expect(result.ok ? [] : result.issues.map((issue) => issue.code)).toEqual(['PROC_FILE_UNREADABLE']);
  });
});
