import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { caseSearchAttributes } from '../cases/search-attributes.js';

const { IndexedValueType } = proto.temporal.api.enums.v1;
const indexedType = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
} as const;

/** Registers the case search attributes in the namespace; already registered ones are fine. */
export async function ensureCaseSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const searchAttributes = Object.fromEntries(
    Object.values(caseSearchAttributes).map((key) => [key.name, indexedType[key.type as keyof typeof indexedType]]),
  );
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (error) {
    // ALREADY_EXISTS (6): registered by an earlier start.
    if ((error as { code?: number }).code !== 6) throw error;
  }
}
