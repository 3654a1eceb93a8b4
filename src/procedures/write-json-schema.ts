import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { procedureJsonSchema } from './definition-schema.js';
import { DEFAULT_PROCEDURES_DIR } from './load.js';

export const JSON_SCHEMA_FILE_NAME = 'procedure.schema.json';

/** Writes the editor schema that each YAML names in its `yaml-language-server` comment. */
export async function writeProcedureJsonSchema(dir: string = DEFAULT_PROCEDURES_DIR): Promise<string> {
  const file = join(dir, JSON_SCHEMA_FILE_NAME);
  const schema = { ...procedureJsonSchema(), title: 'motcua procedure definition' };
  await writeFile(file, `${JSON.stringify(schema, null, 2)}\n`, 'utf8');
  return file;
}
