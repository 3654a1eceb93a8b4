/**
 * What the metrics need to know of a procedure beyond its events: field, online level and the
 * states (kinds, units, budgets). Built once from the catalogue; pure data afterwards.
 */
import type { Period } from '../calendar/period.js';
import type { LoadedProcedure } from '../procedures/load.js';
import type { StateInfo } from '../procedures/compiled-procedure.js';

export interface MetricProcedure {
  code: string;
  nameVi: string;
  nameEn: string;
  field: string;
  fieldEn: string;
  /** Online public service level declared for the procedure (mức độ 3 or 4). */
  onlineLevel: number;
  period: Period;
  states: Record<string, Pick<StateInfo, 'kind' | 'unit' | 'budget' | 'lead' | 'labelVi' | 'labelEn'>>;
}

export interface MetricProcedures {
  get(code: string): MetricProcedure | undefined;
  all(): MetricProcedure[];
}

export function metricProcedureOf(loaded: Pick<LoadedProcedure, 'definition' | 'compiled'>): MetricProcedure {
  const { definition, compiled } = loaded;
  const states: MetricProcedure['states'] = {};
  for (const [path, info] of Object.entries(compiled.states)) {
    states[path] = { kind: info.kind, unit: info.unit, labelVi: info.labelVi, labelEn: info.labelEn, ...(info.budget ? { budget: info.budget } : {}), ...(info.lead ? { lead: true } : {}) };
  }
  return {
    code: compiled.code,
    nameVi: compiled.nameVi,
    nameEn: compiled.nameEn,
    field: definition.field,
    fieldEn: definition.fieldEn ?? definition.field,
    // 0 = not offered online (null in the definition): the dimension stays a plain number column.
    onlineLevel: definition.onlineLevel ?? 0,
    period: compiled.period,
    states,
  };
}

export function metricProceduresOf(procedures: ReadonlyArray<Pick<LoadedProcedure, 'definition' | 'compiled'>>): MetricProcedures {
  const list = procedures.map(metricProcedureOf).sort((a, b) => a.code.localeCompare(b.code));
  const byCode = new Map(list.map((p) => [p.code, p]));
  return { get: (code) => byCode.get(code), all: () => list };
}
