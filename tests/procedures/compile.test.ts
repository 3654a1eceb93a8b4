import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileProcedure, procedureVersion } from '../../src/procedures/compile.js';
import { procedureDefinitionSchema } from '../../src/procedures/definition-schema.js';
import { sha256Hex } from '../../src/procedures/canonical-json.js';
import { catalogue } from './support.js';

async function hkdDefinition() {
  return procedureDefinitionSchema.parse(parse(await readFile('procedures/ho-kinh-doanh/D7-HKD-01.yaml', 'utf8')));
}

describe('compileProcedure', () => {
  it('gives byte-identical JSON for the same definition', async () => {
    const first = JSON.stringify(compileProcedure(await hkdDefinition()));
    const second = JSON.stringify(compileProcedure(await hkdDefinition()));
    expect(second).toBe(first);
  });

  it('gives the same version when only comments and key order change', async () => {
    const text = await readFile('procedures/ho-kinh-doanh/D7-HKD-01.yaml', 'utf8');
    const reordered = `# a new comment\n${text.replace(/^code: D7-HKD-01\n/m, '')}\ncode: D7-HKD-01\n`;
    const version = compileProcedure(procedureDefinitionSchema.parse(parse(reordered))).version;
    expect(version).toBe(compileProcedure(await hkdDefinition()).version);
  });

  it('changes the version when a step budget changes', async () => {
    const definition = await hkdDefinition();
    const shorter = structuredClone(definition);
    const appraisal = shorter.steps[0]!;
    if ('regions' in appraisal) throw new Error('expected a task step');
    appraisal.budget.amount = 1;
    expect(procedureVersion(shorter)).not.toBe(procedureVersion(definition));
    expect(compileProcedure(shorter).states.appraisal?.budget).toEqual({ amount: 1, unit: 'working-days' });
  });

  it('is deterministic for every procedure in the catalogue', () => {
    for (const { definition, compiled } of catalogue.procedures) {
      expect(JSON.stringify(compileProcedure(definition)), definition.code).toBe(JSON.stringify(compiled));
    }
  });

  it('writes a 16-hex-digit version', async () => {
    expect(compileProcedure(await hkdDefinition()).version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('describes each state once, in `states`, and not again in the machine config it sends to every case', async () => {
    const compiled = compileProcedure(await hkdDefinition());
    expect(JSON.stringify(compiled.machine)).not.toContain('"meta"');
    expect(compiled.states.signing).toMatchObject({ kind: 'step', path: 'signing' });
  });

  it('produces plain JSON: a JSON round trip changes nothing', async () => {
    const compiled = compileProcedure(await hkdDefinition());
    expect(JSON.parse(JSON.stringify(compiled))).toEqual(compiled);
  });
});

describe('sha256Hex (pure, for workflow code)', () => {
  it.each(['', 'abc', 'Đăng ký thành lập hộ kinh doanh 🏠', 'x'.repeat(1000)])('matches node:crypto for %#', (input) => {
    expect(sha256Hex(input)).toBe(createHash('sha256').update(input, 'utf8').digest('hex'));
  });
});
