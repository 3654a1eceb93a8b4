/** The studio's CLI commands on a database holding a synthetic permit history, and the diagram's marks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStudioCommand } from '../../src/cli/studio-command.js';
import { defaultCalendar } from '../../src/calendar/index.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import { appendCaseEvents } from '../../src/store/case-store.js';
import { procedureDiagramSvg } from '../../src/studio/diagram.js';
import { createStudioService, type StudioService } from '../../src/studio/studio-service.js';
import type { CaseProjection } from '../../src/cases/case-event.js';
import { permitDraws, seededRandom, synthesiseTraces } from '../support/synthetic-history.js';
import { runCliCommand } from '../support/run-cli-command.js';
import { createTestDatabase, type TestDatabase } from '../support/services.js';

const catalogue = await loadCatalogue();
const permit = catalogue.get('D7-XD-01')!.compiled;

describe('studio commands', () => {
  let database: TestDatabase;
  let studio: StudioService;
  const run = (command: string, args: string[]) => runCliCommand((a, io) => runStudioCommand(command, a, io, async () => studio), args);

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    studio = createStudioService({ db: database.db, catalogue, calendar: defaultCalendar });
    const events = synthesiseTraces(permit, 60, '2026-03-02', seededRandom(11), permitDraws(seededRandom(12)), defaultCalendar);
    const byCase = new Map<string, typeof events>();
    for (const event of events) byCase.set(event.caseCode, [...(byCase.get(event.caseCode) ?? []), event]);
    for (const [caseCode, list] of byCase) {
      const received = list[0]!;
      const last = list.at(-1)!;
      // The row the queue would show; only the fields the studio filters on matter here.
      const projection: CaseProjection = {
        caseCode,
        procedureCode: permit.code,
        procedureVersion: permit.version,
        receivingUnit: 'Q7.MC',
        channel: String(received.data.channel),
        applicant: {},
        receivedAt: received.at,
        state: last.toState ?? 'approved_closed',
        status: 'closed',
        unit: last.unit,
        dueAt: null,
        statutoryDueAt: null,
        overdue: false,
        wasOverdue: false,
        resolvedAt: null,
        timeliness: null,
        outcome: 'approved',
        lastSeq: last.seq,
      };
      await appendCaseEvents(database.db, list, projection);
    }
  }, 300_000);
  afterAll(() => database?.close());

  it('exports the cases received in a window', async () => {
    const all = await run('export', ['xes', '--procedure', 'D7-XD-01']);
    expect(all.exitCode).toBe(0);
    expect((all.out.match(/<trace>/g) ?? []).length).toBe(60);
    const march = await run('export', ['ocel', '--procedure', 'D7-XD-01', '--from', '2026-03-01', '--to', '2026-04-01']);
    const dossiers = JSON.parse(march.out).objects.filter((o: { type: string }) => o.type === 'dossier');
    expect(dossiers.length).toBeGreaterThan(0);
    expect(dossiers.length).toBeLessThan(60);
    expect(dossiers.every((o: { attributes: Array<{ time: string }> }) => o.attributes[0]!.time < '2026-04-01')).toBe(true);
  });

  it('refuses bad options with the usage and a non-zero exit', async () => {
    expect((await run('export', ['csv'])).exitCode).toBe(2);
    expect((await run('export', ['xes', '--from', '1/3/2026'])).err).toContain('--from must be a date');
    expect((await run('simulate', ['D7-XD-01', '--runs', 'many'])).exitCode).toBe(2);
    const unknown = await run('simulate', ['D7-XD-01', '--version', 'ffffffffffffffff']);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.err).toContain('STUDIO_UNKNOWN_VERSION');
  });

  it('simulates reproducibly from a seed and says where its figures come from', async () => {
    const args = ['D7-XD-01', '--runs', '4000', '--seed', '9', '--from', '2026-03-02', '--json'];
    const first = await run('simulate', args);
    const second = await run('simulate', args);
    expect(first.out).toBe(second.out);
    const result = JSON.parse(first.out);
    expect(result.runs).toBe(4000);
    // 60 cases: receipt, appraisal and signing have ≥ 20 observations; the consultation regions may not.
    const sources = Object.fromEntries(result.sources.map((s: { state: string; duration: string }) => [s.state, s.duration]));
    expect(sources.appraisal).toBe('history');
    expect(sources.signing).toBe('history');
    const text = await run('simulate', ['D7-XD-01', '--runs', '2000', '--seed', '9', '--from', '2026-03-02']);
    expect(text.out).toMatch(/Đúng hạn \/ on time: \d+\.\d %/);
  });

  it('mines and compares with the streamlined draft', async () => {
    const mined = await run('mine', ['D7-XD-01']);
    expect(mined.out).toContain('return_for_rework');
    const compared = await run('compare', ['D7-XD-01', '--draft', 'tests/studio/fixtures/streamlined/D7-XD-01.yaml', '--runs', '4000', '--seed', '2', '--from', '2026-03-02']);
    expect(compared.exitCode).toBe(0);
    expect(compared.out).toContain('removed:   site_inspection');
  });
});

describe('diagram', () => {
  it('lays out every state, colours units, marks budgets, keeps generated paths quiet and shows open and overdue cases', async () => {
    const svg = await procedureDiagramSvg(permit, [
      { version: permit.version, state: 'appraisal', open: 3, overdue: 1 },
      { version: permit.version, state: 'consultation.land.working | consultation.urban_management.done | consultation.ward.working', open: 2, overdue: 0 },
    ]);
    for (const state of Object.keys(permit.states).filter((s) => !s.endsWith('.working') && !s.endsWith('.done'))) {
      expect(svg).toContain(`data-state="${state}"`);
    }
    expect(svg).toMatch(/class="state step main" data-state="appraisal" data-unit="Q7.QLDT"/);
    expect(svg).toMatch(/class="state awaiting-supplement quiet" data-state="awaiting_supplement_appraisal"/);
    expect(svg).toContain('≤ 5 ngày làm việc');
    expect(svg).toContain('class="edge quiet"');
    expect(svg).toMatch(/class="open-count overdue">.*3 mở · 1 trễ/);
    // The land region still works: counted on it and on the consultation; the answered region is not.
    expect(svg).toMatch(/data-state="consultation.land"[\s\S]*?2 mở/);
    expect(svg.match(/2 mở/g)).toHaveLength(3);
  });
});
