/** Small statistics used by mining and simulation. Pure. */

/** Quantile with linear interpolation between order statistics (q in 0–1); NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  return quantileOfSorted(Float64Array.from(values).sort(), q);
}

export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = Math.min(Math.max(q, 0), 1) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

export interface Interval {
  low: number;
  high: number;
}

/** 95 % two-sided normal quantile. */
export const Z95 = 1.959963984540054;

/** Wilson score interval of a proportion (good near 0 and 1, unlike the normal approximation). */
export function wilsonInterval(successes: number, trials: number, z = Z95): Interval {
  if (trials === 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Two-sided 95 % quantile of Student's t with `df` degrees of freedom (Cornish–Fisher expansion; within 0.5 % for df ≥ 3). */
export function t95(df: number): number {
  const z = Z95;
  const z3 = z ** 3;
  const z5 = z ** 5;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) + (3 * z ** 7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}
