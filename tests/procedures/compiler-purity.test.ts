/**
 * The compiler may be bundled into Temporal workflow code, where Node APIs and I/O
 * are forbidden: walk its import graph and refuse any such import.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';

// @noble/hashes is pure JavaScript, made to run anywhere (the workflow sandbox included).
const ALLOWED_PACKAGES = new Set(['zod', '@noble/hashes/sha2.js', '@noble/hashes/utils.js']);

async function importGraph(file: string, seen = new Map<string, string[]>()): Promise<Map<string, string[]>> {
  if (seen.has(file)) return seen;
  const source = await readFile(file, 'utf8');
  const specifiers = [...source.matchAll(/^import\s+(?:type\s+)?[^'"]*from\s+'([^']+)'/gm)]
    .filter((match) => !match[0].startsWith('import type'))
    .map((match) => match[1]!);
  seen.set(file, specifiers);
  for (const specifier of specifiers.filter((s) => s.startsWith('.'))) {
    await importGraph(join(dirname(file), specifier.replace(/\.js$/, '.ts')), seen);
  }
  return seen;
}

it('compile.ts and everything it imports use no Node API, file system or YAML', async () => {
  const graph = await importGraph('src/procedures/compile.ts');
  const external = [...graph.values()].flat().filter((specifier) => !specifier.startsWith('.'));
  expect(external.filter((specifier) => !ALLOWED_PACKAGES.has(specifier))).toEqual([]);
  expect(graph.size).toBeGreaterThan(3);
});
