// `payctl disputes …` against a fresh in-process sandbox: the queue table (sorted by deadline, due in N
// days by the sandbox clock), JSON, evidence from flags and files, the guided answer through the
// prompter, close (destructive: --yes in scripts), and charges/refunds knowing about disputes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSI, useAccounts } from '../helpers/account.js';
import { displayWidth } from '../../src/output/text.js';
import { ScriptedPrompter, USE_DEFAULT } from '../../src/prompt/scripted.js';

const account = useAccounts(({ ok }) => {
  const payment = (pm: string, amount: number, ...extra: string[]) =>
    ok([
      'post', '/v1/payment_intents', '-d', `amount=${amount}`, '-d', 'currency=usd', '-d', `payment_method=${pm}`, '-d', 'confirm=true',
      '-d', 'automatic_payment_methods[enabled]=true', '-d', 'automatic_payment_methods[allow_redirects]=never', ...extra.flatMap((e) => ['-d', e]),
    ]);
  return {
    payment,
    /** Pays with a dispute card and returns the PaymentIntent and its (now open) dispute. */
    disputed: async (pm = 'pm_card_createDispute', amount = 2000, ...extra: string[]) => {
      const pi = await payment(pm, amount, ...extra);
      const [dp] = await ok(['disputes', 'list', '--payment-intent', pi.id]);
      return { pi, dp };
    },
    advance: (seconds: number) => ok(['post', '/v1/test_helpers/sandbox/advance', '-d', `seconds=${seconds}`]),
    clock: async (): Promise<number> => (await ok(['get', '/v1/test_helpers/sandbox/clock'])).now,
  };
});

describe('disputes list', () => {
  it('JSON: newest first, every field of the API; --charge filters', async () => {
    const a = account();
    const one = await a.disputed();
    const two = await a.disputed('pm_card_createDisputeProductNotReceived', 3500);
    const all = await a.ok(['disputes', 'list']);
    expect(all.map((d: any) => d.id)).toEqual([two.dp.id, one.dp.id]);
    expect(all[0]).toMatchObject({ object: 'dispute', amount: 3500, reason: 'product_not_received', status: 'needs_response', charge: two.pi.latest_charge });
    expect(await a.ok(['disputes', 'list', '--charge', one.pi.latest_charge])).toEqual([all[1]]);
    // The raw escape hatch knows the dp_ prefix.
    expect((await a.ok(['get', one.dp.id])).id).toBe(one.dp.id);
  });

  it('table: sorted by deadline, reason in words, the customer, and "due in" by the sandbox clock', async () => {
    const a = account();
    const cus = await a.customer('email=ada@example.com', 'name=Ada');
    const first = await a.disputed('pm_card_createDispute', 2000, `customer=${cus}`);
    // Two days later a second dispute opens: its deadline is later, so it sorts below the first.
    await a.advance(2 * 86_400);
    const second = await a.disputed('pm_card_createDisputeProductNotReceived', 3500);
    const now = await a.clock();
    // Leave the first dispute 3½ hours; the local clock (`now` below) would still say 5 days.
    await a.advance(first.dp.evidence_details.due_by - now - 3.5 * 3600);
    const r = await a.cli(['disputes', 'list'], { tty: true, now: new Date() });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +AMOUNT +REASON +STATUS +CUSTOMER +DUE$/);
    expect(lines[1]).toMatch(new RegExp(`^${first.dp.id} +20\\.00 USD +fraudulent +needs_response +ada@example\\.com +due in 3 hours$`));
    expect(lines[2]).toMatch(new RegExp(`^${second.dp.id} +35\\.00 USD +product not received +needs_response +due in 2 days$`));
    expect(lines).toHaveLength(3);
  });

  it('--needs-response keeps only the queue; a closed dispute leaves it', async () => {
    const a = account();
    const one = await a.disputed();
    const two = await a.disputed('pm_card_createDisputeInquiry');
    await a.ok(['disputes', 'close', one.dp.id, '--yes']);
    expect((await a.ok(['disputes', 'list', '--needs-response'])).map((d: any) => d.id)).toEqual([two.dp.id]);
    const r = await a.cli(['disputes', 'list', '--needs-response'], { tty: true });
    expect(r.stdout).toContain('warning_needs_response');
    expect(r.stdout).not.toContain(one.dp.id);
  });

  it('the table fits 80 columns without cutting ids or deadlines', async () => {
    const a = account();
    const cus = await a.customer('email=ada.lovelace@analytical-engines.example.com');
    await a.disputed('pm_card_createDisputeProductNotReceived', 12345678, `customer=${cus}`);
    const r = await a.cli(['disputes', 'list'], { tty: true, columns: 80 });
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    expect(lines[1]).toMatch(/^dp_\w{24} +123,456\.78 USD .* due in 7 days$/);
  });

  it('CSV gives the deadline as an ISO time', async () => {
    const a = account();
    const { dp } = await a.disputed();
    const r = await a.cli(['disputes', 'list', '-o', 'csv']);
    expect(r.stdout).toBe(`ID,AMOUNT,CURRENCY,REASON,STATUS,CUSTOMER,DUE\n${dp.id},20.00,USD,fraudulent,needs_response,,${new Date(dp.evidence_details.due_by * 1000).toISOString().replace('.000Z', 'Z')}\n`);
  });
});

describe('disputes get', () => {
  it('detail view on a TTY: due date, charge, balance effect; JSON otherwise', async () => {
    const a = account();
    const { pi, dp } = await a.disputed();
    const r = await a.cli(['disputes', 'get', dp.id], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Amount +20\.00 USD$/m);
    expect(r.stdout).toMatch(/^Reason +fraudulent$/m);
    expect(r.stdout).toMatch(/^Evidence due +due in 7 days \(\d{4}-\d\d-\d\d 23:59 UTC\)$/m);
    expect(r.stdout).toMatch(new RegExp(`^Charge +${pi.latest_charge}$`, 'm'));
    expect(r.stdout).toMatch(/^Balance effect +-35\.00 USD$/m);
    expect(r.stdout).toMatch(/^Refundable +no$/m);
    expect((await a.ok(['disputes', 'get', dp.id])).id).toBe(dp.id);
  });

  it('a wrong id is a usage error before any request', async () => {
    await account().usageError(['disputes', 'get', 'ch_123'], /"ch_123" is not a dispute id/);
  });
});

describe('disputes update', () => {
  it('--evidence and --evidence-file submit at once; winning evidence wins after the clock moves', async () => {
    const a = account();
    const { dp } = await a.disputed();
    const dir = mkdtempSync(join(tmpdir(), 'payctl-evidence-'));
    writeFileSync(join(dir, 'letter.txt'), 'winning_evidence\n');
    const r = await a.ok(['disputes', 'update', dp.id, '--evidence', 'customer_name=Ada Lovelace', '--evidence-file', `uncategorized_text=${join(dir, 'letter.txt')}`]);
    expect(r).toMatchObject({ status: 'under_review', evidence: { customer_name: 'Ada Lovelace', uncategorized_text: 'winning_evidence' }, evidence_details: { submission_count: 1 } });
    await a.advance(60);
    const won = await a.ok(['disputes', 'get', dp.id]);
    expect(won.status).toBe('won');
    expect(won.balance_transactions.map((t: any) => t.net)).toEqual([-3500, 2000]);
  });

  it('--draft saves without submitting; --submit sends the draft', async () => {
    const a = account();
    const { dp } = await a.disputed();
    const draft = await a.ok(['disputes', 'update', dp.id, '--evidence', 'uncategorized_text=losing_evidence', '--draft']);
    expect(draft).toMatchObject({ status: 'needs_response', evidence_details: { has_evidence: true, submission_count: 0 } });
    const sent = await a.ok(['disputes', 'update', dp.id, '--submit']);
    expect(sent.status).toBe('under_review');
    await a.advance(60);
    expect((await a.ok(['disputes', 'get', dp.id])).status).toBe('lost');
  });

  it.each([
    [['--evidence', 'colour=blue'], /unknown evidence field "colour" in --evidence: use one of access_activity_log, /],
    [['--evidence', 'novalue'], /invalid --evidence "novalue": use key=value/],
    [['--evidence-file', 'uncategorized_text=/nonexistent/x.txt'], /cannot read --evidence-file uncategorized_text=\/nonexistent\/x\.txt: no such file/],
    [['--draft', '--submit'], /use only one of --draft and --submit/],
    [[], /nothing to update: give --evidence key=value/],
  ])('%j is a usage error and sends nothing', async (flags, message) => {
    const a = account();
    const { dp } = await a.disputed();
    await a.usageError(['disputes', 'update', dp.id, ...flags], message);
    const after = await a.ok(['disputes', 'get', dp.id]);
    expect(after).toMatchObject({ status: 'needs_response', evidence_details: { has_evidence: false } });
  });

  it('an answered dispute refuses more evidence: the API error, exit 3', async () => {
    const a = account();
    const { dp } = await a.disputed();
    await a.ok(['disputes', 'update', dp.id, '--evidence', 'customer_name=Ada']);
    const r = await a.cli(['disputes', 'update', dp.id, '--evidence', 'customer_name=Bob']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: This dispute has a status of under_review/);
  });
});

describe('guided answer (prompter)', () => {
  it('shows dispute, charge and customer, asks the fraud fields prefilled, summarises, and submits on yes', async () => {
    const a = account();
    const cus = await a.customer('email=ada@example.com', 'name=Ada Lovelace');
    const { pi, dp } = await a.disputed('pm_card_createDispute', 2000, `customer=${cus}`, 'description=Blue mug');
    const prompter = new ScriptedPrompter([USE_DEFAULT, USE_DEFAULT, '1 Main St, Springfield', '', USE_DEFAULT, 'winning_evidence', true]);
    const r = await a.cli(['disputes', 'update', dp.id], { tty: true, prompter });
    expect(r.code).toBe(0);
    prompter.assertDone();
    expect(prompter.asked.map((q) => [q.message, q.default ?? null])).toEqual([
      ['Customer name', 'Ada Lovelace'],
      ['Customer email', 'ada@example.com'],
      ['Billing address', null],
      ['IP address the purchase came from', null],
      ['What was sold (product or service)', 'Blue mug'],
      ['Anything else the bank should know', null],
      ['Submit this evidence now?', false],
    ]);
    expect(r.stderr).toContain(`Dispute ${dp.id}: 20.00 USD, reason fraudulent, status needs_response, due in 7 days`);
    expect(r.stderr).toMatch(new RegExp(`Charge ${pi.latest_charge}: 20\\.00 USD on .*, visa •••• 0259, Blue mug`));
    expect(r.stderr).toContain(`Customer ${cus}: Ada Lovelace, ada@example.com`);
    expect(r.stderr).toContain(`Submit to the bank for ${dp.id} (20.00 USD):\n  Customer name                       Ada Lovelace\n`);
    expect(r.stderr).toContain('Submitted evidence is final');
    expect(r.stdout).toMatch(/^Status +under_review$/m);
    const after = await a.ok(['disputes', 'get', dp.id]);
    expect(after.evidence).toMatchObject({
      customer_name: 'Ada Lovelace',
      customer_email_address: 'ada@example.com',
      billing_address: '1 Main St, Springfield',
      customer_purchase_ip: null,
      product_description: 'Blue mug',
      uncategorized_text: 'winning_evidence',
    });
  });

  it('product_not_received asks about shipping; No at the summary (the default) sends nothing and exits 130', async () => {
    const a = account();
    const { dp } = await a.disputed('pm_card_createDisputeProductNotReceived');
    const prompter = new ScriptedPrompter(['Mug', 'UPS', '1Z999', '2026-11-20', '', '', USE_DEFAULT]);
    const r = await a.cli(['disputes', 'update', dp.id], { tty: true, prompter });
    expect(r.code).toBe(130);
    expect(prompter.asked.map((q) => q.message).slice(0, 6)).toEqual([
      'What was sold (product or service)',
      'Shipping carrier',
      'Tracking number',
      'Shipping date',
      'Shipping address',
      'Anything else the bank should know',
    ]);
    expect(r.stderr).toContain('cancelled: nothing was sent');
    expect((await a.ok(['disputes', 'get', dp.id])).evidence_details.has_evidence).toBe(false);
  });

  it('API text reaches the terminal sanitised: no escape sequence in the header or a prompt default', async () => {
    const a = account();
    const cus = await a.customer('name=Eve\x1b]0;pwned\x07', 'email=eve@example.com');
    const { dp } = await a.disputed('pm_card_createDispute', 2000, `customer=${cus}`);
    const prompter = new ScriptedPrompter([USE_DEFAULT, USE_DEFAULT, '', '', '', '', false]);
    const r = await a.cli(['disputes', 'update', dp.id], { tty: true, prompter });
    expect(r.code).toBe(130);
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).toContain(`Customer ${cus}: Eve^[]0;pwned^G, eve@example.com`);
    expect(prompter.asked[0]!.default).toBe('Eve^[]0;pwned^G');
  });

  it('a dispute that no longer needs a response is refused before any question', async () => {
    const a = account();
    const { dp } = await a.disputed();
    await a.ok(['disputes', 'close', dp.id, '--yes']);
    const prompter = new ScriptedPrompter([]);
    const r = await a.cli(['disputes', 'update', dp.id], { tty: true, prompter });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${dp.id} has a status of lost: evidence can be given only while a dispute needs a response`);
    expect(prompter.asked).toEqual([]);
  });
});

describe('disputes close', () => {
  it('without --yes in a script: a usage error that says it accepts the loss, and nothing is sent', async () => {
    const a = account();
    const { dp } = await a.disputed();
    const events = async () => (await a.ok(['events', 'list', '--limit', '100'])).length;
    const before = await events();
    const r = await a.cli(['disputes', 'close', dp.id]);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: this action needs confirmation: re-run with --yes to close dispute ${dp.id} and accept the loss (the disputed amount and the dispute fee are not returned; this cannot be undone)\n`,
    });
    expect((await a.ok(['disputes', 'get', dp.id])).status).toBe('needs_response');
    expect(await events()).toBe(before);
  });

  it('on a TTY it asks (default No); yes closes it as lost', async () => {
    const a = account();
    const { dp } = await a.disputed();
    const no = new ScriptedPrompter([USE_DEFAULT]);
    expect((await a.cli(['disputes', 'close', dp.id], { tty: true, prompter: no })).code).toBe(130);
    expect(no.asked[0]).toMatchObject({ type: 'confirm', default: false, message: `Close dispute ${dp.id} and accept the loss (the disputed amount and the dispute fee are not returned; this cannot be undone)?` });
    expect((await a.ok(['disputes', 'get', dp.id])).status).toBe('needs_response');
    const r = await a.cli(['disputes', 'close', dp.id], { tty: true, prompter: new ScriptedPrompter([true]) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Status +lost$/m);
  });

  it('a dispute that no longer needs a response is refused before anyone is asked', async () => {
    const a = account();
    const { dp } = await a.disputed();
    await a.ok(['disputes', 'close', dp.id, '--yes']);
    const prompter = new ScriptedPrompter([]);
    const r = await a.cli(['disputes', 'close', dp.id], { tty: true, prompter });
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: `error: ${dp.id} has a status of lost: only a dispute that needs a response can be closed; nothing was sent\n` });
    expect(prompter.asked).toEqual([]);
  });
});

describe('charges and refunds know about disputes', () => {
  it('charges get shows the charge is disputed and names the dispute', async () => {
    const a = account();
    const { pi, dp } = await a.disputed();
    const r = await a.cli(['charges', 'get', pi.latest_charge], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Disputed +yes: ${dp.id} \\(needs_response\\)$`, 'm'));
    const plain = await a.payment('pm_card_visa', 1000);
    expect((await a.cli(['charges', 'get', plain.latest_charge], { tty: true })).stdout).toMatch(/^Disputed +no$/m);
  });

  it('the guided refund refuses a disputed charge with a plain explanation', async () => {
    const a = account();
    const { pi, dp } = await a.disputed();
    const prompter = new ScriptedPrompter([pi.latest_charge]);
    const r = await a.cli(['refunds', 'create'], { tty: true, prompter });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${pi.latest_charge} cannot be refunded: the cardholder disputed it (${dp.id}, needs_response), so their bank has already taken the money back. Answer the dispute or accept it: payctl disputes get ${dp.id}`,
    );
    expect(await a.ok(['refunds', 'list', '--payment-intent', pi.id])).toEqual([]);
  });

  it('a refund by flags gets the API’s charge_disputed error, exit 3', async () => {
    const a = account();
    const { pi } = await a.disputed();
    const r = await a.cli(['refunds', 'create', '--payment-intent', pi.id, '--yes']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('has been charged back; cannot issue a refund.');
  });
});

describe('disputes help', () => {
  it.each(['list', 'get', 'update', 'close'])('%s --help shows examples', async (verb) => {
    const r = await account().cli(['disputes', verb, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`$ payctl disputes ${verb}`);
  });
});
