// Drives one payctl process in a real pseudo-terminal (node-pty): wait for text on screen, then type.
import * as pty from 'node-pty';
import { BIN } from './spawn.js';

export interface PtySession {
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  type(s: string): void;
  /** What is on screen so far, without cursor and colour escape sequences. */
  screen(): string;
  exited: Promise<number>;
}

export function ptySession(args: string[], env: Record<string, string>, size: { cols?: number; rows?: number } = {}): PtySession {
  const term = pty.spawn(process.execPath, [BIN, ...args], { name: 'xterm-256color', cols: size.cols ?? 100, rows: size.rows ?? 30, env: { ...env, TERM: 'xterm-256color' } });
  let screen = '';
  const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
  term.onData((d) => (screen += d));
  const plain = () => screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  return {
    async waitFor(text: string | RegExp, timeoutMs = 10_000): Promise<void> {
      const start = Date.now();
      while (!(typeof text === 'string' ? plain().includes(text) : text.test(plain()))) {
        if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${String(text)}; screen:\n${plain()}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    type(s: string) {
      term.write(s);
    },
    screen: plain,
    exited,
  };
}
