/**
 * How long compiling the district's procedures takes, against a baseline measured
 * in the same run (JSON.parse of the same definitions).
 * Run: npx tsx bench/procedures.ts
 * Fewer than 73 definitions exist yet, so the set is replicated up to 73 (plan target 2.2b).
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { compileProcedure } from '../src/procedures/compile.js';
import { listProcedureFiles, loadProcedureText } from '../src/procedures/load.js';

const TARGET_COUNT = 73;
const ROUNDS = 20;

const files = await listProcedureFiles('procedures');
const loaded = await Promise.all(
  files.map(async (file) => {
    const text = await readFile(file, 'utf8');
    const result = loadProcedureText(text, file);
    if (!result.ok) throw new Error(`${file} is invalid: run motcua procedures lint`);
    return { text, definition: result.procedure.definition };
  }),
);
const replicated = Array.from({ length: TARGET_COUNT }, (_, index) => {
  const source = loaded[index % loaded.length]!;
  return { ...source, definition: { ...source.definition, code: `${source.definition.code}-${index}` } };
});
const definitionJson = replicated.map(({ definition }) => JSON.stringify(definition));

function timeRounds(work: () => void): number {
  work(); // warm-up: JIT and module caches
  const start = performance.now();
  for (let round = 0; round < ROUNDS; round++) work();
  return (performance.now() - start) / ROUNDS;
}

const baselineMs = timeRounds(() => definitionJson.forEach((json) => JSON.parse(json)));
const compileMs = timeRounds(() => replicated.forEach(({ definition }) => compileProcedure(definition)));
const loadMs = timeRounds(() => replicated.forEach(({ text }, index) => loadProcedureText(text, files[index % files.length]!)));

const perProcedure = (ms: number) => (ms / TARGET_COUNT).toFixed(3);
console.log(`procedures: ${files.length} in procedures/, replicated to ${TARGET_COUNT}; ${ROUNDS} rounds each`);
for (const { definition } of loaded) {
  const ms = timeRounds(() => compileProcedure(definition));
  console.log(`  compile ${definition.code.padEnd(12)} ${ms.toFixed(3)} ms`);
}
console.log(`baseline JSON.parse of ${TARGET_COUNT} definitions: ${baselineMs.toFixed(3)} ms total, ${perProcedure(baselineMs)} ms per procedure`);
console.log(`compile ${TARGET_COUNT} procedures:                ${compileMs.toFixed(3)} ms total, ${perProcedure(compileMs)} ms per procedure`);
console.log(`load (YAML + validate + compile) ${TARGET_COUNT}:      ${loadMs.toFixed(3)} ms total, ${perProcedure(loadMs)} ms per procedure`);
console.log(`ratio compile / baseline: ${(compileMs / baselineMs).toFixed(1)}x; load / baseline: ${(loadMs / baselineMs).toFixed(1)}x`);
