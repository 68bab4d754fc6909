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
