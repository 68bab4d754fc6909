// Long-running commands (events tail, listen) stop cleanly on Ctrl-C: the Factory's onInterrupt
// handler aborts a signal the command's loop watches, and the command then tidies up and returns.
import type { CommandContext } from './context.js';

export function interruptSignal(ctx: CommandContext): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const dispose = ctx.f.onInterrupt ? ctx.f.onInterrupt(() => controller.abort()) : () => {};
  return { signal: controller.signal, dispose };
}
