/**
 * OCEL 2.0 (JSON) of an event log. Objects: each dossier (type `dossier`, its code) and each unit
 * (type `unit`); every event relates to its dossier (qualifier `case`) and to the unit that held
 * it (qualifier `org:group`). Event attributes carry the standard org:resource, org:group and
 * lifecycle:transition. Pure.
 */
import type { LogTrace } from './event-log.js';

interface OcelAttributeType {
  name: string;
  type: 'string' | 'time' | 'integer' | 'float' | 'boolean';
}

export interface Ocel {
  objectTypes: Array<{ name: string; attributes: OcelAttributeType[] }>;
  eventTypes: Array<{ name: string; attributes: OcelAttributeType[] }>;
  objects: Array<{
    id: string;
    type: string;
    attributes: Array<{ name: string; time: string; value: string }>;
    relationships: Array<{ objectId: string; qualifier: string }>;
  }>;
  events: Array<{
    id: string;
    type: string;
    time: string;
    attributes: Array<{ name: string; value: string }>;
    relationships: Array<{ objectId: string; qualifier: string }>;
  }>;
}

export const DOSSIER_OBJECT_TYPE = 'dossier';
export const UNIT_OBJECT_TYPE = 'unit';

const EVENT_ATTRIBUTES: OcelAttributeType[] = [
  { name: 'lifecycle:transition', type: 'string' },
  { name: 'org:resource', type: 'string' },
  { name: 'org:group', type: 'string' },
];

export function toOcel(traces: readonly LogTrace[]): Ocel {
  const activities = new Set<string>();
  const units = new Set<string>();
  const events: Ocel['events'] = [];
  for (const trace of traces) {
    for (const event of trace.events) {
      activities.add(event.activity);
      units.add(event.group);
      events.push({
        id: event.id,
        type: event.activity,
        time: event.at,
        attributes: [
          { name: 'lifecycle:transition', value: 'complete' },
          { name: 'org:resource', value: event.resource },
          { name: 'org:group', value: event.group },
        ],
        relationships: [
          { objectId: trace.caseCode, qualifier: 'case' },
          { objectId: `unit:${event.group}`, qualifier: 'org:group' },
        ],
      });
    }
  }
  const dossiers: Ocel['objects'] = traces.map((trace) => ({
    id: trace.caseCode,
    type: DOSSIER_OBJECT_TYPE,
    attributes: [
      { name: 'procedure', time: trace.receivedAt, value: trace.procedureCode },
      { name: 'version', time: trace.receivedAt, value: trace.procedureVersion },
      { name: 'channel', time: trace.receivedAt, value: trace.channel },
    ],
    relationships: [],
  }));
  const unitObjects: Ocel['objects'] = [...units].sort().map((unit) => ({ id: `unit:${unit}`, type: UNIT_OBJECT_TYPE, attributes: [], relationships: [] }));
  return {
    objectTypes: [
      {
        name: DOSSIER_OBJECT_TYPE,
        attributes: [
          { name: 'procedure', type: 'string' },
          { name: 'version', type: 'string' },
          { name: 'channel', type: 'string' },
        ],
      },
      { name: UNIT_OBJECT_TYPE, attributes: [] },
    ],
    eventTypes: [...activities].sort().map((name) => ({ name, attributes: EVENT_ATTRIBUTES })),
    objects: [...dossiers, ...unitObjects],
    events,
  };
}
