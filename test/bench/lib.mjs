// Shared by the benchmarks: where the built CLI is, and starting `payctl sandbox serve` on a free port.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = join(root, 'bin/payctl.js');
/** What a user runs: the launcher, which starts node from the startup snapshot when it can. */
export const launcher = join(root, 'bin/payctl');

/**
 * Starts `payctl sandbox serve --port 0 --data DATADIR` from the built bundle (or another build's
 * bin/payctl.js, for before/after runs); resolves with its URL
 * (read from the "listening on" line) and the child process once it listens.
 */
export function startServer(env, dataDir, cli = bin) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'sandbox', 'serve', '--port', '0', '--data', dataDir], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.on('exit', (code) => reject(new Error(`sandbox serve exited ${code}`)));
  });
}
