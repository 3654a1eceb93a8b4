/** Measuring helpers shared by the benches: percentiles and what /proc says about a process. */
import { readdirSync, readFileSync } from 'node:fs';

/** Nearest-rank percentile (p in 0–100); NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The fields of a /proc/…/stat line after the command name. */
export const statFields = (text: string) => text.slice(text.lastIndexOf(')') + 2).split(' ');

export const readOr = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process or thread went away while we looked
  }
};

/** The Temporal dev server is a child of this process (the SDK's core spawns it). */
export function findServerPid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOr(`/proc/${entry}/stat`);
    if (!stat) continue;
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    if (Number(statFields(stat)[1]) === process.pid && comm.startsWith('temporal')) return Number(entry);
  }
  return undefined;
}

/** A process's resident memory now (VmRSS) or at its peak (VmHWM), in MiB; NaN once it is gone. */
export function processMemoryMiB(pid: number | undefined, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = pid === undefined ? undefined : readOr(`/proc/${pid}/status`);
  const match = status ? new RegExp(`${field}:\\s+(\\d+) kB`).exec(status) : null;
  return match ? Number(match[1]) / 1024 : NaN;
}
