/**
 * A procedure version as an SVG diagram: states laid out by ELK (layered, left to right), each
 * unit in its own colour, budgets on the steps, the generated paths (supplement, rejection,
 * postal return, refusal) drawn thin and grey, and the open cases per state with the overdue
 * ones in red. The layout is computed by elkjs; the SVG is written here, server-side. Pure apart
 * from elkjs's promise (no I/O).
 */
import elkBundled from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { Period } from '../calendar/period.js';
import type { CompiledProcedure, StateInfo } from '../procedures/compiled-procedure.js';
import type { MachineStateNode } from '../procedures/machine-builder.js';
import { workingParts, topState } from './event-log.js';
import type { OpenCount } from './studio-store.js';

// elkjs is CommonJS: under NodeNext its default import is module.exports (the constructor at run time).
type ElkConstructor = new () => { layout(graph: ElkNode): Promise<ElkNode> };
const Elk = ((elkBundled as unknown as { default?: ElkConstructor }).default ?? elkBundled) as unknown as ElkConstructor;
const elk = new Elk();

/** Actions on the generated paths: drawn quiet. */
const QUIET_ACTIONS = new Set([
  'request_supplement',
  'supplement_completed',
  'supplement_window_expired',
  'reject',
  'refuse',
  'consign_to_post',
  'delivered',
  'delivery_failed',
  'collect_at_desk',
]);
/** Withdrawal is possible from every state until the result: one note in the legend instead of an edge from each. */
const OMITTED_ACTIONS = new Set(['withdraw']);

const PALETTE = ['#1f77b4', '#2ca02c', '#9467bd', '#d62728', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#bcbd22', '#7f7f7f'];
const QUIET = '#9aa0a6';
const NODE_WIDTH = 220;
const NODE_HEIGHT = 70;

type Machine = { initial: string; states: Record<string, MachineStateNode> };

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function formatBudget(budget: Period | undefined): string {
  if (!budget) return '';
  const unit = { 'working-days': 'ngày làm việc', 'working-hours': 'giờ làm việc', 'same-day': 'trong ngày', 'calendar-days': 'ngày' }[budget.unit];
  return budget.unit === 'same-day' ? unit : `≤ ${budget.amount} ${unit}`;
}

/** Main path: receipt, the designer's steps, the approved result and its return at the desk. */
function isQuietState(info: StateInfo): boolean {
  if (info.kind === 'step') return false;
  if (info.kind === 'resolution') return info.outcome !== 'approved';
  return info.path !== 'approved_closed';
}

export interface DiagramCounts {
  open: number;
  overdue: number;
}

/** Open cases per diagram node: a parallel state counts for its step and for each region still working. */
export function countsByNode(counts: readonly OpenCount[]): Map<string, DiagramCounts> {
  const byNode = new Map<string, DiagramCounts>();
  const add = (node: string, count: OpenCount) => {
    const entry = byNode.get(node) ?? { open: 0, overdue: 0 };
    entry.open += count.open;
    entry.overdue += count.overdue;
    byNode.set(node, entry);
  };
  for (const count of counts) {
    const top = topState(count.state);
    if (top) add(top, count);
    for (const part of workingParts(count.state)) if (part !== top) add(part, count);
  }
  return byNode;
}

export async function procedureDiagramSvg(procedure: CompiledProcedure, counts: readonly OpenCount[] = []): Promise<string> {
  const machine = procedure.machine as Machine;
  const units = [...new Set(Object.values(procedure.states).filter((s) => s.kind === 'step').map((s) => s.unit))].sort();
  const colourOf = new Map(units.map((unit, i) => [unit, PALETTE[i % PALETTE.length]!]));
  const live = countsByNode(counts);

  const edges: ElkExtendedEdge[] = [];
  const edgeInfo = new Map<string, { label: string; quiet: boolean }>();
  const children: ElkNode[] = Object.entries(machine.states).map(([key, node]) => {
    const regions = Object.keys(node.type === 'parallel' ? (node.states ?? {}) : {});
    for (const [action, transition] of Object.entries(node.on ?? {})) {
      if (!('target' in transition) || OMITTED_ACTIONS.has(action)) continue;
      addEdge(key, transition.target, procedure.actions[action]?.labelVi ?? action, QUIET_ACTIONS.has(action) || isQuietState(procedure.states[key]!));
    }
    if (node.onDone) addEdge(key, node.onDone.target, 'Đủ ý kiến', false);
    if (regions.length === 0) return { id: key, width: NODE_WIDTH, height: NODE_HEIGHT };
    return {
      id: key,
      layoutOptions: { 'elk.padding': '[top=68,left=12,bottom=12,right=12]', 'elk.direction': 'DOWN' },
      children: regions.map((region) => ({ id: `${key}.${region}`, width: NODE_WIDTH, height: NODE_HEIGHT })),
    };
  });

  function addEdge(source: string, target: string, label: string, quiet: boolean): void {
    const id = `e${edges.length}`;
    const text = label.length > 28 ? `${label.slice(0, 27)}…` : label;
    edges.push({ id, sources: [source], targets: [target], labels: quiet ? [] : [{ text, width: text.length * 6.2, height: 14 }] });
    edgeInfo.set(id, { label: text, quiet });
  }

  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '28',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children,
    edges,
  });

  const legendHeight = 30 + 18 * Math.ceil((units.length + 3) / 3);
  const width = Math.ceil((graph.width ?? 0) + 40);
  const height = Math.ceil((graph.height ?? 0) + 60 + legendHeight);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-label="${escapeXml(`${procedure.code} ${procedure.nameVi}`)}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker>',
    `<marker id="arrow-quiet" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${QUIET}"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="20" y="26" font-size="16" font-weight="600">${escapeXml(`${procedure.code} — ${procedure.nameVi}`)}</text>`,
    `<text x="20" y="44" fill="#555">${escapeXml(`phiên bản ${procedure.version} · thời hạn ${formatBudget(procedure.period).replace('≤ ', '')} · ${procedure.nameEn}`)}</text>`,
    '<g transform="translate(20,60)">',
  ];
  for (const edge of graph.edges ?? []) {
    const info = edgeInfo.get(edge.id)!;
    for (const section of edge.sections ?? []) {
      const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
      const style = info.quiet ? `stroke="${QUIET}" stroke-width="1" stroke-dasharray="4 3" marker-end="url(#arrow-quiet)"` : 'stroke="#444" stroke-width="1.6" marker-end="url(#arrow)"';
      out.push(`<polyline class="edge${info.quiet ? ' quiet' : ''}" fill="none" points="${points}" ${style}/>`);
    }
    for (const label of edge.labels ?? []) {
      out.push(`<text class="edge-label" x="${(label.x ?? 0).toFixed(1)}" y="${((label.y ?? 0) + 11).toFixed(1)}" fill="#333" font-size="11">${escapeXml(label.text ?? '')}</text>`);
    }
  }
  for (const node of graph.children ?? []) drawNode(node, 0, 0);
  out.push('</g>');

  // Legend: units by colour, then the quiet paths and the counts.
  const legendY = (graph.height ?? 0) + 80;
  const legend = [
    ...units.map((unit) => ({ colour: colourOf.get(unit)!, text: unit })),
    { colour: QUIET, text: 'đường sinh tự động (bổ sung, từ chối, bưu chính) / generated paths' },
    { colour: '#c5221f', text: 'hồ sơ quá hạn / overdue' },
    { colour: '#fff', text: 'rút hồ sơ: mọi bước / withdrawal: from every step' },
  ];
  legend.forEach((item, i) => {
    const x = 20 + (i % 3) * 330;
    const y = legendY + Math.floor(i / 3) * 18;
    out.push(`<rect x="${x}" y="${y - 10}" width="12" height="12" fill="${item.colour}" stroke="#888"/><text x="${x + 18}" y="${y}">${escapeXml(item.text)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;

  function drawNode(node: ElkNode, offsetX: number, offsetY: number): void {
    const info = procedure.states[node.id]!;
    const x = offsetX + (node.x ?? 0);
    const y = offsetY + (node.y ?? 0);
    const w = node.width ?? NODE_WIDTH;
    const h = node.height ?? NODE_HEIGHT;
    const quiet = isQuietState(info);
    const colour = quiet ? QUIET : (colourOf.get(info.unit) ?? '#555');
    const fill = quiet ? '#f6f7f8' : `${colour}1a`;
    const dash = quiet ? ' stroke-dasharray="4 3"' : '';
    const classes = ['state', info.kind, quiet ? 'quiet' : 'main'].join(' ');
    out.push(`<g class="${classes}" data-state="${escapeXml(node.id)}" data-unit="${escapeXml(info.unit)}">`);
    out.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="8" fill="${fill}" stroke="${colour}" stroke-width="${quiet ? 1 : 2}"${dash}/>`);
    const label = info.labelVi.length > 34 ? `${info.labelVi.slice(0, 33)}…` : info.labelVi;
    out.push(`<text x="${x + 10}" y="${y + 20}" font-weight="${quiet ? 400 : 600}" fill="${quiet ? '#666' : '#111'}">${escapeXml(label)}</text>`);
    out.push(`<text x="${x + 10}" y="${y + 38}" fill="${colour}">${escapeXml(info.unit)}</text>`);
    const budget = formatBudget(info.budget);
    if (budget) out.push(`<text class="budget" x="${x + 10}" y="${y + 56}" fill="#333">${escapeXml(budget)}</text>`);
    const count = live.get(node.id);
    if (count && count.open > 0) {
      const overdue = count.overdue > 0;
      out.push(
        `<g class="open-count${overdue ? ' overdue' : ''}"><rect x="${x + w - 84}" y="${y - 12}" width="80" height="20" rx="10" fill="${overdue ? '#c5221f' : '#1a73e8'}"/>` +
          `<text x="${x + w - 44}" y="${y + 2}" text-anchor="middle" fill="#fff" font-size="11">${count.open} mở${overdue ? ` · ${count.overdue} trễ` : ''}</text></g>`,
      );
    }
    out.push('</g>');
    for (const child of node.children ?? []) drawNode(child, x, y);
  }
}
