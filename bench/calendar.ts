/**
 * Due-date computations per second on one core: the precomputed calendar against a naive
 * day-by-day loop over the same inputs, checked to give the same answers.
 * Run: npx tsx bench/calendar.ts   (figures are recorded in docs/calendar.md)
 */
import { performance } from 'node:perf_hooks';
import {
  createCalendar,
  defaultCalendar,
  defaultCalendarData,
  dueInstant,
  holidays,
  workingTimeBetween,
  type Period,
} from '../src/calendar/index.js';

const SAMPLE_SIZE = 100_000;
const MIN_SECONDS = 1.5;
const TARGET_PER_SECOND = 1_000_000;
const VN_OFFSET_MS = 7 * 3_600_000;
const CLOSE_UTC_MS = 10 * 3_600_000; // 17:00 in Vietnam is 10:00 UTC the same day

/** A seeded generator (mulberry32), so every run measures the same inputs. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seededRandom(20240504);
const first = Date.parse('2021-01-01T00:00:00+07:00');
const last = Date.parse('2026-06-30T00:00:00+07:00');
const receipts = Array.from({ length: SAMPLE_SIZE }, () => new Date(first + Math.floor(random() * (last - first))));
const amounts = Array.from({ length: SAMPLE_SIZE }, () => 1 + Math.floor(random() * 30));
const periods: Period[] = amounts.map((amount) => ({ amount, unit: 'working-days' }));

// The naive way: a set of dates off, and a walk one day at a time.
const daysOff = new Set<string>();
const workedDays = new Set<string>();
for (let year = 2021; year <= 2027; year += 1) {
  const { daysOff: off, workedDays: worked } = holidays(defaultCalendar, year);
  off.forEach((entry) => daysOff.add(entry.date));
  worked.forEach((entry) => workedDays.add(entry.date));
}

function naiveDue(from: Date, workingDays: number): Date {
  const local = new Date(from.getTime() + VN_OFFSET_MS);
  const cursor = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  for (let counted = 0; counted < workingDays; ) {
    cursor.setUTCDate(cursor.getUTCDate() + 1);
    const date = cursor.toISOString().slice(0, 10);
    const weekday = cursor.getUTCDay();
    if (workedDays.has(date) || (weekday !== 0 && weekday !== 6 && !daysOff.has(date))) counted += 1;
  }
  return new Date(cursor.getTime() + CLOSE_UTC_MS);
}

/** Runs `compute` over the whole sample until MIN_SECONDS have passed; returns calls per second. */
function perSecond(compute: (i: number) => number): number {
  let checksum = 0;
  for (let i = 0; i < SAMPLE_SIZE; i += 1) checksum += compute(i); // warm-up
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < MIN_SECONDS * 1000) {
    for (let i = 0; i < SAMPLE_SIZE; i += 1) checksum += compute(i);
    calls += SAMPLE_SIZE;
  }
  const seconds = (performance.now() - start) / 1000;
  if (checksum === 0) console.log('(checksum 0)'); // keeps the work observable
  return calls / seconds;
}

const mismatches = receipts.filter((from, i) => {
  const n = amounts[i]!;
  return dueInstant(defaultCalendar, from, periods[i]!).getTime() !== naiveDue(from, n).getTime();
});
if (mismatches.length > 0) {
  console.error(`calendar and naive loop disagree on ${mismatches.length} of ${SAMPLE_SIZE} inputs, e.g. ${mismatches[0]?.toISOString()}`);
  process.exit(1);
}

/** createCalendar and the first query, which builds the day tables: the cost of a new calendar version. */
function firstQueryMs(): number {
  const start = performance.now();
  const fresh = createCalendar({ ...defaultCalendarData, version: 'bench' });
  dueInstant(fresh, receipts[0]!, periods[0]!);
  return performance.now() - start;
}
const buildTimes = Array.from({ length: 7 }, firstQueryMs).sort((a, b) => a - b);

const fast = perSecond((i) => dueInstant(defaultCalendar, receipts[i]!, periods[i]!).getTime());
const naive = perSecond((i) => naiveDue(receipts[i]!, amounts[i]!).getTime());
const hourPeriods: Period[] = amounts.map((amount) => ({ amount: amount * 2, unit: 'working-hours' }));
const hours = perSecond((i) => dueInstant(defaultCalendar, receipts[i]!, hourPeriods[i]!).getTime());
const ends = receipts.map((from, i) => new Date(from.getTime() + amounts[i]! * 86_400_000));
const elapsed = perSecond((i) => workingTimeBetween(defaultCalendar, receipts[i]!, ends[i]!).minutes);

const figure = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(12);
console.log(`motcua calendar bench — Node ${process.version}, one thread`);
console.log(`sample: ${SAMPLE_SIZE.toLocaleString('en-US')} receipts 2021-01-01 … 2026-06-30, 1–30 working days; answers identical: yes`);
const range = `${defaultCalendar.firstYear}–${defaultCalendar.lastYear}`;
console.log(`new calendar + first query (tables ${range}): median ${buildTimes[3]?.toFixed(1)} ms, max ${buildTimes.at(-1)?.toFixed(1)} ms of 7`);
console.log(`dueInstant, working days      ${figure(fast)} /s`);
console.log(`naive day-by-day loop         ${figure(naive)} /s`);
console.log(`ratio                         ${(fast / naive).toFixed(1).padStart(12)} ×`);
console.log(`dueInstant, working hours     ${figure(hours)} /s`);
console.log(`workingTimeBetween            ${figure(elapsed)} /s`);
console.log(fast >= TARGET_PER_SECOND ? `target ≥ ${figure(TARGET_PER_SECOND).trim()} /s: met` : 'target ≥ 1,000,000 /s: NOT met');
