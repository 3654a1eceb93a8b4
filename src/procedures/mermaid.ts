/**
 * Mermaid `stateDiagram-v2` text of a compiled machine, for `motcua procedures graph`.
 * State ids are paths with dots turned into underscores (Mermaid ids are global);
 * the targetless `issue_apology` is left out of the picture and named in a comment.
 */
import type { CompiledProcedure } from './compiled-procedure.js';
import type { MachineStateNode } from './machine-builder.js';

const mermaidId = (path: string): string => path.replace(/\./g, '_');
const quote = (label: string): string => label.replace(/"/g, "'");

export function procedureToMermaid(compiled: CompiledProcedure): string {
  const machine = compiled.machine as { initial: string; states: Record<string, MachineStateNode> };
  const lines = [
    '---',
    `title: ${compiled.code} ${compiled.nameVi} (${compiled.version})`,
    '---',
    'stateDiagram-v2',
    '  %% issue_apology (phiếu xin lỗi) is available in every step state and keeps the state.',
  ];
  renderChildren(compiled, machine.states, machine.initial, '', false, '  ', lines);
  return lines.join('\n');
}

function renderChildren(
  compiled: CompiledProcedure,
  states: Record<string, MachineStateNode>,
  initial: string | undefined,
  parentPath: string,
  parallel: boolean,
  indent: string,
  lines: string[],
): void {
  const pathOf = (key: string) => (parentPath ? `${parentPath}.${key}` : key);
  if (initial) lines.push(`${indent}[*] --> ${mermaidId(pathOf(initial))}`);
  Object.entries(states).forEach(([key, node], index) => {
    const id = mermaidId(pathOf(key));
    if (parallel && index > 0) lines.push(`${indent}--`);
    lines.push(`${indent}state "${quote(compiled.states[pathOf(key)]!.labelVi)}" as ${id}`);
    if (node.states) {
      lines.push(`${indent}state ${id} {`);
      renderChildren(compiled, node.states, node.initial, pathOf(key), node.type === 'parallel', `${indent}  `, lines);
      lines.push(`${indent}}`);
    }
    for (const [event, transition] of Object.entries(node.on ?? {})) {
      if ('target' in transition) lines.push(`${indent}${id} --> ${mermaidId(pathOf(transition.target))} : ${event}`);
    }
    if (node.onDone) lines.push(`${indent}${id} --> ${mermaidId(pathOf(node.onDone.target))} : all done`);
    if (node.type === 'final') lines.push(`${indent}${id} --> [*]`);
  });
}
