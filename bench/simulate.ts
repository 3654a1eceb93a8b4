/**
 * Simulation speed: 10,000 runs of a 10-step procedure (working-day budgets, one rework loop),
 * fast version (office time as numbers, deadlines precomputed per receipt day) beside the naive
 * version that walks the calendar one day at a time and asks dueInstant / classifyResolution per
 * run, measured in the same process. Target: ≥ 20,000 runs/s.
 * Run: npm run bench:simulate
 */
import { performance } from 'node:perf_hooks';
import { defaultCalendar } from '../src/calendar/index.js';
import { loadProcedureText } from '../src/procedures/load.js';
import { buildSimulationModel } from '../src/studio/simulation-model.js';
import { simulate, simulateNaive, type SimulationOptions } from '../src/studio/simulation.js';

const RUNS = 10_000;
const ROUNDS = 5;

const steps = Array.from({ length: 10 }, (_, i) => {
  const next = i === 9 ? 'approved' : `step_${i + 1}`;
  const rework = i === 9 ? '\n      - { action: return_for_rework, next: step_0 }' : '';
  return `  - id: step_${i}
    labelVi: Bước ${i}
    labelEn: Step ${i}
    unit: Q7.TCKH
    budget: { amount: 1, unit: working-days, confirmed: false }
    actions:
      - { action: forward, next: ${next}, labelVi: Chuyển, labelEn: Forward }${rework}`;
});
const text = `code: D7-BENCH-01
nameVi: Thủ tục mười bước
nameEn: Ten-step procedure
field: Thử nghiệm
handlingLevel: district
onlineLevel: 3
legalBasis: [bench]
fee: { amountVnd: 0, textVi: Miễn phí, confirmed: false }
period: { amount: 10, unit: working-days, confirmed: false }
receivingUnit: Q7.MC
channels: [desk]
delivery: [desk]
steps:
${steps.join('\n')}
`;
const loaded = loadProcedureText(text, 'D7-BENCH-01.yaml');
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues, null, 2));
const model = buildSimulationModel(loaded.procedure.compiled, [], defaultCalendar);
const options: SimulationOptions = { runs: RUNS, seed: 42, from: '2026-01-05', horizonWorkingDays: 250 };

function best(work: () => unknown): number {
  work(); // warm-up: JIT and the calendar's day table
  let fastest = Infinity;
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

const fastMs = best(() => simulate(model, defaultCalendar, options));
const naiveMs = best(() => simulateNaive(model, defaultCalendar, options));
const fast = simulate(model, defaultCalendar, options);
const naive = simulateNaive(model, defaultCalendar, options);
if (fast.onTimeRate !== naive.onTimeRate) throw new Error(`fast ${fast.onTimeRate} and naive ${naive.onTimeRate} disagree`);

const perSecond = (ms: number) => Math.round((RUNS / ms) * 1000);
console.log(`simulation, ${RUNS} runs of a 10-step procedure (best of ${ROUNDS}); on-time ${(fast.onTimeRate * 100).toFixed(1)} % in both`);
console.log(`  fast : ${fastMs.toFixed(1)} ms  ${perSecond(fastMs).toLocaleString('en')} runs/s (target ≥ 20,000)`);
console.log(`  naive: ${naiveMs.toFixed(1)} ms  ${perSecond(naiveMs).toLocaleString('en')} runs/s (calendar asked per simulated day)`);
console.log(`  ratio: fast is ${(naiveMs / fastMs).toFixed(1)}× the naive version`);
if (perSecond(fastMs) < 20_000) process.exitCode = 1;
