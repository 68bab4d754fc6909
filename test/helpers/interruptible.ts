// Runs a long-running payctl command (events tail, listen) in-process with a Ctrl-C the test can press.
import { run } from '../../src/main.js';
import { BufferStream, makeIO } from '../../src/factory.js';

export function runInterruptible(argv: string[], env: Record<string, string | undefined>) {
  const stdout = new BufferStream(false);
  const stderr = new BufferStream(false);
  const fullEnv = { NO_COLOR: '1', ...env };
  const io = makeIO({ stdout, stderr, stdin: { isTTY: false, readAll: async () => '' }, env: fullEnv });
  const handlers = new Set<() => void>();
  const done = run(argv, {
    io,
    env: fullEnv,
    now: () => new Date(),
    onInterrupt: (h) => {
      handlers.add(h);
      return () => void handlers.delete(h);
    },
  });
  return {
    stdout,
    stderr,
    done,
    /** Presses Ctrl-C: resolves once the command's handler is installed and has been called. */
    async interrupt(): Promise<number> {
      while (handlers.size === 0) await new Promise((r) => setTimeout(r, 10));
      for (const h of [...handlers]) h();
      return done;
    },
    /** Resolves when stdout holds at least n lines. */
    async lines(n: number, timeoutMs = 20_000): Promise<string[]> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const lines = stdout.text.split('\n').filter(Boolean);
        if (lines.length >= n) return lines;
        if (Date.now() > end) throw new Error(`only ${lines.length} of ${n} lines; stderr: ${stderr.text}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
