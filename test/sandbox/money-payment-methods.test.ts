// PaymentMethods: magic values clone into real objects; attach/detach/list; card-number creation errors.
import { describe, expect, it } from 'vitest';
import { useTestSandbox } from '../helpers/sandbox.js';
import { rawClient } from './money-helpers.js';

const sb = useTestSandbox();
const c = rawClient(sb);

describe('payment methods', () => {
  it('attach clones the magic value; list by customer; detach', async () => {
    const cus = await c.post('/v1/customers', {});
    const pm = await c.post('/v1/payment_methods/pm_card_amex/attach', { customer: cus.id });
    expect(pm).toMatchObject({ object: 'payment_method', type: 'card', customer: cus.id, card: { brand: 'amex', last4: '0005', funding: 'credit', display_brand: 'american_express' } });
    expect(pm.id).toMatch(/^pm_[A-Za-z0-9]{24}$/);
    const again = await c.post('/v1/payment_methods/pm_card_amex/attach', { customer: cus.id });
    expect(again.id).not.toBe(pm.id);
    expect(again.card.fingerprint).toBe(pm.card.fingerprint);
    const listed = await c.get('/v1/payment_methods', { customer: cus.id });
    expect(listed.data.map((x: any) => x.id)).toEqual([again.id, pm.id]);
    const detached = await c.post(`/v1/payment_methods/${pm.id}/detach`);
    expect(detached.customer).toBeNull();
    expect((await c.call('POST', `/v1/payment_methods/${pm.id}/detach`)).status).toBe(400);
    expect((await c.get('/v1/payment_methods', { customer: cus.id })).data).toHaveLength(1);
    expect((await c.call('GET', '/v1/payment_methods/pm_nope')).status).toBe(404);
    expect((await c.call('POST', '/v1/payment_methods/pm_nope/attach', { customer: cus.id })).status).toBe(404);
    expect((await c.call('POST', `/v1/payment_methods/${pm.id}/attach`, {})).body.error.code).toBe('parameter_missing');
  });

  it('decline cards cannot be attached; the charge-customer-fail card can', async () => {
    const cus = await c.post('/v1/customers', {});
    const r = await c.call('POST', '/v1/payment_methods/pm_card_chargeDeclined/attach', { customer: cus.id });
    expect(r.status).toBe(402);
    expect(r.body.error).toMatchObject({ type: 'card_error', code: 'card_declined' });
    const ok = await c.post('/v1/payment_methods/pm_card_chargeCustomerFail/attach', { customer: cus.id });
    const pay = await c.call('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', customer: cus.id, payment_method: ok.id, confirm: true, payment_method_types: ['card'] });
    expect(pay.status).toBe(402);
  });

  it('create from a token or a test number, with card-data errors', async () => {
    const fromToken = await c.post('/v1/payment_methods', { type: 'card', card: { token: 'tok_mastercard' } });
    expect(fromToken.card).toMatchObject({ brand: 'mastercard', last4: '4444' });
    const year = new Date().getUTCFullYear() + 2;
    const num = await c.post('/v1/payment_methods', { type: 'card', card: { number: '4000000000009995', exp_month: 4, exp_year: year, cvc: '123' }, billing_details: { name: 'Ann' } });
    expect(num).toMatchObject({ card: { last4: '9995', exp_month: 4, exp_year: year }, billing_details: { name: 'Ann' } });
    const declined = await c.call('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method: num.id, confirm: true, payment_method_types: ['card'] });
    expect(declined.body.error.decline_code).toBe('insufficient_funds');
    const cases: Array<[Record<string, any>, string]> = [
      [{ number: '4242424242424242', exp_month: 13, exp_year: year }, 'invalid_expiry_month'],
      [{ number: '4242424242424242', exp_month: 1, exp_year: 1995 }, 'invalid_expiry_year'],
      [{ number: '4242424242424242', exp_month: 1, exp_year: year, cvc: '99' }, 'invalid_cvc'],
      [{ number: '4242424242424241', exp_month: 1, exp_year: year }, 'incorrect_number'],
    ];
    for (const [card, code] of cases) {
      const r = await c.call('POST', '/v1/payment_methods', { type: 'card', card });
      expect([r.status, r.body.error.code]).toEqual([402, code]);
    }
  });
});
