// The invoice machine: items, drafts, finalize numbering, pay (success, decline, out of band),
// void, uncollectible, send, delete and the edit rules.
import { describe, expect, it } from 'vitest';
import { useTestSandbox } from '../helpers/sandbox.js';
import { expectLedgerInvariant, rawClient } from './money-helpers.js';

const sb = useTestSandbox();
const c = rawClient(sb);

async function draftWith(customer: string, amounts: number[]): Promise<any> {
  for (const amount of amounts) await c.post('/v1/invoiceitems', { customer, amount, currency: 'usd', description: `item ${amount}` });
  return c.post('/v1/invoices', { customer, pending_invoice_items_behavior: 'include' });
}

describe('invoice items', () => {
  it('create, update, list pending and delete', async () => {
    const cus = await c.post('/v1/customers', { email: 'ii@example.com' });
    const a = await c.post('/v1/invoiceitems', { customer: cus.id, amount: 1500, currency: 'usd', description: 'Setup', metadata: { k: 'v' } });
    expect(a).toMatchObject({ object: 'invoiceitem', amount: 1500, currency: 'usd', customer: cus.id, invoice: null, quantity: 1, description: 'Setup', metadata: { k: 'v' } });
    const b = await c.post('/v1/invoiceitems', { customer: cus.id, price_data: { currency: 'usd', product: 'prod_x', unit_amount: 250 }, quantity: 4 });
    expect(b).toMatchObject({ amount: 1000, quantity: 4 });
    expect(b.pricing).toMatchObject({ type: 'price_details', unit_amount_decimal: '250', price_details: { product: 'prod_x' } });
    const upd = await c.post(`/v1/invoiceitems/${b.id}`, { quantity: 2 });
    expect(upd.amount).toBe(500);
    expect((await c.get('/v1/invoiceitems', { customer: cus.id, pending: true })).data.map((i: any) => i.id)).toEqual([b.id, a.id]);
    expect((await c.del(`/v1/invoiceitems/${a.id}`))).toEqual({ id: a.id, object: 'invoiceitem', deleted: true });
    expect((await c.call('GET', `/v1/invoiceitems/${a.id}`)).status).toBe(404);
    const noCustomer = await c.call('POST', '/v1/invoiceitems', { amount: 100, currency: 'usd' });
    expect(noCustomer.body.error).toMatchObject({ code: 'parameter_missing', param: 'customer' });
    const badCustomer = await c.call('POST', '/v1/invoiceitems', { customer: 'cus_nope', amount: 100, currency: 'usd' });
    expect(badCustomer.body.error).toMatchObject({ code: 'resource_missing', param: 'customer' });
  });
});

describe('invoices', () => {
  it('pending items are excluded by default and included on request', async () => {
    const cus = await c.post('/v1/customers', {});
    await c.post('/v1/invoiceitems', { customer: cus.id, amount: 700, currency: 'usd' });
    const excl = await c.post('/v1/invoices', { customer: cus.id });
    expect(excl).toMatchObject({ status: 'draft', total: 0, amount_due: 0, lines: { object: 'list', data: [], url: `/v1/invoices/${excl.id}/lines` } });
    const incl = await c.post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include' });
    expect(incl).toMatchObject({ subtotal: 700, total: 700, amount_due: 700, amount_remaining: 700, number: null, hosted_invoice_url: null });
    expect(incl.lines.data[0]).toMatchObject({ object: 'line_item', amount: 700, invoice: incl.id });
  });

  it('draft → finalize (numbered) → pay → paid, with a charge and ledger entry', async () => {
    const cus = await c.post('/v1/customers', { email: 'pay@example.com', invoice_prefix: 'ACME' });
    const inv = await draftWith(cus.id, [2000, 500]);
    const added = await c.post('/v1/invoiceitems', { customer: cus.id, invoice: inv.id, amount: 300, currency: 'usd' });
    expect(added.invoice).toBe(inv.id);
    const lines = await c.get(`/v1/invoices/${inv.id}/lines`);
    expect(lines.data.map((l: any) => l.amount).sort()).toEqual([2000, 300, 500]);
    const fin = await c.post(`/v1/invoices/${inv.id}/finalize`);
    expect(fin).toMatchObject({ status: 'open', number: 'ACME-0001', amount_due: 2800, amount_paid: 0, amount_remaining: 2800, customer_email: 'pay@example.com' });
    expect(fin.hosted_invoice_url).toMatch(/^https:\/\//);
    expect(fin.invoice_pdf).toMatch(/^https:\/\/.*\/pdf$/);
    expect(fin.status_transitions.finalized_at).toBeGreaterThan(0);
    const refinalize = await c.call('POST', `/v1/invoices/${inv.id}/finalize`);
    expect(refinalize.status).toBe(400);
    const late = await c.call('POST', '/v1/invoiceitems', { customer: cus.id, invoice: inv.id, amount: 100, currency: 'usd' });
    expect(late.body.error.code).toBe('invoice_not_editable');
    const edit = await c.call('POST', `/v1/invoices/${inv.id}`, { description: 'late' });
    expect(edit.body.error).toMatchObject({ code: 'invoice_not_editable', param: 'description' });
    expect((await c.post(`/v1/invoices/${inv.id}`, { metadata: { ok: 'yes' } })).metadata).toEqual({ ok: 'yes' });
    const paid = await c.post(`/v1/invoices/${inv.id}/pay`, { payment_method: 'pm_card_visa' });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 2800, amount_remaining: 0, attempted: true, attempt_count: 1 });
    expect(paid.status_transitions.paid_at).toBeGreaterThan(0);
    const withPayments = await c.get(`/v1/invoices/${inv.id}`, { expand: ['payments'] });
    const payment = withPayments.payments.data[0];
    expect(payment).toMatchObject({ object: 'invoice_payment', status: 'paid', amount_paid: 2800, is_default: true });
    const pi = await c.get(`/v1/payment_intents/${payment.payment.payment_intent}`);
    expect(pi).toMatchObject({ status: 'succeeded', amount: 2800, customer: cus.id });
    const ch = await c.get(`/v1/charges/${pi.latest_charge}`);
    expect(ch.balance_transaction).toMatch(/^txn_/);
    expect((await c.call('POST', `/v1/invoices/${inv.id}/pay`)).status).toBe(400);
    expect((await c.call('POST', `/v1/invoices/${inv.id}/void`)).status).toBe(400);
    const second = await draftWith(cus.id, [900]);
    expect((await c.post(`/v1/invoices/${second.id}/finalize`)).number).toBe('ACME-0002');
    await expectLedgerInvariant(c);
  });

  it('a declined payment leaves the invoice open and counts the attempt', async () => {
    const cus = await c.post('/v1/customers', {});
    const inv = await draftWith(cus.id, [1500]);
    await c.post(`/v1/invoices/${inv.id}/finalize`);
    const r = await c.call('POST', `/v1/invoices/${inv.id}/pay`, { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' });
    expect(r.status).toBe(402);
    expect(r.body.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' });
    const after = await c.get(`/v1/invoices/${inv.id}`);
    expect(after).toMatchObject({ status: 'open', attempted: true, attempt_count: 1, amount_paid: 0 });
    const ok = await c.post(`/v1/invoices/${inv.id}/pay`, { payment_method: 'pm_card_visa' });
    expect(ok).toMatchObject({ status: 'paid', attempt_count: 2 });
  });

  it('pays with the customer’s default payment method, or refuses without one', async () => {
    const bare = await c.post('/v1/customers', {});
    const inv = await draftWith(bare.id, [1000]);
    const none = await c.call('POST', `/v1/invoices/${inv.id}/pay`);
    expect(none.status).toBe(400);
    const pm = await c.post('/v1/payment_methods/pm_card_visa/attach', { customer: bare.id });
    await c.post(`/v1/customers/${bare.id}`, { invoice_settings: { default_payment_method: pm.id } });
    const paid = await c.post(`/v1/invoices/${inv.id}/pay`);
    expect(paid.status).toBe('paid');
  });

  it('zero-total invoices are paid at finalization', async () => {
    const cus = await c.post('/v1/customers', {});
    const inv = await c.post('/v1/invoices', { customer: cus.id });
    const fin = await c.post(`/v1/invoices/${inv.id}/finalize`);
    expect(fin).toMatchObject({ status: 'paid', amount_due: 0, amount_paid: 0 });
  });

  it('void, mark_uncollectible, paid_out_of_band and delete follow the status machine', async () => {
    const cus = await c.post('/v1/customers', {});
    const a = await draftWith(cus.id, [1000]);
    expect((await c.call('POST', `/v1/invoices/${a.id}/void`)).status).toBe(400); // drafts are deleted, not voided
    await c.post(`/v1/invoices/${a.id}/finalize`);
    expect((await c.call('DELETE', `/v1/invoices/${a.id}`)).status).toBe(400);
    const unc = await c.post(`/v1/invoices/${a.id}/mark_uncollectible`);
    expect(unc.status).toBe('uncollectible');
    expect(unc.status_transitions.marked_uncollectible_at).toBeGreaterThan(0);
    const voided = await c.post(`/v1/invoices/${a.id}/void`);
    expect(voided.status).toBe('void');
    expect((await c.call('POST', `/v1/invoices/${a.id}/pay`, { paid_out_of_band: true })).status).toBe(400);

    const b = await draftWith(cus.id, [2000]);
    await c.post(`/v1/invoices/${b.id}/finalize`);
    const oob = await c.post(`/v1/invoices/${b.id}/pay`, { paid_out_of_band: true });
    expect(oob).toMatchObject({ status: 'paid', amount_paid: 2000, amount_remaining: 0 });

    const d = await draftWith(cus.id, [300]);
    const itemId = d.lines.data[0].parent.invoice_item_details.invoice_item;
    expect(await c.del(`/v1/invoices/${d.id}`)).toEqual({ id: d.id, object: 'invoice', deleted: true });
    expect((await c.call('GET', `/v1/invoices/${d.id}`)).status).toBe(404);
    expect((await c.get(`/v1/invoiceitems/${itemId}`)).invoice).toBeNull();

    const statuses = await c.get('/v1/invoices', { customer: cus.id, status: 'paid' });
    expect(statuses.data.map((i: any) => i.id)).toEqual([b.id]);
    const found = await c.get('/v1/invoices/search', { query: `customer:'${cus.id}' AND total>1500` });
    expect(found.data.map((i: any) => i.id)).toEqual([b.id]);
  });

  it('send_invoice needs a due date; send works only for send_invoice', async () => {
    const cus = await c.post('/v1/customers', {});
    const missing = await c.call('POST', '/v1/invoices', { customer: cus.id, collection_method: 'send_invoice' });
    expect(missing.body.error).toMatchObject({ code: 'parameter_missing', param: 'days_until_due' });
    const auto = await draftWith(cus.id, [100]);
    expect((await c.call('POST', `/v1/invoices/${auto.id}/send`)).status).toBe(400);
    await c.post('/v1/invoiceitems', { customer: cus.id, amount: 4200, currency: 'usd' });
    const inv = await c.post('/v1/invoices', { customer: cus.id, collection_method: 'send_invoice', days_until_due: 30, pending_invoice_items_behavior: 'include' });
    expect(inv.due_date).toBe(inv.created + 30 * 86400);
    const sent = await c.post(`/v1/invoices/${inv.id}/send`);
    expect(sent.status).toBe('open');
    const byDue = await c.get('/v1/invoices', { collection_method: 'send_invoice', due_date: { gte: inv.due_date } });
    expect(byDue.data.map((i: any) => i.id)).toEqual([inv.id]);
    const noCustomer = await c.call('POST', '/v1/invoices', {});
    expect(noCustomer.body.error).toMatchObject({ code: 'parameter_missing', param: 'customer' });
  });
});
