// `payctl charges …`: list/get/search from the generic builder, plus create (legacy), update, capture.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup, addRequestFlags, checkId, collect, fillMissing, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { chargesSpec as spec } from './fields.js';
import { checkEmailFlag, readAmount, validating } from './input.js';
import { addCaptureCommand } from './capture.js';
import { UsageError } from '../../errors.js';
import { formatAmount, parseAmount, parseCurrency } from '../../output/money.js';

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
    .option('--amount <amount>', 'amount: 2000 (minor units) or 20.00 (major units of --currency)')
    .option('--currency <code>', 'three-letter currency code, e.g. usd')
    .option('--source <token>', 'card token or card id to charge, e.g. tok_visa')
    .option('--customer <id>', "customer whose default card to charge (cus_…)")
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
    const needSource = o.source === undefined && o.customer === undefined;
    const asked = await fillMissing(ctx, [
      { flag: '--amount', message: 'Amount (20.00, or 2000 in minor units)', value: o.amount, validate: validating((v) => readAmount(v)) },
      { flag: '--currency', message: 'Currency', value: o.currency, default: 'usd', validate: validating(parseCurrency) },
      ...(needSource ? [{ flag: '--source or --customer', message: 'Card token to charge', value: undefined, default: 'tok_visa' }] : []),
    ]);
    const currency = parseCurrency(asked[1]!);
    const amount = parseAmount(asked[0]!, currency);
    const source = needSource ? asked[2] : o.source;
    if (o.customer !== undefined) checkId(o.customer, { idPrefixes: ['cus_'], noun: 'customer' });
    const params = await requestParams(o, {
      amount,
      currency,
      source,
      customer: o.customer,
      description: o.description,
      capture: o.capture,
      receipt_email: checkEmailFlag(o.receiptEmail, '--receipt-email'),
      metadata: parseMetadataFlags(o.metadata),
    });
    const target = source ?? o.customer;
    await runMutation(
      ctx,
      { method: 'POST', path: spec.path, params, summary: `${o.capture === false ? 'authorize' : 'charge'} ${formatAmount(amount, currency)} to ${target}`, idempotencyKey: o.idempotencyKey },
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
    if (o.customer !== undefined) checkId(o.customer, { idPrefixes: ['cus_'], noun: 'customer' });
    const params = await requestParams(o, {
      description: o.description,
      receipt_email: checkEmailFlag(o.receiptEmail, '--receipt-email'),
      customer: o.customer,
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
