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
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = Object.values(caseSearchAttributes).filter((key) => !(key.name in (existing.customAttributes ?? {})));
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
