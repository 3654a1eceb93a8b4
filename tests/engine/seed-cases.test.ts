/**
 * `motcua seed --cases N` (issue #12 item 9): a handful of cases over a fixed month of 2021
 * through the real engine — the time-skipping test server with its clock moved to 2021 by
 * libfaketime, the real workflow, worker and activities on PGlite. The answer key is the pure case
 * rules run on the seeder's own actions at the instants the engine recorded.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../src/calendar/index.js';
import { runSeedCommand } from '../../src/cli/metrics-command.js';
import { loadConfig } from '../../src/config.js';
import type { CaseEvent } from '../../src/cases/case-event.js';
import { applyAction, handleWakeUp, nextWakeUp, startCase, type ActionRequest, type CaseInput } from '../../src/cases/case-rules.js';
import { seedCases, startSeedingEngine, type SeedCasesResult, type SeedingEngine } from '../../src/engine/seed-cases.js';
import { metricProceduresOf } from '../../src/metrics/metric-procedures.js';
import { rebuildMetrics, type MetricsContext } from '../../src/metrics/metrics-store.js';
import { listCaseEvents } from '../../src/store/case-store.js';
import type { MotcuaDb } from '../../src/store/database.js';
import { findSubmission } from '../../src/store/submission-store.js';
import { quietTemporalRuntime, silentLogger, testCatalogue } from '../support/engine.js';
import { createTestDatabase, temporalBinary, type TestDatabase } from '../support/services.js';

const from = new Date('2021-03-01T00:00:00+07:00');
const to = new Date('2021-04-01T00:00:00+07:00');
const count = 6;

/** The events the pure rules give for the seeder's actions, at the instants the engine recorded them. */
function rulesEvents(input: CaseInput, stored: readonly CaseEvent[], actions: ActionRequest[]) {
  const first = startCase(input);
  let state = first.state;
  const events = [...first.events];
  const pending = [...actions];
  while (events.length < stored.length) {
    const next = stored[events.length]!;
    const at = new Date(next.at);
    const step = next.type === 'action' && next.actor !== 'system' ? applyAction(state, pending.shift()!, at) : handleWakeUp(state, at);
    if (step.events.length === 0) break;
    state = step.state;
    events.push(...step.events);
  }
  return { events, unsent: pending, state };
}

async function projections(db: MotcuaDb) {
  const facts = await sql`select * from metrics_case_facts order by case_code`.execute(db);
  const steps = await sql`select * from metrics_steps order by case_code, ordinal`.execute(db);
  const daily = await sql`select * from metrics_daily order by day, procedure_code, receiving_unit, ward, channel`.execute(db);
  const monthly = await sql`select * from metrics_monthly order by month, procedure_code, receiving_unit, ward, channel`.execute(db);
  return { facts: facts.rows, steps: steps.rows, daily: daily.rows, monthly: monthly.rows };
}

describe('seed --cases through the real engine, over March 2021', () => {
  let database: TestDatabase;
  let engine: SeedingEngine;
  let context: MetricsContext;
  let seeded: SeedCasesResult;
  const progress: Date[] = [];

  beforeAll(async () => {
    quietTemporalRuntime();
    const catalogue = await testCatalogue();
    context = { procedures: metricProceduresOf(catalogue.procedures), calendar: defaultCalendarData };
    database = await createTestDatabase('pglite');
    engine = await startSeedingEngine({
      db: database.db,
      from,
      procedures: { get: (code, at) => catalogue.get(code, at)?.compiled },
      calendar: defaultCalendarData,
      metrics: context,
      logger: silentLogger,
      testServerPath: temporalBinary('temporal-test-server'),
    });
  }, 300_000); // the server's start and the worker's bundle: about a minute, several on a loaded machine
  afterAll(async () => {
    await engine?.close();
    await database?.close();
  });

  it("starts the server's clock at the start of the range (libfaketime)", async () => {
    const now = (await engine.serverNow()).getTime();
    expect(now).toBeGreaterThanOrEqual(from.getTime());
    expect(now).toBeLessThan(from.getTime() + 3_600_000);
  });

  it('drives the cases through the workflow: receipts inside the range, the events of the pure rules for the same actions', async () => {
    const catalogue = await testCatalogue();
    seeded = await seedCases(engine, {
      count,
      from,
      to,
      seed: 5,
      procedures: catalogue.procedures.map((p) => p.compiled),
      calendar: defaultCalendarData,
      onProgress: (at) => progress.push(at),
    });
    expect(seeded.cases).toBe(count);
    expect(seeded.actions).toBeGreaterThan(count);
    // The progress follows the server's clock through the month, to its end.
    expect(progress.at(-1)!.getTime()).toBeGreaterThanOrEqual(to.getTime());

    const rows = await database.db.selectFrom('cases').select(['case_code', 'received_at', 'status']).execute();
    expect(rows).toHaveLength(count);
    for (const row of rows) {
      expect(new Date(row.received_at).getTime()).toBeGreaterThanOrEqual(from.getTime());
      expect(new Date(row.received_at).getTime()).toBeLessThan(to.getTime());
    }
    let actionEvents = 0;
    for (const [key, caseCode] of seeded.caseCodes) {
      const input = (await findSubmission(database.db, key))!.input;
      const stored = await listCaseEvents(database.db, caseCode);
      const sent = seeded.log.filter((a) => a.caseCode === caseCode);
      const rules = rulesEvents(input, stored, sent.map((a) => a.request));
      expect(rules.unsent).toEqual([]);
      expect(stored).toEqual(rules.events);
      // Nothing the rules make happen before the end of the range is missing from the store.
      const wake = nextWakeUp(rules.state);
      expect(wake === null || wake.getTime() >= to.getTime()).toBe(true);
      // The workflow applied each action on the faked clock, a moment after the seeder sent it.
      const applied = stored.filter((e) => e.type === 'action' && e.actor !== 'system');
      expect(applied).toHaveLength(sent.length);
      applied.forEach((event, i) => {
        const lag = Date.parse(event.at) - Date.parse(sent[i]!.sentAt);
        expect(lag).toBeGreaterThanOrEqual(0);
        expect(lag).toBeLessThan(60_000);
      });
      for (const event of stored) expect(Date.parse(event.at)).toBeLessThan(to.getTime() + 60_000);
      actionEvents += applied.length;
    }
    expect(actionEvents).toBe(seeded.actions);
    const statuses = new Set(rows.map((r) => r.status));
    expect(statuses.has('closed')).toBe(true);
  }, 600_000);

  it('leaves projections that `metrics rebuild` gives back from the events alone', async () => {
    expect(seeded).toBeDefined();
    const live = await projections(database.db);
    expect(live.facts).toHaveLength(count);
    expect(await rebuildMetrics(database.db, context)).toMatchObject({ cases: count, events: seeded.events });
    expect(await projections(database.db)).toEqual(live);
  }, 120_000);
});

describe('seed command line', () => {
  it('takes either --cases or --synthetic, with a whole count, and says how otherwise', async () => {
    for (const args of [['--cases', 'many'], ['--cases', '0'], ['--cases', '2', '--synthetic', '2'], ['--cases', '2', '--from', '2021-1-1']]) {
      const err: string[] = [];
      expect(await runSeedCommand(args, { out: () => undefined, err: (s) => err.push(s) }, loadConfig({}))).toBe(2);
      expect(err.join('\n')).toContain('motcua seed --cases N');
    }
  });
});
