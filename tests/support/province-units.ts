/**
 * A province's units as an organisation loads them (tests/procedures/fixtures/province/units.yaml)
 * and a definition naming them, for the tests of units as data.
 */
import { readFileSync } from 'node:fs';
import { checkUnitsFile } from '../../src/auth/units-file.js';
import { builtInUnitDirectory, unitDirectory, type UnitDirectory } from '../../src/procedures/unit-directory.js';

export const provinceUnitsFile = 'tests/procedures/fixtures/province/units.yaml';
export const provinceProceduresDir = 'tests/procedures/fixtures/province/procedures';
export const provinceProcedureFile = `${provinceProceduresDir}/HCM-BTXH-02.yaml`;

/** The seeded District 7 units and the province's, as the `units` table holds them after `motcua units load`. */
export function provinceDirectory(): UnitDirectory {
  const seeded = builtInUnitDirectory.units;
  const checked = checkUnitsFile(readFileSync(provinceUnitsFile, 'utf8'), seeded);
  if (!checked.ok) throw new Error(`${provinceUnitsFile}: ${JSON.stringify(checked.problems)}`);
  return unitDirectory([...seeded, ...checked.units]);
}
