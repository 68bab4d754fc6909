// `payctl setup-intents …`: list/get from the generic builder, plus create (save a card without
// charging it), confirm and cancel.
import type { Command } from 'commander';
import { Option } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup, addRequestFlags, checkId, collect, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { addObjectAction } from '../resource/object-action.js';
import { SETUP_CANCELLATION_REASONS, USAGES, setupIntentsSpec as spec } from './fields.js';
import { UsageError } from '../../errors.js';

interface SetupCreateFlags extends RequestFlagValues {
  customer?: string;
  paymentMethod?: string;
  usage?: string;
  confirm?: boolean;
  description?: string;
  metadata?: string[];
  returnUrl?: string;
}

interface ConfirmFlags extends RequestFlagValues {
  paymentMethod?: string;
  returnUrl?: string;
}

interface CancelFlags extends RequestFlagValues {
  reason?: string;
}

const PM_ID = /^(pm|card|src|ba)_\S+$/;

function checkPaymentMethod(value: string | undefined): void {
  if (value !== undefined && !PM_ID.test(value)) throw new UsageError(`invalid --payment-method "${value}": expected a payment method id like pm_card_visa`);
}

function checkReturnUrl(value: string | undefined): void {
  if (value !== undefined && !/^https?:\/\/\S+$/.test(value)) throw new UsageError(`invalid --return-url "${value}": use an http(s) URL`);
}

export function registerSetupIntentsCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);

  const create = group
    .command('create')
    .description('create a setup intent: save a card for later payments (nothing is charged)')
    .option('--customer <id>', 'customer the card is saved to (cus_…)')
    .option('--payment-method <id>', 'payment method, e.g. pm_card_visa in test mode')
    .addOption(new Option('--usage <usage>', 'how the card will be used later (default off_session)').choices(USAGES))
    .option('--confirm', 'confirm now: verify and save the card immediately')
    .option('--description <text>', 'description')
    .option('--metadata <key=value>', 'metadata (repeatable)', collect)
    .option('--return-url <url>', 'where to send the customer after a redirect (with --confirm)');
  addRequestFlags(create, { mutation: true });
  create.addHelpText(
    'after',
    `
As with payment intents, --payment-method without --return-url sends
automatic_payment_methods[enabled]=true and
automatic_payment_methods[allow_redirects]=never, so a card is confirmed
from the terminal without the API asking for a return URL. A card that
needs 3-D Secure leaves the setup intent in requires_action.`,
  );
  withExamples(create, [
    'payctl setup-intents create --customer cus_123 --payment-method pm_card_visa --confirm',
    'payctl setup-intents create --customer cus_123 --usage on_session --json',
  ]);
  create.action(async (o: SetupCreateFlags) => {
    if (o.customer !== undefined) checkId(o.customer, { idPrefixes: ['cus_'], noun: 'customer' });
    checkPaymentMethod(o.paymentMethod);
    if (o.returnUrl !== undefined && !o.confirm) throw new UsageError('--return-url only applies with --confirm');
    checkReturnUrl(o.returnUrl);
    if (o.confirm && o.paymentMethod === undefined) throw new UsageError('--confirm needs --payment-method');
    const params = await requestParams(o, {
      customer: o.customer,
      payment_method: o.paymentMethod,
      usage: o.usage,
      confirm: o.confirm ? true : undefined,
      description: o.description,
      metadata: parseMetadataFlags(o.metadata),
      return_url: o.returnUrl,
    });
    if (o.paymentMethod !== undefined && o.returnUrl === undefined && params.automatic_payment_methods === undefined && params.payment_method_types === undefined) {
      params.automatic_payment_methods = { enabled: true, allow_redirects: 'never' };
    }
    const what = `${o.paymentMethod ? ` ${o.paymentMethod}` : ''}${o.customer ? ` for ${o.customer}` : ''}`;
    const summary = o.confirm ? `save the card${what}` : `create a setup intent${what}`;
    await runMutation(ctx, { method: 'POST', path: spec.path, params, summary, idempotencyKey: o.idempotencyKey }, spec.detail);
  });

  addObjectAction<ConfirmFlags>(group, ctx, spec, {
    verb: 'confirm',
    apiPath: 'confirm',
    description: 'confirm a setup intent: verify and save its card (a decline exits 5 with the reason)',
    summary: (id) => `confirm setup intent ${id} (save its payment method)`,
    examples: ['payctl setup-intents confirm seti_123', 'payctl setup-intents confirm seti_123 --payment-method pm_card_visa'],
    flags: (cmd) =>
      cmd
        .option('--payment-method <id>', 'payment method to save (pm_…, or pm_card_visa in test mode)')
        .option('--return-url <url>', 'where to send the customer after a redirect (3-D Secure)'),
    params: (o) => {
      checkPaymentMethod(o.paymentMethod);
      checkReturnUrl(o.returnUrl);
      return { payment_method: o.paymentMethod, return_url: o.returnUrl };
    },
  });

  addObjectAction<CancelFlags>(group, ctx, spec, {
    verb: 'cancel',
    apiPath: 'cancel',
    description: 'cancel a setup intent that has not succeeded (asks on a TTY; --yes otherwise)',
    summary: (id) => `cancel setup intent ${id}`,
    destructive: true,
    examples: ['payctl setup-intents cancel seti_123 --yes', 'payctl setup-intents cancel seti_123 --reason abandoned --yes'],
    flags: (cmd) => cmd.addOption(new Option('--reason <reason>', 'cancellation reason').choices(SETUP_CANCELLATION_REASONS)),
    params: (o) => ({ cancellation_reason: o.reason }),
  });
}
