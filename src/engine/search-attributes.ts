import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { caseSearchAttributes } from '../cases/search-attributes.js';

const { IndexedValueType } = proto.temporal.api.enums.v1;
const indexedType = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
} as const;

/**
 * Registers the case search attributes in the namespace; those already there are left alone
 * (on SQL visibility a name is an alias of a per-namespace column, and adding an existing one fails).
 * Returns the names it added. Needs operator rights: `motcua temporal setup` runs it in production.
 */
export async function ensureCaseSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await listCustomAttributes(connection, namespace);
  const missing = Object.values(caseSearchAttributes).filter((key) => !(key.name in existing));
  if (missing.length === 0) return [];
  const searchAttributes = Object.fromEntries(missing.map((key) => [key.name, indexedType[key.type as keyof typeof indexedType]]));
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (error) {
    // ALREADY_EXISTS (6): another process registered them meanwhile.
    if ((error as { code?: number }).code !== 6) throw error;
  }
  return missing.map((key) => key.name);
}

/** The namespace's custom search attributes; none known on a server without the call (the time-skipping test server). */
async function listCustomAttributes(connection: Connection, namespace: string): Promise<Record<string, unknown>> {
  try {
    return (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch (error) {
    // UNIMPLEMENTED (12): adding all of them is then the only way, and an existing one answers ALREADY_EXISTS.
    if ((error as { code?: number }).code === 12) return {};
    throw error;
  }
}
