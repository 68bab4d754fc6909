// Customers through the official stripe SDK and raw HTTP: CRUD, deleted stubs, list filters, search, events.
import { describe, expect, test } from 'vitest';
import Stripe from 'stripe';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';

const sb = useTestSandbox();

function sdk(key = newTestKey()): Stripe {
  return new Stripe(key, { host: '127.0.0.1', port: sb.port, protocol: 'http', maxNetworkRetries: 0 });
}

describe('customers via the stripe SDK', () => {
  test('create returns every documented field, null where unset', async () => {
    const stripe = sdk();
    const c = await stripe.customers.create({ email: 'amy@example.com', name: 'Amy', metadata: { order: '6735' } });
    expect(c.id).toMatch(/^cus_[A-Za-z0-9]{14}$/);
    expect(c).toMatchObject({
      object: 'customer',
      address: null,
      balance: 0,
      currency: null,
      default_source: null,
      delinquent: false,
      description: null,
      email: 'amy@example.com',
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: { order: '6735' },
      name: 'Amy',
      next_invoice_sequence: 1,
      phone: null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: 'none',
      test_clock: null,
    });
    expect(c.invoice_prefix).toMatch(/^[A-Z0-9]{8}$/);
    expect(Math.abs(c.created - Date.now() / 1000)).toBeLessThan(5);
    expect(c.lastResponse.requestId).toMatch(/^req_[A-Za-z0-9]{14}$/);
  });

  test('retrieve, update (metadata merge and removal), delete, then the deleted stub', async () => {
    const stripe = sdk();
    const c = await stripe.customers.create({ metadata: { a: '1', b: '2' }, address: { city: 'Paris' } });
    expect(c.address).toEqual({ city: 'Paris', country: null, line1: null, line2: null, postal_code: null, state: null });
    const u = await stripe.customers.update(c.id, { metadata: { a: '', c: '3' }, phone: '+15555550100', tax_exempt: 'exempt' });
    expect(u.metadata).toEqual({ b: '2', c: '3' });
    expect(u.phone).toBe('+15555550100');
    expect(u.tax_exempt).toBe('exempt');
    const cleared = await stripe.customers.update(c.id, { metadata: '' as unknown as Stripe.MetadataParam, phone: null as unknown as string });
    expect(cleared.metadata).toEqual({});
    expect(cleared.phone).toBeNull();
    expect((await stripe.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({ id: c.id, tax_exempt: 'exempt' });

    const del = await stripe.customers.del(c.id);
    expect(del).toMatchObject({ id: c.id, object: 'customer', deleted: true });
    const stub = await stripe.customers.retrieve(c.id);
    expect({ ...stub, lastResponse: undefined }).toEqual({ id: c.id, object: 'customer', deleted: true, lastResponse: undefined });
    const again = await stripe.customers.del(c.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id', message: `No such customer: '${c.id}'` });
    const upd = await stripe.customers.update(c.id, { name: 'x' }).catch((e: unknown) => e);
    expect(upd).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  test('validation errors: unknown param (full bracket path), bad enum, bad integer', async () => {
    const stripe = sdk();
    const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{ foo: 'x' }, { code: 'parameter_unknown', param: 'foo', message: 'Received unknown parameter: foo' }],
      [{ address: { city: 'x', planet: 'Mars' } }, { code: 'parameter_unknown', param: 'address[planet]' }],
      [{ tax_exempt: 'sometimes' }, { param: 'tax_exempt', message: 'Invalid tax_exempt: must be one of none, exempt, or reverse' }],
      [{ balance: 'lots' }, { code: 'parameter_invalid_integer', param: 'balance', message: 'Invalid integer: lots' }],
      [{ invoice_prefix: 'abc' }, { param: 'invoice_prefix' }],
      [{ metadata: { ['k'.repeat(41)]: 'v' } }, { param: `metadata[${'k'.repeat(41)}]` }],
      [{ shipping: { name: 'A' } }, { code: 'parameter_missing', param: 'shipping[address]' }],
    ];
    for (const [params, expected] of cases) {
      const err = await stripe.customers.create(params as Stripe.CustomerCreateParams).catch((e: unknown) => e);
      expect(err, JSON.stringify(params)).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(err, JSON.stringify(params)).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', ...expected });
    }
    // Nothing was created by the failed requests.
    expect((await stripe.customers.list()).data).toEqual([]);
  });

  test('list: newest first, email filter (exact), auto-pagination, deleted excluded', async () => {
    const stripe = sdk();
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await stripe.customers.create({ email: i % 2 ? 'odd@example.com' : 'even@example.com' })).id);
    await stripe.customers.del(made[0]!);
    const all: string[] = [];
    for await (const c of stripe.customers.list({ limit: 2 })) all.push(c.id);
    expect(all).toEqual(made.slice(1).reverse());
    const odd = await stripe.customers.list({ email: 'odd@example.com' });
    expect(odd.data.map((c) => c.id)).toEqual([made[5], made[3], made[1]]);
    expect((await stripe.customers.list({ email: 'ODD@example.com' })).data).toEqual([]);
  });

  test('search via the SDK, with pagination and total_count', async () => {
    const stripe = sdk();
    const a = await stripe.customers.create({ email: 'amy@rocketrides.io', name: 'Amy Rose', metadata: { tier: 'gold' } });
    const b = await stripe.customers.create({ email: 'bob@rocketrides.io', name: 'Bob Stone', metadata: { tier: 'silver' } });
    const c = await stripe.customers.create({ email: 'cy@example.com', name: 'Cy Rosen', phone: '+1555' });
    const ids = async (query: string) => (await stripe.customers.search({ query, limit: 100 })).data.map((x) => x.id);
    expect(await ids("email:'AMY@rocketrides.io'")).toEqual([a.id]);
    expect(await ids('name~"ros"')).toEqual([c.id, a.id]);
    expect(await ids("metadata['tier']:'gold' OR metadata[\"tier\"]:'silver'")).toEqual([b.id, a.id]);
    expect(await ids("-metadata['tier']:null")).toEqual([b.id, a.id]);
    expect(await ids('phone:null')).toEqual([b.id, a.id]);
    expect(await ids(`created>=${a.created} AND -name:'Bob Stone'`)).toEqual([c.id, a.id]);

    const first = await stripe.customers.search({ query: "email~'rocketrides'", limit: 1, expand: ['total_count'] });
    expect(first).toMatchObject({ object: 'search_result', url: '/v1/customers/search', has_more: true, total_count: 2 });
    expect(first.data.map((x) => x.id)).toEqual([b.id]);
    const second = await stripe.customers.search({ query: "email~'rocketrides'", limit: 1, page: first.next_page! });
    expect(second.data.map((x) => x.id)).toEqual([a.id]);
    expect(second).toMatchObject({ has_more: false, next_page: null });
    const walked: string[] = [];
    for await (const x of stripe.customers.search({ query: "email~'rocketrides'", limit: 1 })) walked.push(x.id);
    expect(walked).toEqual([b.id, a.id]);

    const missing = await stripe.customers.search({} as Stripe.CustomerSearchParams).catch((e: unknown) => e);
    expect(missing).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'query' });
    const badField = await stripe.customers.search({ query: "currency:'usd'" }).catch((e: unknown) => e);
    expect(badField).toMatchObject({ statusCode: 400, param: 'query' });
    expect((badField as Error).message).toContain("Field 'currency' is an unsupported search field for resource customers");
  });

  test('events record create/update/delete with previous_attributes and request ids', async () => {
    const stripe = sdk();
    const c = await stripe.customers.create({ name: 'Ev' }, { idempotencyKey: 'evt-test-key' });
    await stripe.customers.update(c.id, { name: 'Eve' });
    await stripe.customers.del(c.id);
    const events = await stripe.events.list();
    expect(events.data.map((e) => e.type)).toEqual(['customer.deleted', 'customer.updated', 'customer.created']);
    const [deleted, updated, created] = events.data;
    expect(created).toMatchObject({ object: 'event', api_version: '2026-10-28.endive', livemode: false, pending_webhooks: 0 });
    expect(created!.id).toMatch(/^evt_[A-Za-z0-9]{24}$/);
    expect(created!.request).toEqual({ id: expect.stringMatching(/^req_/), idempotency_key: 'evt-test-key' });
    expect(created!.data.object).toMatchObject({ id: c.id, name: 'Ev' });
    expect(updated!.data).toMatchObject({ object: { name: 'Eve' }, previous_attributes: { name: 'Ev' } });
    expect(deleted!.data.object).toMatchObject({ id: c.id, name: 'Eve' });
    expect((await stripe.events.list({ type: 'customer.updated' })).data.map((e) => e.id)).toEqual([updated!.id]);
    expect((await stripe.events.list({ type: 'customer.*', limit: 2 })).data.map((e) => e.id)).toEqual([deleted!.id, updated!.id]);
    expect((await stripe.events.list({ types: ['customer.created', 'customer.deleted'] })).data.map((e) => e.id)).toEqual([deleted!.id, created!.id]);
    expect((await stripe.events.retrieve(created!.id)).id).toBe(created!.id);
    const err = await stripe.events.retrieve('evt_nope').catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});
