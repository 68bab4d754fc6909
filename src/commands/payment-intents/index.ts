// `payctl payment-intents …`: list/get/search from the generic builder, plus create, update, and the
// state changes confirm, capture and cancel.
import type { Command } from 'commander';
import { Option } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup, addRequestFlags, checkId, collect, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { addObjectAction } from '../resource/object-action.js';
import { addCaptureCommand } from '../charges/capture.js';
import { checkEmailFlag } from '../resource/checks.js';
import { checkCustomerRef, customerIdOf } from '../customers/lookup.js';
import { dryRunAmount, flagAmount, readAmountFlag } from '../../money/input.js';
import { formatAmount } from '../../money/format.js';
import { CANCELLATION_REASONS, CAPTURE_METHODS, paymentIntentsSpec as spec } from './fields.js';
import { newCreateCommand } from './create.js';
import { UsageError } from '../../errors.js';
import { parseCurrency } from '../../money/parse.js';

interface PaymentIntentUpdateFlags extends RequestFlagValues {
  amount?: string;
  currency?: string;
  customer?: string;
  paymentMethod?: string;
  captureMethod?: string;
  description?: string;
  receiptEmail?: string;
  metadata?: string[];
}

interface ConfirmFlags extends RequestFlagValues {
  paymentMethod?: string;
  returnUrl?: string;
}

interface CancelFlags extends RequestFlagValues {
  reason?: string;
}

export function registerPaymentIntentsCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);
  newCreateCommand(group, ctx);

  const update = group
    .command('update')
    .description('update a payment intent that is not yet paid or canceled')
    .argument('<id>', 'payment intent id')
    .option('--amount <amount>', "new amount: 20.00 (major units of --currency, else the intent's currency) or 2000 (minor units)")
    .option('--currency <code>', 'new currency')
    .option('--customer <id>', 'customer (cus_… or an email)')
    .option('--payment-method <id>', 'payment method (pm_…); confirm again afterwards')
    .addOption(new Option('--capture-method <method>', 'when funds are captured').choices(CAPTURE_METHODS))
    .option('--description <text>', 'description')
    .option('--receipt-email <email>', 'receipt email')
    .option('--metadata <key=value>', 'metadata (repeatable); key= removes a key', collect);
  addRequestFlags(update, { mutation: true });
  withExamples(update, ['payctl payment-intents update pi_123 --amount 25.00', 'payctl payment-intents update pi_123 --metadata order=42 --description "Order 42"']);
  update.action(async (piId: string, o: PaymentIntentUpdateFlags) => {
    checkId(piId, spec);
    const currency = o.currency === undefined ? undefined : parseCurrency(o.currency);
    if (o.customer !== undefined) checkCustomerRef(o.customer);
    const pending = readAmountFlag(o.amount);
    const named = {
      currency,
      customer: o.customer,
      payment_method: o.paymentMethod,
      capture_method: o.captureMethod,
      description: o.description,
      receipt_email: checkEmailFlag(o.receiptEmail, '--receipt-email'),
      metadata: parseMetadataFlags(o.metadata),
    };
    if (pending === undefined && Object.values(named).every((v) => v === undefined) && (o.data ?? []).length === 0) {
      throw new UsageError('nothing to update: give at least one of --amount, --currency, --customer, --payment-method, --capture-method, --description, --receipt-email, --metadata or -d');
    }
    let amount: number | undefined;
    let money: string | undefined;
    if (pending && currency !== undefined) {
      amount = flagAmount(pending, currency, '--currency is');
    } else if (pending && ctx.globals().dryRun) {
      amount = dryRunAmount(pending, spec.noun);
    } else if (pending) {
      // The intent's own currency reads the amount and is checked against one written in it.
      const own = (await (await ctx.client()).get<{ currency: string }>(`${spec.path}/${piId}`)).currency;
      amount = flagAmount(pending, own, `payment intent ${piId} is in`);
      money = `Changing the amount to ${formatAmount(amount, own)}`;
    }
    if (amount !== undefined && currency !== undefined) money = `Changing the amount to ${formatAmount(amount, currency)}`;
    if (named.customer !== undefined) named.customer = await customerIdOf(ctx, named.customer);
    const params = await requestParams(o, { amount, ...named });
    await runMutation(ctx, { method: 'POST', path: `${spec.path}/${piId}`, params, summary: `update payment intent ${piId}`, idempotencyKey: o.idempotencyKey, money }, spec.detail);
  });

  addObjectAction<ConfirmFlags>(group, ctx, spec, {
    verb: 'confirm',
    apiPath: 'confirm',
    description: 'confirm a payment intent: attempt the payment (a decline exits 5 with the reason)',
    summary: (id) => `confirm payment intent ${id} (charge its payment method)`,
    examples: ['payctl payment-intents confirm pi_123', 'payctl payment-intents confirm pi_123 --payment-method pm_card_visa', 'payctl payment-intents confirm pi_123 --return-url https://example.com/done'],
    flags: (cmd) =>
      cmd
        .option('--payment-method <id>', 'payment method to use (pm_…, or pm_card_visa in test mode)')
        .option('--return-url <url>', 'where to send the customer after a redirect (3-D Secure, bank redirects)')
        .addHelpText(
          'after',
          `
An intent created without --payment-method accepts redirect-based methods, so
the API asks for --return-url when it is confirmed. Create it with
--payment-method (payctl then turns redirects off) and confirm works from the
terminal.`,
        ),
    params: (o) => {
      if (o.paymentMethod !== undefined && !/^(pm|card|src|ba)_\S+$/.test(o.paymentMethod)) throw new UsageError(`invalid --payment-method "${o.paymentMethod}": expected a payment method id like pm_card_visa`);
      if (o.returnUrl !== undefined && !/^https?:\/\/\S+$/.test(o.returnUrl)) throw new UsageError(`invalid --return-url "${o.returnUrl}": use an http(s) URL`);
      return { payment_method: o.paymentMethod, return_url: o.returnUrl };
    },
  });

  addCaptureCommand(group, ctx, spec, {
    amountParam: 'amount_to_capture',
    description: 'capture an authorized payment intent (status requires_capture), in full or in part',
    examples: ['payctl payment-intents capture pi_123', 'payctl payment-intents capture pi_123 --amount 15.00'],
  });

  addObjectAction<CancelFlags>(group, ctx, spec, {
    verb: 'cancel',
    apiPath: 'cancel',
    description: 'cancel a payment intent and release any authorization (asks on a TTY; --yes otherwise)',
    summary: (id) => `cancel payment intent ${id}`,
    destructive: true,
    examples: [
      'payctl payment-intents cancel pi_123 --yes',
      'payctl payment-intents cancel pi_123 --reason abandoned --yes',
      'payctl payment-intents cancel --from-csv stale.csv --yes   # columns: payment_intent, cancellation_reason',
    ],
    bulk: 'payment-intents-cancel',
    flags: (cmd) => cmd.addOption(new Option('--reason <reason>', 'cancellation reason').choices(CANCELLATION_REASONS)),
    params: (o) => ({ cancellation_reason: o.reason }),
  });
}
