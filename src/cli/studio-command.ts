/**
 * The studio on the command line: `motcua export`, `mine`, `simulate`, `compare`, `diagram`.
 * Output goes through `io` (the log and the SVG to stdout, so `> file` works); the studio service
 * comes in ready, so tests run the commands against their own database.
 */
import { readFile } from 'node:fs/promises';
import { defaultCalendar } from '../calendar/index.js';
import type { Config } from '../config.js';
import { proceduresDir } from '../engine/runtime.js';
import { MotcuaError } from '../errors.js';
import { loadCatalogue } from '../procedures/catalogue.js';
import { loadUnitDirectory } from '../auth/accounts.js';
import { databaseTargetFrom, migrateToLatest, openDatabase } from '../store/database.js';
import { createStudioService } from '../studio/studio-service.js';
import { formatIssue } from '../procedures/procedure-issues.js';
import { variantKey } from '../studio/mining.js';
import type { SimulationResult } from '../studio/simulation.js';
import type { StudioService } from '../studio/studio-service.js';
import type { CommandIo } from './procedures-command.js';

export const STUDIO_USAGE = `motcua export xes|ocel [--procedure CODE] [--from DATE] [--to DATE] > file
      the event log (IEEE XES, or OCEL 2.0 JSON) of the cases received in [from, to)
motcua mine <code> [--json]
      variants, rework loops and the steps where time is lost, per version
motcua simulate <code> [--version V | --draft FILE] [--runs N] [--seed S] [--from DATE] [--json]
      Monte-Carlo prediction: on-time rate with its interval, resolution time, load per unit
motcua compare <code> [--before V] [--after V | --draft FILE] [--runs N] [--seed S] [--json]
      two versions side by side, with the predicted difference
motcua diagram <code> [--version V] > file.svg
      the version's diagram (ELK layout) with the open cases per state`;

interface Options {
  positional: string[];
  flags: Map<string, string>;
  json: boolean;
}

const VALUE_FLAGS = new Set(['--procedure', '--from', '--to', '--version', '--runs', '--seed', '--draft', '--before', '--after']);

function parse(args: readonly string[]): Options | string {
  const options: Options = { positional: [], flags: new Map(), json: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--json') options.json = true;
    else if (VALUE_FLAGS.has(arg)) {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      options.flags.set(arg, value);
    } else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else options.positional.push(arg);
  }
  return options;
}

function wholeNumber(options: Options, flag: string): number | undefined | string {
  const text = options.flags.get(flag);
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isInteger(value) && value >= 0 ? value : `${flag} must be a whole number, got "${text}"`;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A day (YYYY-MM-DD, Vietnam) as the instant it starts. */
const startOfDay = (day: string) => `${day}T00:00:00+07:00`;

export async function runStudioCommand(command: string, args: string[], io: CommandIo, studio: () => Promise<StudioService>): Promise<number> {
  const options = parse(args);
  const fail = (message: string) => {
    io.err(`${message}\n\n${STUDIO_USAGE}`);
    return 2;
  };
  if (typeof options === 'string') return fail(options);
  for (const flag of ['--from', '--to']) {
    const value = options.flags.get(flag);
    if (value !== undefined && !DATE.test(value)) return fail(`${flag} must be a date YYYY-MM-DD, got "${value}"`);
  }
  const runs = wholeNumber(options, '--runs');
  const seed = wholeNumber(options, '--seed');
  if (typeof runs === 'string') return fail(runs);
  if (typeof seed === 'string') return fail(seed);
  const code = options.positional[command === 'export' ? 1 : 0];
  const draftFile = options.flags.get('--draft');
  const draft = draftFile ? await readFile(draftFile, 'utf8') : undefined;
  try {
    switch (command) {
      case 'export': {
        const format = options.positional[0];
        if (format !== 'xes' && format !== 'ocel') return fail('export needs a format: xes or ocel');
        const from = options.flags.get('--from');
        const to = options.flags.get('--to');
        const text = await (await studio()).exportLog(format, {
          procedureCode: options.flags.get('--procedure'),
          from: from && startOfDay(from),
          to: to && startOfDay(to),
        });
        io.out(text.trimEnd());
        return 0;
      }
      case 'mine': {
        if (!code) return fail('mine needs a procedure code');
        const mined = await (await studio()).mine(code);
        if (options.json) io.out(JSON.stringify(mined, null, 2));
        else for (const version of mined) printMining(version, io);
        return 0;
      }
      case 'simulate': {
        if (!code) return fail('simulate needs a procedure code');
        const result = await (await studio()).simulate(code, { version: options.flags.get('--version'), yaml: draft, runs, seed, from: options.flags.get('--from') });
        if (options.json) io.out(JSON.stringify(result, null, 2));
        else printSimulation(result, io);
        return 0;
      }
      case 'compare': {
        if (!code) return fail('compare needs a procedure code');
        const comparison = await (await studio()).compare(code, {
          before: options.flags.get('--before'),
          after: options.flags.get('--after'),
          afterYaml: draft,
          runs,
          seed,
          from: options.flags.get('--from'),
        });
        if (options.json) {
          io.out(JSON.stringify(comparison, null, 2));
          return 0;
        }
        io.out(`${comparison.procedureCode}: ${comparison.before} → ${comparison.after}`);
        io.out(`  bước bỏ / removed:   ${comparison.removed.map((s) => s.state).join(', ') || '—'}`);
        io.out(`  bước thêm / added:   ${comparison.added.map((s) => s.state).join(', ') || '—'}`);
        for (const change of comparison.changed) io.out(`  thay đổi / changed:  ${change.state} (${change.fields.join(', ')})`);
        io.out(`  đơn vị / units: −${comparison.units.removed.join(', ') || '∅'} +${comparison.units.added.join(', ') || '∅'}`);
        const p = comparison.predicted!;
        const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
        io.out(
          `  đúng hạn / on time: ${pct(p.onTimeRate.before)} → ${pct(p.onTimeRate.after)}  (${p.onTimeRate.difference >= 0 ? '+' : ''}${(p.onTimeRate.difference * 100).toFixed(1)} điểm, 95 %: ${(p.onTimeRate.interval.low * 100).toFixed(1)} … ${(p.onTimeRate.interval.high * 100).toFixed(1)})`,
        );
        const m = p.meanResolutionWorkingDays;
        io.out(`  thời gian TB / mean resolution: ${m.before.toFixed(2)} → ${m.after.toFixed(2)} ngày LV (${m.difference.toFixed(2)}, 95 %: ${m.interval.low.toFixed(2)} … ${m.interval.high.toFixed(2)})`);
        return 0;
      }
      case 'diagram': {
        if (!code) return fail('diagram needs a procedure code');
        io.out((await (await studio()).diagram(code, options.flags.get('--version'))).trimEnd());
        return 0;
      }
      default:
        return fail(`unknown studio command ${command}`);
    }
  } catch (error) {
    if (error instanceof MotcuaError) {
      io.err(`${error.code}: ${error.messageVi} / ${error.message}`);
      if (error.code === 'STUDIO_DRAFT_INVALID' && draft && code) for (const issue of (await studio()).checkDraft(code, draft).issues) io.err(formatIssue(issue));
      return 1;
    }
    throw error;
  }
}

function printMining(version: Awaited<ReturnType<StudioService['mine']>>[number], io: CommandIo): void {
  io.out(`${version.procedureCode} @ ${version.procedureVersion}: ${version.cases} hồ sơ, ${version.resolved} có kết quả, ${version.onTime} đúng hạn`);
  io.out('  Biến thể / variants:');
  for (const v of version.variants.slice(0, 10)) {
    io.out(`    ${String(v.cases).padStart(5)} (${(v.share * 100).toFixed(1)} %)  TB ${v.meanWorkingDays.toFixed(2)} ngày LV  ${variantKey(v.activities)}`);
  }
  io.out('  Vòng xử lý lại / rework loops:');
  for (const loop of version.loops) io.out(`    ${loop.state}: ${loop.cases} hồ sơ, ${loop.extraEntries} lần vào lại`);
  io.out('  Thời gian theo bước / time per step (working days):');
  for (const s of version.steps) {
    const budget = s.budgetWorkingDays === null ? '—' : String(s.budgetWorkingDays);
    io.out(`    ${s.state.padEnd(34)} TB ${s.meanWorkingDays.toFixed(2)}  p90 ${s.p90WorkingDays.toFixed(2)}  định mức ${budget}  vượt ${s.overBudget}/${s.visits}  mất ${s.lostWorkingDays.toFixed(1)}`);
  }
}

function printSimulation(result: SimulationResult, io: CommandIo): void {
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const r = result.resolutionWorkingDays;
  io.out(`${result.procedureCode} @ ${result.procedureVersion}: ${result.runs} lượt mô phỏng / runs, seed ${result.seed}`);
  io.out(`  Đúng hạn / on time: ${pct(result.onTimeRate)}  (95 %: ${pct(result.onTimeInterval.low)} … ${pct(result.onTimeInterval.high)}; Monte-Carlo alone ${pct(result.monteCarloInterval.low)} … ${pct(result.monteCarloInterval.high)})`);
  io.out(`  Thời gian giải quyết / resolution (working days): p50 ${r.p50.toFixed(2)}  p80 ${r.p80.toFixed(2)}  p90 ${r.p90.toFixed(2)}  p95 ${r.p95.toFixed(2)}  mean ${r.mean.toFixed(2)} ± ${(1.96 * r.meanStandardError).toFixed(2)}`);
  io.out('  Tải theo đơn vị / load per unit:');
  for (const u of result.units) {
    io.out(`    ${u.unit.padEnd(16)} ${u.workingDaysPerCase.toFixed(2)} ngày LV/hồ sơ${u.meanOpenCases === null ? '' : `, trung bình ${u.meanOpenCases.toFixed(1)} hồ sơ đang giữ`}`);
  }
  io.out('  Nguồn dữ liệu / sources:');
  for (const s of result.sources) io.out(`    ${s.state.padEnd(34)} thời gian: ${s.duration}${s.observations ? ` (${s.observations} quan sát)` : ''}, hướng đi: ${s.exits}`);
  for (const a of result.assumptions) io.out(`  Giả định / assumption: ${a}`);
}

/** Opens the configured database only when a command needs it, and closes it after. */
export async function openStudio(config: Config, work: (studio: () => Promise<StudioService>) => Promise<number>): Promise<number> {
  let db: ReturnType<typeof openDatabase> | undefined;
  const studio = async () => {
    db = openDatabase(databaseTargetFrom(config));
    await migrateToLatest(db);
    // As `motcua start`: definitions and drafts name the units this organisation loaded.
    const units = await loadUnitDirectory(db);
    const service = createStudioService({ db, catalogue: await loadCatalogue(proceduresDir, undefined, units), calendar: defaultCalendar, units });
    await service.load();
    return service;
  };
  let cached: Promise<StudioService> | undefined;
  try {
    return await work(() => (cached ??= studio()));
  } finally {
    await db?.destroy();
  }
}
