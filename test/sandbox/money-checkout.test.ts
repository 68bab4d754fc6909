// Checkout Sessions: create, line items, the complete helper (paid, declined, 3DS, new customer),
// expire (explicit and by time).
import { describe, expect, it } from 'vitest';
import { useTestSandbox } from '../helpers/sandbox.js';
import { rawClient } from './money-helpers.js';

const sb = useTestSandbox();
const c = rawClient(sb);

const LINES = [
  { price_data: { currency: 'usd', product_data: { name: 'T-shirt' }, unit_amount: 2000 }, quantity: 2 },
  { price_data: { currency: 'usd', product_data: { name: 'Sticker' }, unit_amount: 150 }, quantity: 1 },
];

function session(extra: Record<string, any> = {}) {
  return c.post('/v1/checkout/sessions', { line_items: LINES, success_url: 'https://shop.test/ok', cancel_url: 'https://shop.test/no', ...extra });
}

describe('checkout sessions', () => {
  it('create has Stripe’s shape', async () => {
    const cs = await session({ client_reference_id: 'order-9', metadata: { order: '9' }, customer_email: 'buyer@example.com' });
    expect(cs.id).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    expect(cs).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: 4150,
      amount_total: 4150,
      currency: 'usd',
      payment_intent: null,
      client_reference_id: 'order-9',
      metadata: { order: '9' },
      customer_email: 'buyer@example.com',
      url: `https://checkout.stripe.com/c/pay/${cs.id}`,
    });
    expect(cs.expires_at).toBe(cs.created + 86400);
    expect(cs.line_items).toBeUndefined();
    const items = await c.get(`/v1/checkout/sessions/${cs.id}/line_items`);
    expect(items.data.map((i: any) => [i.object, i.description, i.quantity, i.amount_total])).toEqual([
      ['item', 'T-shirt', 2, 4000],
      ['item', 'Sticker', 1, 150],
    ]);
    expect(items.data[0].price).toMatchObject({ object: 'price', unit_amount: 2000, currency: 'usd', type: 'one_time' });
    const page = await c.get(`/v1/checkout/sessions/${cs.id}/line_items`, { limit: 1 });
    expect(page.has_more).toBe(true);
    const next = await c.get(`/v1/checkout/sessions/${cs.id}/line_items`, { limit: 1, starting_after: page.data[0].id });
    expect(next.data[0].description).toBe('Sticker');
    expect(next.has_more).toBe(false);
    const expanded = await c.get(`/v1/checkout/sessions/${cs.id}`, { expand: ['line_items'] });
    expect(expanded.line_items.data).toHaveLength(2);
  });

  it('validates line items, totals and expiry', async () => {
    const none = await c.call('POST', '/v1/checkout/sessions', { success_url: 'https://x.test' });
    expect(none.body.error).toMatchObject({ code: 'parameter_missing', param: 'line_items' });
    const noQty = await c.call('POST', '/v1/checkout/sessions', { line_items: [{ price_data: { currency: 'usd', product_data: { name: 'x' }, unit_amount: 100 } }] });
    expect(noQty.body.error).toMatchObject({ code: 'parameter_missing', param: 'line_items[0][quantity]' });
    const tiny = await c.call('POST', '/v1/checkout/sessions', { line_items: [{ price_data: { currency: 'usd', product_data: { name: 'x' }, unit_amount: 10 }, quantity: 1 }] });
    expect(tiny.body.error.code).toBe('amount_too_small');
    const unknown = await c.call('POST', '/v1/checkout/sessions', { line_items: LINES, colour: 'red' });
    expect(unknown.body.error).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
    const badPrice = await c.call('POST', '/v1/checkout/sessions', { line_items: [{ price: 'price_nope', quantity: 1 }] });
    expect(badPrice.body.error).toMatchObject({ code: 'resource_missing', param: 'line_items[0][price]' });
    const soon = await c.call('POST', '/v1/checkout/sessions', { line_items: LINES, expires_at: Math.floor(Date.now() / 1000) + 60 });
    expect(soon.body.error.param).toBe('expires_at');
  });

  it('complete pays with pm_card_visa by default', async () => {
    const cs = await session({ payment_intent_data: { description: 'web order', metadata: { src: 'checkout' } } });
    const done = await c.post(`/v1/test_helpers/checkout/sessions/${cs.id}/complete`);
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', url: null });
    const pi = await c.get(`/v1/payment_intents/${done.payment_intent}`);
    expect(pi).toMatchObject({ status: 'succeeded', amount: 4150, description: 'web order', metadata: { src: 'checkout' } });
    const events = await c.get('/v1/events', { type: 'checkout.session.completed' });
    expect(events.data.some((e: any) => e.data.object.id === cs.id)).toBe(true);
    expect((await c.call('POST', `/v1/test_helpers/checkout/sessions/${cs.id}/complete`)).status).toBe(400);
    expect((await c.call('POST', `/v1/checkout/sessions/${cs.id}/expire`)).status).toBe(400);
    expect((await c.get('/v1/checkout/sessions', { payment_intent: pi.id })).data.map((s: any) => s.id)).toEqual([cs.id]);
  });

  it('a declined card answers 402 and leaves the session open; a retry completes it', async () => {
    const cs = await session();
    const r = await c.call('POST', `/v1/test_helpers/checkout/sessions/${cs.id}/complete`, { payment_method: 'pm_card_chargeDeclined' });
    expect(r.status).toBe(402);
    expect(r.body.error.decline_code).toBe('generic_decline');
    const open = await c.get(`/v1/checkout/sessions/${cs.id}`);
    expect(open).toMatchObject({ status: 'open', payment_status: 'unpaid' });
    const done = await c.post(`/v1/test_helpers/checkout/sessions/${cs.id}/complete`, { payment_method: 'pm_card_mastercard' });
    expect(done.status).toBe('complete');
    expect(done.payment_intent).toBe(open.payment_intent);
  });

  it('3-D Secure cards are authenticated on the "hosted page"; manual capture leaves payment unpaid', async () => {
    const cs = await session();
    const done = await c.post(`/v1/test_helpers/checkout/sessions/${cs.id}/complete`, { payment_method: 'pm_card_threeDSecure2Required' });
    expect(done.payment_status).toBe('paid');
    const manual = await session({ payment_intent_data: { capture_method: 'manual' } });
    const held = await c.post(`/v1/test_helpers/checkout/sessions/${manual.id}/complete`);
    expect(held).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    expect((await c.get(`/v1/payment_intents/${held.payment_intent}`)).status).toBe('requires_capture');
  });

  it('customer_creation=always makes a customer; an existing customer is used', async () => {
    const cs = await session({ customer_creation: 'always', customer_email: 'new@example.com' });
    const done = await c.post(`/v1/test_helpers/checkout/sessions/${cs.id}/complete`);
    expect(done.customer).toMatch(/^cus_/);
    expect((await c.get(`/v1/customers/${done.customer}`)).email).toBe('new@example.com');
    const cus = await c.post('/v1/customers', { email: 'old@example.com' });
    const cs2 = await session({ customer: cus.id });
    const done2 = await c.post(`/v1/test_helpers/checkout/sessions/${cs2.id}/complete`);
    expect(done2.customer).toBe(cus.id);
    expect((await c.get(`/v1/payment_intents/${done2.payment_intent}`)).customer).toBe(cus.id);
    expect((await c.get('/v1/checkout/sessions', { customer: cus.id })).data.map((s: any) => s.id)).toEqual([cs2.id]);
  });

  it('expire (explicit and by time)', async () => {
    const c2 = rawClient(sb);
    const cs = await c2.post('/v1/checkout/sessions', { line_items: LINES });
    const exp = await c2.post(`/v1/checkout/sessions/${cs.id}/expire`);
    expect(exp).toMatchObject({ status: 'expired', url: null, payment_status: 'unpaid' });
    expect((await c2.call('POST', `/v1/checkout/sessions/${cs.id}/expire`)).status).toBe(400);
    expect((await c2.call('POST', `/v1/test_helpers/checkout/sessions/${cs.id}/complete`)).status).toBe(400);
    const timed = await c2.post('/v1/checkout/sessions', { line_items: LINES, expires_at: Math.floor(Date.now() / 1000) + 3600 });
    await c2.advance(3601);
    expect((await c2.get(`/v1/checkout/sessions/${timed.id}`)).status).toBe('expired');
    expect((await c2.get('/v1/checkout/sessions', { status: 'expired' })).data).toHaveLength(2);
    const events = await c2.get('/v1/events', { type: 'checkout.session.expired' });
    expect(events.data).toHaveLength(2);
  });
});
