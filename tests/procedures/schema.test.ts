import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { procedureDefinitionSchema, procedureJsonSchema } from '../../src/procedures/definition-schema.js';
import { listProcedureFiles } from '../../src/procedures/load.js';

describe('the definition schema', () => {
  it('accepts every procedure in procedures/', async () => {
    const files = await listProcedureFiles('procedures');
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const result = procedureDefinitionSchema.safeParse(parse(await readFile(file, 'utf8')));
      expect(result.success, `${file}: ${result.error?.message}`).toBe(true);
    }
  });

  it('applies defaults: steps may reject, regions do not lead', async () => {
    const definition = procedureDefinitionSchema.parse(parse(await readFile('procedures/xay-dung/D7-XD-01.yaml', 'utf8')));
    const [appraisal, , consultation] = definition.steps;
    expect(appraisal && 'canReject' in appraisal && appraisal.canReject).toBe(true);
    expect(consultation && 'regions' in consultation && consultation.regions.map((region) => region.lead)).toEqual([true, false, false]);
  });

  it('refuses unknown keys, so typos do not pass silently', () => {
    const result = procedureDefinitionSchema.safeParse({ code: 'D7-X-01', nmaeVi: 'typo' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((issue) => issue.code === 'unrecognized_keys')).toBe(true);
  });

  it('every YAML names the JSON schema for editors', async () => {
    for (const file of await listProcedureFiles('procedures')) {
      expect((await readFile(file, 'utf8')).split('\n')[0]).toBe('# yaml-language-server: $schema=../procedure.schema.json');
    }
  });

  it('the committed procedure.schema.json is up to date (run: motcua procedures schema)', async () => {
    const committed = JSON.parse(await readFile('procedures/procedure.schema.json', 'utf8'));
    expect(committed).toEqual({ ...procedureJsonSchema(), title: 'motcua procedure definition' });
  });
});
