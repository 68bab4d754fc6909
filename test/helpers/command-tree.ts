// Every command path of payctl's tree (`['customers', 'list']`, …), built as main builds it, for tests
// that check something over the whole tree.
import type { Command } from 'commander';
import { buildProgram } from '../../src/main.js';
import { RunContext } from '../../src/commands/context-impl.js';
import { BufferStream, makeIO } from '../../src/factory.js';

export async function commandPaths(opts: { withRoot?: boolean } = {}): Promise<string[][]> {
  const io = makeIO({ stdout: new BufferStream(), stderr: new BufferStream(), stdin: { isTTY: false, readAll: async () => '' }, env: {} });
  const program = await buildProgram(new RunContext({ io, env: {}, now: () => new Date() }));
  const out: string[][] = opts.withRoot ? [[]] : [];
  const walk = (cmd: Command, path: string[]) => {
    for (const sub of cmd.commands) {
      out.push([...path, sub.name()]);
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(program, []);
  return out;
}
