// WAL checkpoints off the request path: a file-backed server copies WAL frames from a worker thread,
// its own commits checkpoint only as the backstop (~64 MB of WAL), and nothing committed is lost.
import { afterEach, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/sandbox/store/sqlite.js';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/server.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function fileStore(): { store: Store; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'payctl-ckpt-'));
  const file = join(dir, 'sandbox.db');
  const store = openStore({ path: file });
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => store.close());
  return { store, file };
}

async function serve(store: Store): Promise<RunningSandbox> {
  const server = await startSandboxServer({ store, webhooks: { disabled: true } });
  cleanup.push(() => server.close());
  return server;
}

async function createCustomers(url: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/v1/customers`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_ckpt', 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': `ck-${i}` },
      body: `name=Customer%20${i}&email=c${i}%40example.com`,
    });
    expect(res.status).toBe(200);
  }
}

const walBytes = (file: string) => statSync(`${file}-wal`).size;
/** A WAL frame: 24-byte header + one 4 KiB page. */
const FRAME = 24 + 4096;

test('a memory store has no checkpoint worker', async () => {
  const store = openStore({ memory: true });
  cleanup.push(() => store.close());
  expect(store.startCheckpointer()).toBeUndefined();
  expect((await serve(store)).checkpointer).toBeUndefined();
});

test('the worker copies committed frames into the database file while the server runs', async () => {
  const { store } = fileStore();
  const server = await serve(store);
  await createCustomers(server.url, 30);
  await expect.poll(() => server.checkpointer!.runs(), { timeout: 5000 }).toBeGreaterThan(0);
  // Everything committed so far is in the main file: the worker's checkpoint caught up with the WAL.
  const r = await server.checkpointer!.checkpoint();
  expect(r.log).toBeGreaterThan(0);
  expect(r.checkpointed).toBe(r.log);
});

test('while the worker runs, commits checkpoint inline only past ~64 MB of WAL; after it stops, every ~16 MB again', async () => {
  const { store, file } = fileStore();
  // A worker that never gets to run: the WAL grows as far as the commits' own checkpoints let it.
  const worker = store.startCheckpointer({ intervalMs: 3_600_000 })!;
  cleanup.push(() => worker.close());
  const header = () => readFileSync(`${file}-wal`).subarray(12, 24).toString('hex');
  // Each transaction writes a ~12 KB object: several frames; 1,500 of them pass the 4,000 frames at which
  // a commit alone would checkpoint and the next would start the WAL over.
  const blob = 'x'.repeat(12_000);
  const write = (i: number) => store.transaction('acct_ckpt', (tx) => tx.insert('thing', { id: `thg_${i}`, object: 'thing', blob }));
  for (let i = 0; i < 1500; i++) write(i);
  expect(walBytes(file)).toBeGreaterThan(4500 * FRAME);
  await worker.close();
  // Stopped: the next commit (the WAL is past 4,000 frames) checkpoints inline, and the one after
  // starts the WAL over, which shows as a new checkpoint sequence number and salts in its header.
  const before = header();
  write(1500);
  write(1501);
  expect(header()).not.toBe(before);
});

test('data committed while the worker ran is all there after a reopen', async () => {
  const { store, file } = fileStore();
  const server = await serve(store);
  await createCustomers(server.url, 120);
  await server.close();
  store.close();
  const again = openStore({ path: file });
  cleanup.push(() => again.close());
  expect(again.stats().objects.customer).toBe(120);
});
