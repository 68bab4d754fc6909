// `payctl charges …`: list/get/search from the generic builder, plus create (legacy), update, capture.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup, addRequestFlags, checkId, collect, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { chargesSpec as spec } from './fields.js';
import { checkEmailFlag } from '../resource/checks.js';
import { checkCustomerRef, customerIdOf } from '../customers/lookup.js';
import { addCaptureCommand } from './capture.js';
import { UsageError } from '../../errors.js';
import { formatAmount } from '../../money/format.js';
import { parseCurrency } from '../../money/parse.js';
import { chargeable, missingMoneyFlags, moneyOfCreate, readAmountFlag } from '../../money/input.js';

interface ChargeCreateFlags extends RequestFlagValues {
  amount?: string;
  currency?: string;
  source?: string;
  customer?: string;
  description?: string;
  capture?: boolean;
  receiptEmail?: string;
  metadata?: string[];
}

interface ChargeUpdateFlags extends RequestFlagValues {
  description?: string;
  receiptEmail?: string;
  customer?: string;
  metadata?: string[];
}

export function registerChargesCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);

  const create = group
    .command('create')
    .description('charge a card token or a customer directly (legacy Charges API; prefer payment-intents create)')
    .option('--amount <amount>', 'amount: 20.00 (major units of --currency) or 2000 (minor units)')
    .option('--currency <code>', 'three-letter currency code, e.g. usd')
    .option('--source <token>', 'card token or card id to charge, e.g. tok_visa')
    .option('--customer <id>', "customer whose default card to charge (cus_… or an email)")
    .option('--description <text>', 'description shown in the Dashboard and on receipts')
    .option('--capture', 'capture immediately (the default)')
    .option('--no-capture', 'only authorize now; capture later with `charges capture`')
    .option('--receipt-email <email>', 'email a receipt to this address')
    .option('--metadata <key=value>', 'metadata (repeatable)', collect);
  addRequestFlags(create, { mutation: true });
  withExamples(create, [
    'payctl charges create --amount 20.00 --currency usd --source tok_visa',
    'payctl charges create --amount 2000 --currency usd --customer cus_123 --description "Order 42"',
    'payctl charges create --amount 5000 --currency jpy --source tok_visa --no-capture --json',
  ]);
  create.action(async (o: ChargeCreateFlags) => {
    // Flags are checked before anything is asked, so a bad flag never costs a prompt.
    readAmountFlag(o.amount);
    if (o.customer !== undefined) checkCustomerRef(o.customer);
    if (o.currency !== undefined) parseCurrency(o.currency);
    const needSource = o.source === undefined && o.customer === undefined;
    const missing = [...missingMoneyFlags(o), ...(needSource ? ['--source or --customer'] : [])];
    const canAsk = ctx.f.io.canPrompt && ctx.globals().input;
    if (missing.length > 0 && !canAsk) throw new UsageError(`missing required ${missing.length === 1 ? 'flag' : 'flags'}: ${missing.join(', ')}`);
    const prompter = missing.length > 0 ? await ctx.prompter() : undefined;
    const { amount, currency } = await moneyOfCreate(prompter, o, { rules: [chargeable] });
    const source = needSource ? (await prompter!.input({ message: 'Card token to charge', default: 'tok_visa' })).trim() : o.source;
    const customer = o.customer === undefined ? undefined : await customerIdOf(ctx, o.customer);
    const params = await requestParams(o, {
      amount,
      currency,
      source,
      customer,
      description: o.description,
      capture: o.capture,
      receipt_email: checkEmailFlag(o.receiptEmail, '--receipt-email'),
      metadata: parseMetadataFlags(o.metadata),
    });
    const target = source ?? customer;
    await runMutation(
      ctx,
      { method: 'POST', path: spec.path, params, summary: `${o.capture === false ? 'authorize' : 'charge'} ${formatAmount(amount, currency)} to ${target}`, idempotencyKey: o.idempotencyKey, money: `${o.capture === false ? 'Authorizing' : 'Charging'} ${formatAmount(amount, currency)}` },
      spec.detail,
    );
  });

  const update = group
    .command('update')
    .description('update a charge: description, receipt email, metadata, or a customer when none is set')
    .argument('<id>', 'charge id')
    .option('--description <text>', 'description')
    .option('--receipt-email <email>', 'receipt email (a receipt is sent to it)')
    .option('--customer <id>', 'attach to this customer (only when the charge has none)')
    .option('--metadata <key=value>', 'metadata (repeatable); key= removes a key', collect);
  addRequestFlags(update, { mutation: true });
  withExamples(update, ['payctl charges update ch_123 --description "Order 42"', 'payctl charges update ch_123 --metadata order=42 --metadata old=']);
  update.action(async (chargeId: string, o: ChargeUpdateFlags) => {
    checkId(chargeId, spec);
    if (o.customer !== undefined) checkCustomerRef(o.customer);
    const params = await requestParams(o, {
      description: o.description,
      receipt_email: checkEmailFlag(o.receiptEmail, '--receipt-email'),
      customer: o.customer === undefined ? undefined : await customerIdOf(ctx, o.customer),
      metadata: parseMetadataFlags(o.metadata),
    });
    if (Object.keys(params).filter((k) => k !== 'expand').length === 0) {
      throw new UsageError('nothing to update: give at least one of --description, --receipt-email, --customer, --metadata or -d');
    }
    await runMutation(ctx, { method: 'POST', path: `${spec.path}/${chargeId}`, params, summary: `update charge ${chargeId}`, idempotencyKey: o.idempotencyKey }, spec.detail);
  });

  addCaptureCommand(group, ctx, spec, {
    amountParam: 'amount',
    description: 'capture an authorized (uncaptured) charge, in full or in part',
    examples: ['payctl charges capture ch_123', 'payctl charges capture ch_123 --amount 15.00'],
  });
}
