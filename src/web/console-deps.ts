import type { CalendarData } from '../calendar/index.js';
import type { CaseService } from '../engine/case-service.js';
import type { CompiledProcedure } from '../procedures/compiled-procedure.js';
import type { DossierDocument } from '../procedures/definition-schema.js';
import type { MotcuaDb } from '../store/database.js';

/** What the console's pages need: the same services as the API, the read model, the catalogue, a clock. */
export interface ConsoleDeps {
  cases: CaseService;
  db: MotcuaDb;
  /** The valid procedures, by code and in catalogue order. */
  procedures: {
    get(code: string): CompiledProcedure | undefined;
    list(): CompiledProcedure[];
    /** The dossier components its definition lists (empty when no legal text listed them). */
    documents?(code: string): readonly DossierDocument[];
  };
  calendar: () => CalendarData;
  /** The clock at the edge (tests pass fixed instants). */
  now: () => Date;
}

/** The console's view of a loaded catalogue: compiled procedures by code and in order, and their listed documents. */
export function consoleProcedures(catalogue: {
  get(code: string): { compiled: CompiledProcedure; definition: { documents?: readonly DossierDocument[] | undefined } } | undefined;
  procedures: ReadonlyArray<{ compiled: CompiledProcedure }>;
}): ConsoleDeps['procedures'] {
  return {
    get: (code) => catalogue.get(code)?.compiled,
    list: () => catalogue.procedures.map((p) => p.compiled),
    documents: (code) => catalogue.get(code)?.definition.documents ?? [],
  };
}
