/** Runs a `motcua` sub-command function with captured output, as the CLI dispatcher would. */
export type CliCommand = (args: string[], io: { out: (s: string) => void; err: (s: string) => void }) => Promise<number>;

export async function runCliCommand(command: CliCommand, args: string[]): Promise<{ exitCode: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await command(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { exitCode, out: out.join('\n'), err: err.join('\n') };
}
