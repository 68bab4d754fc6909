// `payctl webhook-endpoints …`: create shows the signing secret once; update, disable, list, delete.
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/account.js';

const { account } = useSandbox();

describe('payctl webhook-endpoints', () => {
  it('creates, gets, updates, disables, lists and deletes', async () => {
    const a = account();
    const ep = await a.ok(['webhook-endpoints', 'create', '--url', 'https://example.com/hook', '--events', 'charge.succeeded, charge.refunded', '--description', 'shop', '--metadata', 'team=pay']);
    expect(ep).toMatchObject({ object: 'webhook_endpoint', url: 'https://example.com/hook', enabled_events: ['charge.succeeded', 'charge.refunded'], description: 'shop', metadata: { team: 'pay' }, status: 'enabled' });
    expect(ep.secret).toMatch(/^whsec_/);
    const got = await a.ok(['webhook-endpoints', 'get', ep.id]);
    expect(got.secret).toBeUndefined();
    const upd = await a.ok(['webhook-endpoints', 'update', ep.id, '--events', '*', '--disable']);
    expect(upd).toMatchObject({ enabled_events: ['*'], status: 'disabled' });
    expect((await a.ok(['webhook-endpoints', 'update', ep.id, '--enable'])).status).toBe('enabled');
    const list = await a.ok(['webhook-endpoints', 'list']);
    expect(list.map((e: { id: string }) => e.id)).toEqual([ep.id]);
    const table = await a.cli(['webhook-endpoints', 'list'], { tty: true, columns: 120 });
    expect(table.stdout).toMatch(/^ID +STATUS +URL +EVENTS +CREATED$/m);
    expect(table.stdout).toContain('https://example.com/hook');
    await a.needsConfirmation(['webhook-endpoints', 'delete', ep.id]);
    expect(await a.ok(['webhook-endpoints', 'delete', ep.id, '--yes'])).toEqual({ id: ep.id, object: 'webhook_endpoint', deleted: true });
    expect(await a.ok(['webhook-endpoints', 'list'])).toEqual([]);
  });

  it('shows the secret in the create detail view on a terminal', async () => {
    const r = await account().cli(['webhook-endpoints', 'create', '--url', 'http://127.0.0.1:3000/webhook', '--events', '*'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Signing secret +whsec_[A-Za-z0-9]{32}$/m);
    expect(r.stderr).toContain('the signing secret is shown only now');
  });

  it.each([
    [['webhook-endpoints', 'create', '--url', 'https://example.com/x'], 'missing required flag: --events'],
    [['webhook-endpoints', 'create'], 'missing required flags: --url, --events'],
    [['webhook-endpoints', 'create', '--url', 'mailto:x@example.com', '--events', '*'], 'invalid --url "mailto:x@example.com": use an http(s) URL'],
    [['webhook-endpoints', 'create', '--url', 'https://example.com/x', '--events', 'charge succeeded'], 'invalid --events "charge succeeded"'],
    [['webhook-endpoints', 'update', 'we_123'], 'nothing to update'],
    [['webhook-endpoints', 'update', 'we_123', '--enable', '--disable'], 'use only one of --disable and --enable'],
    [['webhook-endpoints', 'get', 'cus_123'], 'is not a webhook endpoint id'],
  ])('%j is a usage error', async (argv, message) => {
    await account().usageError(argv, message);
  });
});

describe('embedded sandbox deliveries', () => {
  it('a per-command run only queues deliveries; a server on the same data file sends them', async () => {
    const { tempHome, runCli } = await import('../helpers/cli.js');
    const { startReceiver } = await import('../helpers/receiver.js');
    const { openStore } = await import('../../src/sandbox/store/sqlite.js');
    const { startSandboxServer } = await import('../../src/sandbox/server.js');
    const { sandboxDataDir, sandboxDbPath } = await import('../../src/sandbox/embedded.js');
    const h = tempHome();
    const rx = await startReceiver();
    try {
      const env = { ...h.env, PAYCTL_API_KEY: undefined };
      expect((await runCli(['webhook-endpoints', 'create', '--url', rx.url, '--events', 'customer.created'], { env })).code).toBe(0);
      expect((await runCli(['customers', 'create', '--email', 'ada@example.com'], { env })).code).toBe(0);
      await new Promise((r) => setTimeout(r, 200));
      expect(rx.deliveries).toHaveLength(0);
      const store = openStore({ path: sandboxDbPath(sandboxDataDir(h.env)) });
      expect(store.outbox.pending()).toBe(1);
      const server = await startSandboxServer({ store, webhooks: { pollMs: 50 } });
      await rx.waitFor(1);
      await server.webhooks!.idle();
      expect(store.outbox.pending()).toBe(0);
      await server.close();
      store.close();
      expect(JSON.parse(rx.deliveries[0]!.body).type).toBe('customer.created');
    } finally {
      await rx.close();
      h.cleanup();
    }
  });
});
