// The official Stripe CLI (Go binary, `--api-base`) runs real flows against the sandbox offline.
// The binary comes from the npm registry on first use; where it cannot (offline, another platform),
// these tests skip with the reason, in the reporter and on stderr, and the rest of the suite runs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newTestKey, startTestSandbox } from '../helpers/sandbox.js';
import { ensureStripeCli, stripeCli, type StripeCli } from '../helpers/stripe-cli.js';

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let cli: StripeCli;
beforeAll(async () => {
  cli = ensureStripeCli();
  if (cli.unavailable) console.warn(`SKIPPED official Stripe CLI conformance: ${cli.unavailable}`);
  sandbox = await startTestSandbox();
}, 300_000);
afterAll(async () => {
  await sandbox.close();
});
beforeEach((ctx) => {
  if (cli.unavailable) ctx.skip(cli.unavailable);
});

describe('official Stripe CLI against the sandbox', () => {
  it('customer → payment → refund → balance, with idempotent replays', async () => {
    const key = newTestKey();
    const run = (args: string[]) => stripeCli(args, sandbox.url, key);

    const cus = await run(['customers', 'create', '--name', 'Ada', '--email', 'ada@example.com']);
    expect(cus.code).toBe(0);
    expect(cus.json).toMatchObject({ object: 'customer', name: 'Ada', email: 'ada@example.com' });

    const pi = await run([
      'payment_intents', 'create', '--amount', '2000', '--currency', 'usd', '--customer', cus.json.id,
      '--payment-method', 'pm_card_visa', '--confirm=true',
      '-d', 'automatic_payment_methods[enabled]=true', '-d', 'automatic_payment_methods[allow_redirects]=never',
    ]);
    expect(pi.json).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount_received: 2000 });

    const refund = await run(['refunds', 'create', '--payment-intent', pi.json.id, '--amount', '500', '--idempotency', 'cli-refund-1']);
    expect(refund.json).toMatchObject({ object: 'refund', amount: 500, status: 'succeeded' });
    const again = await run(['refunds', 'create', '--payment-intent', pi.json.id, '--amount', '500', '--idempotency', 'cli-refund-1']);
    expect(again.json.id).toBe(refund.json.id);

    const charges = await run(['charges', 'list', '--limit', '5']);
    expect(charges.json).toMatchObject({ object: 'list', has_more: false });
    expect(charges.json.data[0]).toMatchObject({ amount: 2000, amount_refunded: 500, refunded: false });

    const balance = await run(['get', '/v1/balance']);
    expect(balance.json.pending).toEqual([{ amount: 1912, currency: 'usd', source_types: { card: 1912 } }]);
    expect(balance.json.available).toEqual([{ amount: -500, currency: 'usd', source_types: { card: -500 } }]);
  });

  it('the CLI default version is served; an unserved --stripe-version gets a clear 400, not an echo', async () => {
    const key = newTestKey();
    const ok = await stripeCli(['get', '/v1/balance'], sandbox.url, key);
    expect(ok.json).toMatchObject({ object: 'balance' });
    const old = await stripeCli(['get', '/v1/balance', '--stripe-version', '2024-06-20'], sandbox.url, key);
    expect(old.json.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('Stripe API version 2024-06-20 is not served by this sandbox') });
  });

  it('a declined card comes back as Stripe\'s card_error', async () => {
    const r = await stripeCli(['payment_intents', 'create', '--amount', '2000', '--currency', 'usd', '--payment-method', 'pm_card_chargeDeclined', '--confirm=true', '-d', 'automatic_payment_methods[enabled]=true', '-d', 'automatic_payment_methods[allow_redirects]=never'], sandbox.url, newTestKey());
    expect(r.json.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
  });
});
