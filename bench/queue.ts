/**
 * The queue read model's benchmark (issue #11): 10,000 open cases held by one unit (plus cases of
 * other units and closed ones), written as the workflow writes them (case rules → appendCaseEvents).
 * Then, in the same run and on the same database:
 * - queue: what /queue asks for one request: the counts of every filter, one page of 50 by deadline,
 *   and the filters' choices; each request rotates the view, and every 4th carries a name search;
 * - case page: the case row and its events (what /cases/:code reads from PostgreSQL);
 * - baselines: a plain SELECT of the same rows from case_events (the page's cases' `received`
 *   events by primary key; one case's events).
 * Prints p50/p95 of each and the ratio to its baseline. Target: queue p95 < 200 ms.
 *
 * Run: npm run bench:queue -- [--open 10000] [--requests 300] [--storage postgres|pglite]
 * postgres uses TEST_DATABASE_URL (or DATABASE_URL) and creates a scratch database; pglite is in memory.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { defaultCalendar } from '../src/calendar/index.js';
import { loadCatalogue } from '../src/procedures/catalogue.js';
import { getCaseRow, listCaseEvents } from '../src/store/case-store.js';
import { queueCounts, queueFacets, queuePage, queueViews } from '../src/store/queue-store.js';
import { queueClock } from '../src/web/view-models/working-time.js';
import { proceduresDir } from '../tests/support/engine.js';
import { recordCase } from '../tests/support/recorded-cases.js';
import { createTestDatabase } from '../tests/support/services.js';
import { percentile } from './measure.js';

const { values: args } = parseArgs({
  options: {
    open: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '300' },
    storage: { type: 'string', default: process.env.TEST_DATABASE_URL || process.env.DATABASE_URL ? 'postgres' : 'pglite' },
  },
});
const openCases = Number(args.open);
const requests = Number(args.requests);
const storage = args.storage === 'pglite' ? 'pglite' : 'postgres';
if (storage === 'postgres' && !process.env.TEST_DATABASE_URL && process.env.DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;

const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
const middle = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Đức', 'Thanh', 'Quốc', 'Hữu'];
const given = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Uyên', 'Vy'];
const nameOf = (i: number) => `${family[i % family.length]} ${middle[(i >> 2) % middle.length]} ${given[(i >> 4) % given.length]}`;

// Cases received over the 60 working days before 5 March 2026; "now" is that day at 10:00.
const now = new Date('2026-03-05T10:00:00+07:00');
const firstDay = Date.parse('2025-12-01T08:00:00+07:00');
const receivedAtOf = (i: number) => new Date(firstDay + (i % 90) * 86_400_000 + (i % 400) * 60_000).toISOString();

const database = await createTestDatabase(storage);
const db = database.db;
const catalogue = await loadCatalogue(proceduresDir);
try {
  const startedWriting = performance.now();
  const sequences = new Map<string, number>();
  const nextSequence = (unitDay: string) => {
    const n = (sequences.get(unitDay) ?? 0) + 1;
    sequences.set(unitDay, n);
    return n;
  };
  const write = async (i: number, procedureCode: string, actions: string[]) => {
    const receivedAt = receivedAtOf(i);
    const sequence = nextSequence(`${procedureCode}:${receivedAt.slice(0, 10)}`) + (procedureCode === 'D7-HKD-01' ? 0 : 5000);
    await recordCase(db, catalogue, {
      procedureCode,
      receivedAt,
      sequence,
      applicantName: nameOf(i),
      actions: actions.map((action, k) => ({ action, at: new Date(Date.parse(receivedAt) + (k + 1) * 60_000).toISOString() })),
    });
  };
  // Cases are written 16 at a time (each case's batches in order), as many workflows write at once.
  const inParallel = async (count: number, one: (i: number) => Promise<void>) => {
    for (let start = 0; start < count; start += 16) {
      await Promise.all(Array.from({ length: Math.min(16, count - start) }, (_, k) => one(start + k)));
    }
  };
  // The measured unit: Finance and Planning (Q7.TCKH) holds `openCases` open cases of D7-HKD-01.
  await inParallel(openCases, (i) => write(i, 'D7-HKD-01', i % 10 === 0 ? ['accept', 'submit_for_signature'] : ['accept']));
  // Neighbours: other units' open cases and closed cases, a fifth as many each.
  await inParallel(openCases / 5, (i) => write(openCases + i, 'D7-NV-02', ['accept']));
  await inParallel(openCases / 5, (i) => write(2 * openCases + i, 'D7-HKD-01', ['accept', 'submit_for_signature', 'approve', 'return_at_desk']));
  await sql`analyze`.execute(db);
  const writeSeconds = (performance.now() - startedWriting) / 1000;
  const [{ n: eventRows } = { n: '0' }] = (await sql<{ n: string }>`select count(*) as n from case_events`.execute(db)).rows;

  const clock = queueClock(defaultCalendar, now);
  const searches = ['nguyen van', 'thi lan', 'duc', '-0042'];
  const timings = { queue: [] as number[], queueBaseline: [] as number[], casePage: [] as number[], caseBaseline: [] as number[] };
  let sampleCodes: string[] = [];
  for (let r = 0; r < requests; r++) {
    const view = queueViews[r % queueViews.length]!;
    const scope = { unit: 'Q7.TCKH', search: r % 4 === 3 ? searches[r % searches.length] : undefined };
    // Interleaved, so a neighbour's load on the shared machine falls on both.
    let t = performance.now();
    const [, rows] = await Promise.all([
      queueCounts(db, scope, clock),
      queuePage(db, scope, view, clock, { limit: 50, offset: 0 }),
      queueFacets(db, scope.unit),
    ]);
    timings.queue.push(performance.now() - t);
    const codes = rows.length > 0 ? rows.map((row) => row.caseCode) : sampleCodes;
    if (rows.length > 0) sampleCodes = codes;
    t = performance.now();
    await db.selectFrom('case_events').selectAll().where('case_code', 'in', codes).where('seq', '=', 1).execute();
    timings.queueBaseline.push(performance.now() - t);

    const code = codes[r % codes.length]!;
    t = performance.now();
    await Promise.all([getCaseRow(db, code), listCaseEvents(db, code)]);
    timings.casePage.push(performance.now() - t);
    t = performance.now();
    await db.selectFrom('case_events').selectAll().where('case_code', '=', code).execute();
    timings.caseBaseline.push(performance.now() - t);
  }

  const line = (name: string, values: number[], baseline: number[]) => {
    const p95 = percentile(values, 95);
    const base95 = percentile(baseline, 95);
    return `${name.padEnd(11)} p50 ${percentile(values, 50).toFixed(2).padStart(7)} ms  p95 ${p95.toFixed(2).padStart(7)} ms   baseline p50 ${percentile(baseline, 50).toFixed(2).padStart(6)} ms  p95 ${base95.toFixed(2).padStart(6)} ms   ratio p95 ${(p95 / base95).toFixed(1)}×`;
  };
  const queueP95 = percentile(timings.queue, 95);
  process.stdout.write(
    [
      `queue read model on ${storage}: ${openCases} open cases at Q7.TCKH, ${openCases / 5} open elsewhere, ${openCases / 5} closed; ${eventRows} event rows (written in ${writeSeconds.toFixed(0)} s)`,
      `${requests} requests each, interleaved; queue = counts of 5 filters + page of 50 by deadline + filter choices`,
      line('queue', timings.queue, timings.queueBaseline),
      line('case page', timings.casePage, timings.caseBaseline),
      `target queue p95 < 200 ms: ${queueP95 < 200 ? 'met' : 'NOT met'} (${queueP95.toFixed(1)} ms)`,
    ].join('\n') + '\n',
  );
} finally {
  await database.close();
}
