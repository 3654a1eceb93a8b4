/**
 * IEEE 1849-2016 XES text of an event log, with the standard extensions: concept:name,
 * time:timestamp, lifecycle:transition, org:resource, org:group (the unit). The trace's
 * concept:name is the dossier code (tools show it as case:concept:name). Pure.
 */
import type { LogTrace } from './event-log.js';

const escapeXml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

const attribute = (kind: 'string' | 'date', key: string, value: string): string => `<${kind} key="${key}" value="${escapeXml(value)}"/>`;

export function toXes(traces: readonly LogTrace[]): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<log xes.version="1849-2016" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">',
    '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>',
    '  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>',
    '  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>',
    '  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>',
    '  <global scope="trace">',
    `    ${attribute('string', 'concept:name', '')}`,
    '  </global>',
    '  <global scope="event">',
    `    ${attribute('string', 'concept:name', '')}`,
    `    ${attribute('date', 'time:timestamp', '1970-01-01T00:00:00.000Z')}`,
    `    ${attribute('string', 'lifecycle:transition', 'complete')}`,
    '  </global>',
    '  <classifier name="Activity" keys="concept:name"/>',
    `  ${attribute('string', 'concept:name', 'motcua')}`,
  ];
  for (const trace of traces) {
    lines.push('  <trace>');
    lines.push(`    ${attribute('string', 'concept:name', trace.caseCode)}`);
    lines.push(`    ${attribute('string', 'motcua:procedure', trace.procedureCode)}`);
    lines.push(`    ${attribute('string', 'motcua:version', trace.procedureVersion)}`);
    lines.push(`    ${attribute('string', 'motcua:channel', trace.channel)}`);
    if (trace.timeliness) lines.push(`    ${attribute('string', 'motcua:timeliness', trace.timeliness)}`);
    for (const event of trace.events) {
      lines.push('    <event>');
      lines.push(`      ${attribute('string', 'concept:name', event.activity)}`);
      lines.push(`      ${attribute('date', 'time:timestamp', event.at)}`);
      lines.push(`      ${attribute('string', 'lifecycle:transition', 'complete')}`);
      lines.push(`      ${attribute('string', 'org:resource', event.resource)}`);
      lines.push(`      ${attribute('string', 'org:group', event.group)}`);
      if (event.toState) lines.push(`      ${attribute('string', 'motcua:state', event.toState)}`);
      lines.push('    </event>');
    }
    lines.push('  </trace>');
  }
  lines.push('</log>');
  return `${lines.join('\n')}\n`;
}
