// `payctl payment-intents create`: from flags, or on a TTY by asking amount, currency, customer,
// payment method (test cards in test mode) and whether to confirm now, then confirming a summary.
import type { Command } from 'commander';
import { Option } from 'commander';
import type { CommandContext } from '../context.js';
import { addRequestFlags, checkId, collect, confirmSummary, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { checkEmailFlag, isEmail } from '../resource/checks.js';
import { checkCustomerRef, customerIdOf } from '../customers/lookup.js';
import { CAPTURE_METHODS, paymentIntentsSpec as spec } from './fields.js';
import { UsageError } from '../../errors.js';
import { formatAmount } from '../../money/format.js';
import { parseCurrency } from '../../money/parse.js';
import { chargeable, missingMoneyFlags, moneyOfCreate, readAmountFlag } from '../../money/input.js';

export interface PaymentIntentCreateFlags extends RequestFlagValues {
  amount?: string;
  currency?: string;
  customer?: string;
  paymentMethod?: string;
  confirm?: boolean;
  captureMethod?: string;
  description?: string;
  receiptEmail?: string;
  metadata?: string[];
  returnUrl?: string;
}

/** Test payment methods offered at the prompt in test mode (https://docs.stripe.com/testing). */
export const TEST_CARDS: ReadonlyArray<{ name: string; value: string }> = [
  { name: 'Visa 4242 (succeeds)', value: 'pm_card_visa' },
  { name: 'Mastercard 4444 (succeeds)', value: 'pm_card_mastercard' },
  { name: 'American Express 0005 (succeeds)', value: 'pm_card_amex' },
  { name: 'Visa 0077 (succeeds, funds available at once)', value: 'pm_card_bypassPending' },
  { name: 'Visa 0002 (declined: generic)', value: 'pm_card_visa_chargeDeclined' },
  { name: 'Visa 9995 (declined: insufficient funds)', value: 'pm_card_visa_chargeDeclinedInsufficientFunds' },
  { name: 'None: add a payment method later', value: '' },
];

const PM_ID = /^(pm|card|src|ba)_\S+$/;

export function newCreateCommand(group: Command, ctx: CommandContext): Command {
  const cmd = group
    .command('create')
    .description('create a payment intent (asks for the details on a TTY when --amount is missing)')
    .option('--amount <amount>', 'amount: 20.00 (major units of --currency) or 2000 (minor units)')
    .option('--currency <code>', 'three-letter currency code, e.g. usd')
    .option('--customer <id>', 'customer (cus_… or an email)')
    .option('--payment-method <id>', 'payment method, e.g. pm_card_visa in test mode')
    .option('--confirm', 'confirm now: attempt the payment immediately')
    .addOption(new Option('--capture-method <method>', 'when funds are captured (manual: authorize now, capture later)').choices(CAPTURE_METHODS))
    .option('--description <text>', 'description')
    .option('--receipt-email <email>', 'email a receipt to this address')
    .option('--metadata <key=value>', 'metadata (repeatable)', collect)
    .option('--return-url <url>', 'where to send the customer after a redirect-based payment method (with --confirm)');
  addRequestFlags(cmd, { mutation: true });
  cmd.addHelpText(
    'after',
    `
Card payments confirmed from a server cannot follow a redirect, so with
--payment-method and no --return-url payctl sends
automatic_payment_methods[enabled]=true and
automatic_payment_methods[allow_redirects]=never: the card is charged without
the API asking for a return URL. Give --return-url (or
-d automatic_payment_methods[…]) to allow redirect-based methods.`,
  );
  withExamples(cmd, [
    'payctl payment-intents create                       # asks for the details on a TTY',
    'payctl payment-intents create --amount 20.00 --currency usd --payment-method pm_card_visa --confirm',
    'payctl payment-intents create --amount 5000 --currency jpy --customer cus_123 --capture-method manual',
    'payctl payment-intents create --amount 20.00 --currency eur --metadata order=42 --json',
  ]);
  cmd.action(async (o: PaymentIntentCreateFlags) => createRun(ctx, o));
  return cmd;
}

/** Test mode (or the sandbox): offer the magic test cards. */
async function isTestMode(ctx: CommandContext): Promise<boolean> {
  if (ctx.globals().sandbox) return true;
  const creds = await ctx.credentials();
  return !creds.apiKey || /^(sk|rk)_test_/.test(creds.apiKey);
}

/**
 * Asks for what the flags left out: the currency first, then the amount in it (each checked at its own
 * prompt), then the rest, writing the answers into the flag values.
 */
async function askMissing(ctx: CommandContext, o: PaymentIntentCreateFlags): Promise<{ amount: number; currency: string }> {
  const prompter = await ctx.prompter();
  const money = await moneyOfCreate(prompter, o, { rules: [chargeable] });
  if (o.customer === undefined) {
    const customer = await prompter.input({
      message: 'Customer id or email (optional)',
      default: '',
      validate: (v) => (v.trim() === '' || /^cus_\S+$/.test(v.trim()) || isEmail(v.trim()) ? true : 'enter a customer id like cus_123, an email, or nothing'),
    });
    if (customer.trim() !== '') o.customer = customer.trim();
  }
  if (o.paymentMethod === undefined) {
    const pm = (await isTestMode(ctx))
      ? await prompter.select({ message: 'Payment method', choices: [...TEST_CARDS], default: 'pm_card_visa' })
      : await prompter.input({
          message: 'Payment method id (optional, pm_…)',
          default: '',
          validate: (v) => (v.trim() === '' || PM_ID.test(v.trim()) ? true : 'enter a payment method id like pm_123, or nothing'),
        });
    if (pm.trim() !== '') o.paymentMethod = pm.trim();
  }
  if (o.confirm === undefined && o.paymentMethod !== undefined) {
    o.confirm = await prompter.confirm({ message: 'Confirm now (charge the payment method)?', default: true });
  }
  return money;
}

export async function createRun(ctx: CommandContext, o: PaymentIntentCreateFlags): Promise<void> {
  // Flags are checked before anything is asked, so a bad flag never costs a prompt.
  readAmountFlag(o.amount);
  if (o.currency !== undefined) parseCurrency(o.currency);
  if (o.customer !== undefined) checkCustomerRef(o.customer);
  const interactive = o.amount === undefined && ctx.f.io.canPrompt && ctx.globals().input;
  let money: { amount: number; currency: string };
  if (interactive) {
    money = await askMissing(ctx, o);
  } else {
    const missing = missingMoneyFlags(o);
    if (missing.length > 0) throw new UsageError(`missing required ${missing.length === 1 ? 'flag' : 'flags'}: ${missing.join(', ')}`);
    money = await moneyOfCreate(undefined, o);
  }
  const { amount, currency } = money;
  if (o.customer !== undefined) o.customer = await customerIdOf(ctx, checkCustomerRef(o.customer));
  if (o.paymentMethod !== undefined && !PM_ID.test(o.paymentMethod)) throw new UsageError(`invalid --payment-method "${o.paymentMethod}": expected a payment method id like pm_card_visa`);
  if (o.returnUrl !== undefined && !o.confirm) throw new UsageError('--return-url only applies with --confirm');
  if (o.returnUrl !== undefined && !/^https?:\/\/\S+$/.test(o.returnUrl)) throw new UsageError(`invalid --return-url "${o.returnUrl}": use an http(s) URL`);

  const params = await requestParams(o, {
    amount,
    currency,
    customer: o.customer,
    payment_method: o.paymentMethod,
    confirm: o.confirm ? true : undefined,
    capture_method: o.captureMethod,
    description: o.description,
    receipt_email: checkEmailFlag(o.receiptEmail, '--receipt-email'),
    metadata: parseMetadataFlags(o.metadata),
    return_url: o.returnUrl,
  });
  // A server-side card confirm cannot follow a redirect; see the help text above.
  if (o.paymentMethod !== undefined && o.returnUrl === undefined && params.automatic_payment_methods === undefined && params.payment_method_types === undefined) {
    params.automatic_payment_methods = { enabled: true, allow_redirects: 'never' };
  }

  const what = `${formatAmount(amount, currency)}${o.customer ? ` for ${o.customer}` : ''}${o.paymentMethod ? ` with ${o.paymentMethod}` : ''}`;
  const summary = o.confirm ? `create and confirm a payment of ${what}` : `create a payment intent of ${what}`;
  if (interactive) await confirmSummary(ctx, `${summary[0]!.toUpperCase()}${summary.slice(1)}${o.captureMethod === 'manual' ? ' (authorize only; capture later)' : ''}.`);
  const verb = !o.confirm ? 'Creating a payment intent of' : o.captureMethod === 'manual' ? 'Authorizing' : 'Charging';
  const said = `${verb} ${formatAmount(amount, currency)}`;
  await runMutation(ctx, { method: 'POST', path: spec.path, params, summary, idempotencyKey: o.idempotencyKey, money: said }, spec.detail);
}
