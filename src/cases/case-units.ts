/**
 * The units one case needs, carried in its input: every unit reference of its procedure (unit
 * codes and ward roles) made concrete once, at submission, from the deployment's unit directory.
 * The rules read them from the input, so they stay pure and a running case keeps the units it
 * started with. Inputs recorded before this field existed fall back to the built-in District 7
 * list, which is what they ran with: their histories replay unchanged.
 */
import type { CompiledProcedure } from '../procedures/compiled-procedure.js';
import { resolveInDirectory, type DirectoryResolution, type UnitDirectory } from '../procedures/unit-directory.js';
import { findUnit, resolveUnit, unitKind, type UnitKind } from '../procedures/units.js';

export interface CaseUnit {
  code: string;
  kind: UnitKind;
}

/** Reference (as the procedure names it) → the concrete unit for this case. */
export type CaseUnits = Readonly<Record<string, CaseUnit>>;

/** Every unit reference a procedure makes: receiving desk, states, who may extend the period. */
export function unitReferences(procedure: CompiledProcedure): string[] {
  const references = [
    procedure.receivingUnit,
    ...Object.values(procedure.states).map((state) => state.unit),
    ...(procedure.extensions ?? []).flatMap((extension) => extension.invokedBy),
  ];
  return [...new Set(references)].sort();
}

/** The procedure's units for a case of `ward`, or the first reference the directory cannot make concrete. */
export function caseUnitsFor(
  procedure: CompiledProcedure,
  directory: UnitDirectory,
  ward: string | undefined,
): { ok: true; units: CaseUnits } | (Extract<DirectoryResolution, { ok: false }> & { reference: string }) {
  const units: Record<string, CaseUnit> = {};
  for (const reference of unitReferences(procedure)) {
    const resolved = resolveInDirectory(directory, reference, ward);
    if (!resolved.ok) return { ...resolved, reference };
    units[reference] = { code: resolved.unit.code, kind: resolved.unit.kind };
  }
  return { ok: true, units };
}

export type CaseUnitResolution = { ok: true; unit: CaseUnit } | { ok: false; message: string };

/** A reference of the case's procedure made concrete: from the case's units, else (older inputs) the built-in list. */
export function caseUnit(input: { units?: CaseUnits | undefined; ward?: string | undefined }, reference: string): CaseUnitResolution {
  if (input.units !== undefined) {
    const unit = input.units[reference];
    return unit ? { ok: true, unit } : { ok: false, message: `the case carries no unit for ${reference}` };
  }
  const resolved = resolveUnit(reference, input.ward);
  return resolved.ok ? { ok: true, unit: { code: resolved.unit.code, kind: unitKind(resolved.unit) } } : { ok: false, message: resolved.message };
}

/**
 * What a concrete unit of the case does. A unit neither the case nor the built-in list knows is an
 * office unless it is a desk by name (as before units were data).
 */
export function kindOfCaseUnit(input: { units?: CaseUnits | undefined }, code: string): UnitKind {
  const carried = input.units && Object.values(input.units).find((unit) => unit.code === code);
  if (carried) return carried.kind;
  return unitKind(findUnit(code) ?? { code, level: 'district' });
}
