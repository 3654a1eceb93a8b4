/**
 * Completion for the draft editor, from the procedure definition's JSON Schema (the one
 * `motcua procedures schema` writes): the YAML path at the cursor, then the field names that
 * object may hold and, after `key:`, the values its enum allows. Indentation-based: it reads the
 * lines above the cursor the way YAML nests them, so it works while the text is still invalid.
 * Pure.
 */
import { formatPath } from '../../procedures/procedure-issues.js';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  required?: string[];
};

/** One step of a YAML path: a key, or an item of a list. */
export type PathPart = string | number;

export interface Suggestions {
  /** Where the cursor is, e.g. steps[2].budget. */
  path: string;
  /** The key being typed or given a value on the cursor's line, if any. */
  key: string | null;
  /** Field names the object at the cursor may hold and does not hold yet, with their descriptions. */
  fields: Array<{ name: string; description: string | null; required: boolean }>;
  /** Allowed values of `key`, when its schema has an enum. */
  values: string[];
}

interface Line {
  indent: number;
  /** Key on this line (after any `- `), if it has one. */
  key: string | null;
  /** The line starts a list item (`- `). */
  item: boolean;
  /** Indent of the content after `- `. */
  contentIndent: number;
}

function parseLine(text: string): Line | null {
  if (/^\s*(#.*)?$/.test(text)) return null;
  const indent = text.length - text.trimStart().length;
  const item = /^\s*-(\s|$)/.test(text);
  const content = item ? text.slice(indent + 1).replace(/^\s*/, '') : text.trimStart();
  const contentIndent = item ? text.length - content.length : indent;
  const key = /^([A-Za-z_][\w-]*)\s*:/.exec(content)?.[1] ?? null;
  return { indent, key, item, contentIndent };
}

/**
 * The path of the object that holds the cursor's line, and the key on that line.
 * `lines` are the document's lines up to and including the cursor's line.
 */
export function pathAt(lines: readonly string[]): { path: PathPart[]; key: string | null; afterColon: boolean; partial: string; newItem: boolean } {
  const current = lines.at(-1) ?? '';
  const here = parseLine(current) ?? { indent: current.length, key: null, item: false, contentIndent: current.length };
  const afterColon = here.key !== null && /:\s*\S*$/.test(current);
  const partial = (afterColon ? /:\s*(\S*)$/.exec(current)?.[1] : /([\w-]*)$/.exec(current)?.[1]) ?? '';
  const path: PathPart[] = [];
  // `column`: where the keys of the object we are in start; `dash`: the column of its list item's
  // dash while we count the items before it.
  let column = here.contentIndent;
  let dash: number | null = here.item ? here.indent : null;
  let before = 0;
  for (let i = lines.length - 2; i >= 0; i -= 1) {
    const line = parseLine(lines[i]!);
    if (!line) continue;
    if (dash === null) {
      if (line.item && line.contentIndent === column) {
        dash = line.indent;
        before = 0;
      } else if (line.contentIndent < column && line.indent < column) {
        if (line.key) path.unshift(line.key);
        column = line.contentIndent;
        if (line.item) {
          dash = line.indent;
          before = 0;
        }
      }
      continue;
    }
    if (line.item && line.indent === dash) before += 1;
    else if (line.indent <= dash) {
      // The key that holds the list (at the dash's column or to its left).
      path.unshift(before);
      if (line.key) path.unshift(line.key);
      column = line.contentIndent;
      dash = line.item ? line.indent : null;
      before = 0;
    }
  }
  if (dash !== null) path.unshift(before);
  return { path, key: here.key, afterColon, partial, newItem: here.item && here.key === null };
}

/** The object schemas a value may take (the branches of anyOf/oneOf, merged by the caller). */
function branches(schema: JsonSchema | undefined): JsonSchema[] {
  if (!schema) return [];
  const alternatives = schema.anyOf ?? schema.oneOf;
  return alternatives ? alternatives.flatMap(branches) : [schema];
}

export function schemaAt(root: JsonSchema, path: readonly PathPart[]): JsonSchema[] {
  let here = branches(root);
  for (const part of path) {
    here = here.flatMap((s) => (typeof part === 'number' ? branches(s.items) : branches(s.properties?.[part])));
  }
  return here;
}

function enumValues(schemas: readonly JsonSchema[]): string[] {
  const values = schemas.flatMap((s) => [...(s.enum ?? []), ...(s.const !== undefined ? [s.const] : []), ...(s.type === 'boolean' ? [true, false] : [])]);
  return [...new Set(values.filter((v) => v !== null).map(String))];
}

/** Keys already present in the object the cursor is in, above it. */
function siblingKeys(lines: readonly string[], column: number): Set<string> {
  const keys = new Set<string>();
  for (let i = lines.length - 2; i >= 0; i -= 1) {
    const line = parseLine(lines[i]!);
    if (!line) continue;
    if (line.indent < column && !(line.item && line.contentIndent === column)) break;
    if (line.contentIndent === column && line.key) keys.add(line.key);
    if (line.item && line.contentIndent === column) break;
  }
  return keys;
}

/** What to suggest at `cursor` (a character offset) in `text`. */
export function suggestionsAt(root: JsonSchema, text: string, cursor: number): Suggestions {
  const lines = text.slice(0, Math.max(0, Math.min(cursor, text.length))).split('\n');
  const { path, key, afterColon, partial, newItem } = pathAt(lines);
  const objects = schemaAt(root, path);
  if (afterColon && key) {
    const values = enumValues(schemaAt(root, [...path, key])).filter((v) => v.startsWith(partial));
    return { path: formatPath([...path, key]), key, fields: [], values };
  }
  const current = lines.at(-1) ?? '';
  const parsed = parseLine(current);
  const present = newItem || parsed?.item ? new Set<string>() : siblingKeys(lines, parsed ? parsed.contentIndent : current.length);
  const required = new Set(objects.flatMap((s) => s.required ?? []));
  const fields = new Map<string, { name: string; description: string | null; required: boolean }>();
  for (const schema of objects) {
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (present.has(name) || !name.startsWith(partial) || fields.has(name)) continue;
      const description = property.description ?? branches(property).find((b) => b.description)?.description ?? null;
      fields.set(name, { name, description, required: required.has(name) });
    }
  }
  return { path: formatPath(path), key: null, fields: [...fields.values()], values: [] };
}
