/**
 * The XES and OCEL exports, read by pm4py (installed from PyPI in a virtual environment by
 * infra/python/venv.sh): same cases, events, activities, and pm4py's variants equal motcua's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../src/calendar/index.js';
import { loadCatalogue } from '../../src/procedures/catalogue.js';
import { eventLogOf, type LogTrace } from '../../src/studio/event-log.js';
import { mineEventLog, variantKey } from '../../src/studio/mining.js';
import { toOcel } from '../../src/studio/ocel.js';
import { toXes } from '../../src/studio/xes.js';
import { exponential, officeInstant, playCase, seededRandom, walkPlan, workingDaysFrom } from '../support/synthetic-history.js';
import type { CaseEvent } from '../../src/cases/case-event.js';

const catalogue = await loadCatalogue();
const permit = catalogue.get('D7-XD-01')!.compiled;
const household = catalogue.get('D7-HKD-01')!.compiled;

/** 40 permits (site inspection or not, consultation or not, rework loops) and 15 household businesses. */
function history(): CaseEvent[] {
  const random = seededRandom(13);
  const days = workingDaysFrom(defaultCalendar, '2026-03-02', 60);
  const events: CaseEvent[] = [];
  const cases: Array<[typeof permit, number]> = [[permit, 40], [household, 15]];
  for (const [procedure, count] of cases) {
    for (let i = 0; i < count; i += 1) {
      const plan = walkPlan(procedure, {
        minutes: () => 30 + exponential(random, 600),
        exit: (_state, actions) => {
          if (actions.includes('return_for_rework') && random() < 0.3) return 'return_for_rework';
          const forward = actions.filter((a) => a !== 'return_for_rework' && a !== 'reject');
          return forward[Math.floor(random() * forward.length)]!;
        },
      });
      const receivedAt = officeInstant(defaultCalendar, days[Math.floor(random() * days.length)]!, random() * 480);
      const code = `${procedure.code}-${String(i).padStart(3, '0')}`;
      events.push(...playCase(procedure, code, i % 3 === 0 ? 'online' : 'desk', receivedAt, plan, defaultCalendar));
    }
  }
  return events;
}

function pythonWithPm4py(): string {
  return process.env.MOTCUA_PYTHON ?? execFileSync('bash', ['infra/python/venv.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

interface Pm4pyView {
  xes: { cases: number; events: number; activities: string[]; groups: string[]; variants: Record<string, number> };
  ocel: { events: number; activities: string[]; objectsByType: Record<string, number>; relations: number };
}

describe('event-log export read by pm4py', () => {
  const events = history();
  const traces: LogTrace[] = eventLogOf(events);
  const logEvents = traces.flatMap((t) => t.events);
  const activities = [...new Set(logEvents.map((e) => e.activity))].sort();
  let seen: Pm4pyView;

  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-export-'));
    writeFileSync(join(dir, 'log.xes'), toXes(traces));
    writeFileSync(join(dir, 'log.jsonocel'), JSON.stringify(toOcel(traces)));
    const out = execFileSync(pythonWithPm4py(), ['tests/studio/pm4py-read.py', join(dir, 'log.xes'), join(dir, 'log.jsonocel')], { encoding: 'utf8' });
    seen = JSON.parse(out) as Pm4pyView;
  }, 900_000);

  it('keeps one trace per case and only the activities people did', () => {
    expect(traces).toHaveLength(55);
    expect(activities).toContain('return_for_rework');
    expect(activities).toContain('land_answered');
    expect(activities).not.toContain('resolved');
    expect(logEvents.every((e) => e.group.length > 0 && e.resource.length > 0)).toBe(true);
  });

  it('pm4py reads the XES with the same cases, events, activities and units', () => {
    expect(seen.xes.cases).toBe(traces.length);
    expect(seen.xes.events).toBe(logEvents.length);
    expect(seen.xes.activities).toEqual(activities);
    expect(seen.xes.groups).toEqual([...new Set(logEvents.map((e) => e.group))].sort());
  });

  it("pm4py's variants equal motcua's own", () => {
    // motcua mines per procedure version; pm4py sees one log, so the same sequence in two procedures adds up.
    const ours: Record<string, number> = {};
    for (const variant of mineEventLog(defaultCalendar, traces).flatMap((version) => version.variants)) {
      const key = variantKey(variant.activities);
      ours[key] = (ours[key] ?? 0) + variant.cases;
    }
    expect(Object.keys(ours).length).toBeGreaterThan(5);
    expect(seen.xes.variants).toEqual(ours);
  });

  it('pm4py reads the OCEL 2.0 JSON with the same events, activities and objects', () => {
    expect(seen.ocel.events).toBe(logEvents.length);
    expect(seen.ocel.activities).toEqual(activities);
    expect(seen.ocel.objectsByType.dossier).toBe(traces.length);
    expect(seen.ocel.objectsByType.unit).toBe(new Set(logEvents.map((e) => e.group)).size);
    expect(seen.ocel.relations).toBe(2 * logEvents.length);
  });
});
