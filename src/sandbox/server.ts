// Binds the sandbox app to a loopback HTTP server (keep-alive). The caller owns the store.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandboxApp, type FaultOptions } from './app.js';
import type { Store } from './store/sqlite.js';
import type { DeliveryWorker, WebhookOptions } from './webhooks/worker.js';
import type { Checkpointer } from './store/checkpointer.js';

export type { FaultOptions } from './app.js';

export interface RunningSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
  /** The webhook delivery worker (tests wait on `idle()`). */
  webhooks?: DeliveryWorker;
  /** The WAL checkpoint worker of a file-backed store (store/checkpointer.ts). */
  checkpointer?: Checkpointer;
}

export async function startSandboxServer(opts: {
  host?: string;
  port?: number;
  store: Store;
  faults?: FaultOptions;
  log?: (line: string) => void;
  /** The webhook delivery worker runs by default in a server; `{ disabled: true }` turns it off. */
  webhooks?: WebhookOptions;
}): Promise<RunningSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const app = createSandboxApp({ store: opts.store, faults: opts.faults, log: opts.log, webhooks: opts.webhooks ?? {} });
  // WAL checkpoints run beside the requests, not inside one's commit (store/checkpointer.ts).
  const checkpointer = opts.store.startCheckpointer({ onError: (err) => opts.log?.(`sandbox: checkpoint worker failed, checkpointing inline: ${err.message}`) });
  const server = createServer({ keepAlive: true }, app.handle);
  server.keepAliveTimeout = 30_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await checkpointer?.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    webhooks: app.webhooks,
    checkpointer,
    close() {
      closing ??= new Promise<void>((resolve) => {
        app.close();
        server.close(() => resolve());
        // Idle keep-alive sockets would hold close() open for keepAliveTimeout.
        server.closeAllConnections();
      }).then(() => checkpointer?.close());
      return closing;
    },
  };
}
