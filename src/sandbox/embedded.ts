// The embedded sandbox the CLI starts per command when no API key is configured: the persistent
// data file under the user's data dir, served on an ephemeral loopback port inside this process.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The fixed local key: embedded state belongs to this one account, so it carries across CLI runs. */
export const EMBEDDED_API_KEY = 'sk_test_sandbox_embedded';
export const SANDBOX_DB_FILE = 'sandbox.db';

/** `$XDG_DATA_HOME/payctl`, else `~/.local/share/payctl`. */
export function sandboxDataDir(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env.XDG_DATA_HOME;
  if (xdg && xdg.startsWith('/')) return join(xdg, 'payctl');
  return join(env.HOME || homedir(), '.local', 'share', 'payctl');
}

export function sandboxDbPath(dataDir: string): string {
  return join(dataDir, SANDBOX_DB_FILE);
}

export async function startEmbeddedSandbox(opts: { dataDir: string }): Promise<{ url: string; apiKey: string; close(): Promise<void> }> {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  // Imported here so commands that never touch the sandbox do not load SQLite.
  const [{ openStore }, { startSandboxServer }] = await Promise.all([import('./store/sqlite.js'), import('./server.js')]);
  const store = openStore({ path: sandboxDbPath(opts.dataDir) });
  try {
    // A per-command process only queues webhook deliveries (they would be cut off at exit):
    // `sandbox serve` or `listen` on the same data file sends them.
    const server = await startSandboxServer({ store, webhooks: { disabled: true } });
    return {
      url: server.url,
      apiKey: EMBEDDED_API_KEY,
      async close() {
        await server.close();
        store.close();
      },
    };
  } catch (err) {
    store.close();
    throw err;
  }
}
