/**
 * A province's deployment for the units-as-data tests: its units loaded into a fresh PostgreSQL
 * database with `motcua units load`, the directory read back from the table and given to the
 * catalogue and the engine, as `motcua start` does, on a Temporal dev server.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadUnitDirectory } from '../../src/auth/accounts.js';
import { runUnitsCommand } from '../../src/cli/units-command.js';
import { loadCatalogue, type Catalogue } from '../../src/procedures/catalogue.js';
import type { UnitDirectory } from '../../src/procedures/unit-directory.js';
import { openDatabase } from '../../src/store/database.js';
import { createTestEngine, devServerEnvironment, workflowBundle, type TestEngine } from './engine.js';
import { provinceProceduresDir, provinceUnitsFile } from './province-units.js';
import { runCliCommand } from './run-cli-command.js';
import type { TestDatabase } from './services.js';

export interface ProvinceEngine {
  env: TestWorkflowEnvironment;
  engine: TestEngine;
  units: UnitDirectory;
  catalogue: Catalogue;
}

export async function startProvinceEngine(database: TestDatabase): Promise<ProvinceEngine> {
  const openDb = async () => openDatabase({ kind: 'postgres', url: database.url! });
  const loaded = await runCliCommand((a, io) => runUnitsCommand(a, io, openDb), ['load', provinceUnitsFile]);
  if (loaded.exitCode !== 0) throw new Error(loaded.err);
  const env = await devServerEnvironment();
  await workflowBundle(); // bundled here, under the hook's time limit, not in the first test's
  const units = await loadUnitDirectory(database.db);
  const catalogue = await loadCatalogue(provinceProceduresDir, undefined, units);
  if (catalogue.issues.length > 0) throw new Error(JSON.stringify(catalogue.issues));
  const engine = await createTestEngine(env, database.db, {
    procedures: { get: (code, at) => catalogue.get(code, at)?.compiled },
    units,
    // A first submission's workflow may answer slowly on a loaded machine: its answer, not a read model not yet written.
    queryTimeoutMs: 20_000,
  });
  return { env, engine, units, catalogue };
}
