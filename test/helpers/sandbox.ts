// Test helpers: a fresh in-memory sandbox on 127.0.0.1:0, and a fresh API key (= a fresh account).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { openStore, type Store } from '../../src/sandbox/store/sqlite.js';
import { startSandboxServer, type FaultOptions } from '../../src/sandbox/server.js';

export interface TestSandbox {
  url: string;
  port: number;
  store: Store;
  close(): Promise<void>;
}

export async function startTestSandbox(opts: { faults?: FaultOptions } = {}): Promise<TestSandbox> {
  const store = openStore({ memory: true });
  // Unexpected handler exceptions become 500s; show their stacks in the test output.
  const server = await startSandboxServer({ store, faults: opts.faults, log: (line) => console.error(line) });
  return {
    url: server.url,
    port: server.port,
    store,
    async close() {
      await server.close();
      store.close();
    },
  };
}

/** A new `sk_test_…` key each call: every key is its own isolated sandbox account. */
export function newTestKey(): string {
  return `sk_test_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
}

/**
 * Starts a sandbox before this file's tests and closes it after them (registers beforeAll/afterAll).
 * The returned value reads through to the running sandbox, so it can be handed to helpers at load time.
 */
export function useTestSandbox(opts: { faults?: FaultOptions } = {}): TestSandbox {
  let current: TestSandbox | undefined;
  beforeAll(async () => {
    current = await startTestSandbox(opts);
  });
  afterAll(async () => {
    await current?.close();
  });
  const running = (): TestSandbox => {
    if (!current) throw new Error('the test sandbox is not running: use it inside a test or hook');
    return current;
  };
  return {
    get url() {
      return running().url;
    },
    get port() {
      return running().port;
    },
    get store() {
      return running().store;
    },
    close: () => running().close(),
  };
}
