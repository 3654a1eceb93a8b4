/**
 * Versions of one procedure by effective date (pure). A version is in force on the days
 * [effectiveFrom, effectiveTo) in +07:00; a missing bound is open. A case takes the version in
 * force at its lawful submission instant and keeps it for its whole life.
 */
export interface EffectiveRange {
  effectiveFrom?: string | undefined;
  effectiveTo?: string | undefined;
}

/** The +07:00 calendar day of an instant, YYYY-MM-DD (dates in the law are Vietnamese dates). */
export function vietnamDay(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export function isInForce(range: EffectiveRange, instant: Date): boolean {
  const day = vietnamDay(instant);
  return (range.effectiveFrom === undefined || range.effectiveFrom <= day) && (range.effectiveTo === undefined || day < range.effectiveTo);
}

/** The version in force at `instant`, or undefined when none is (before the first, after the last). */
export function versionInForce<T>(versions: readonly T[], instant: Date, range: (version: T) => EffectiveRange): T | undefined {
  return versions.find((version) => isInForce(range(version), instant));
}

/** The newest version: the one with the latest effectiveFrom (a version without one counts as the oldest). */
export function latestVersion<T>(versions: readonly T[], range: (version: T) => EffectiveRange): T | undefined {
  return versions.reduce<T | undefined>((latest, version) => {
    if (latest === undefined) return version;
    return (range(version).effectiveFrom ?? '') > (range(latest).effectiveFrom ?? '') ? version : latest;
  }, undefined);
}
