// `payctl subscriptions …`: list/get/search from the generic builder, plus create, update, cancel
// (guided on a terminal) and resume.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup, addRequestFlags, checkId, collect, parseIntFlag, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { addObjectAction } from '../resource/object-action.js';
import { subscriptionsSpec as spec } from './fields.js';
import { newCancelCommand } from './cancel.js';
import { UsageError } from '../../errors.js';
import { checkCustomerRef, customerIdOf } from '../customers/lookup.js';

const PAYMENT_BEHAVIORS = ['allow_incomplete', 'default_incomplete', 'error_if_incomplete'] as const;
const PRORATION_BEHAVIORS = ['create_prorations', 'none', 'always_invoice'] as const;

interface CreateFlags extends RequestFlagValues {
  customer?: string;
  price?: string[];
  quantity?: string;
  trialDays?: string;
  paymentMethod?: string;
  collectionMethod?: string;
  daysUntilDue?: string;
  cancelAtPeriodEnd?: boolean;
  paymentBehavior?: string;
  metadata?: string[];
}

interface UpdateFlags extends RequestFlagValues {
  price?: string;
  quantity?: string;
  prorationBehavior?: string;
  paymentMethod?: string;
  metadata?: string[];
  cancelAtPeriodEnd?: boolean;
  pauseCollection?: string | false;
}

const PAUSE_BEHAVIORS = ['void', 'keep_as_draft', 'mark_uncollectible'] as const;

function oneOf(value: string | undefined, flag: string, choices: readonly string[]): void {
  if (value !== undefined && !choices.includes(value)) throw new UsageError(`invalid ${flag} "${value}": use one of ${choices.join(', ')}`);
}

export function registerSubscriptionsCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);

  const create = group
    .command('create')
    .description('subscribe a customer to one or more recurring prices')
    .option('--customer <id>', 'customer (cus_… or email, required)')
    .option('--price <id>', 'recurring price (price_…, repeatable, required)', collect)
    .option('--quantity <n>', 'quantity of each price (default 1)')
    .option('--trial-days <n>', 'free trial length in days')
    .option('--payment-method <id>', "a payment method attached to the customer (see customers payment-methods); default: the customer's default")
    .option('--collection-method <method>', 'charge_automatically (default) or send_invoice')
    .option('--days-until-due <n>', 'with send_invoice: days until each invoice is due')
    .option('--cancel-at-period-end', 'end it after the first period')
    .option('--payment-behavior <behavior>', `${PAYMENT_BEHAVIORS.join(', ')} (default allow_incomplete)`)
    .option('--metadata <key=value>', 'metadata (repeatable)', collect);
  addRequestFlags(create, { mutation: true });
  withExamples(create, [
    'payctl subscriptions create --customer ada@example.com --price price_123',
    'payctl subscriptions create --customer cus_123 --price price_123 --trial-days 14',
    'payctl subscriptions create --customer cus_123 --price price_123 --collection-method send_invoice --days-until-due 30',
  ]);
  create.action(async (o: CreateFlags) => {
    if (o.customer === undefined) throw new UsageError('missing required flag: --customer');
    const customer = checkCustomerRef(o.customer);
    if (!o.price || o.price.length === 0) throw new UsageError('missing required flag: --price');
    for (const p of o.price) checkId(p, { idPrefixes: ['price_'], noun: 'price' });
    if (o.paymentMethod !== undefined) checkId(o.paymentMethod, { idPrefixes: ['pm_', 'card_'], noun: 'payment method' });
    oneOf(o.collectionMethod, '--collection-method', ['charge_automatically', 'send_invoice']);
    oneOf(o.paymentBehavior, '--payment-behavior', PAYMENT_BEHAVIORS);
    const quantity = parseIntFlag(o.quantity, '--quantity', { min: 1, max: 1_000_000 });
    const trial = parseIntFlag(o.trialDays, '--trial-days', { min: 1, max: 730 });
    const days = parseIntFlag(o.daysUntilDue, '--days-until-due', { min: 0, max: 3650 });
    if (o.collectionMethod === 'send_invoice' && days === undefined) throw new UsageError('--collection-method send_invoice needs --days-until-due');
    if (days !== undefined && o.collectionMethod !== 'send_invoice') throw new UsageError('--days-until-due needs --collection-method send_invoice');
    const customerId = await customerIdOf(ctx, customer);
    const params = await requestParams(o, {
      customer: customerId,
      items: o.price.map((price) => ({ price, ...(quantity !== undefined ? { quantity } : {}) })),
      trial_period_days: trial,
      default_payment_method: o.paymentMethod,
      collection_method: o.collectionMethod,
      days_until_due: days,
      cancel_at_period_end: o.cancelAtPeriodEnd,
      payment_behavior: o.paymentBehavior,
      metadata: parseMetadataFlags(o.metadata),
    });
    await runMutation(ctx, { method: 'POST', path: spec.path, params, summary: `subscribe ${customerId} to ${o.price.join(', ')}`, idempotencyKey: o.idempotencyKey }, spec.detail);
  });

  const update = group
    .command('update')
    .description('change the price or quantity (prorated), payment method, metadata or cancellation')
    .argument('<id>', 'subscription id')
    .option('--price <id>', 'switch the (single) item to this recurring price')
    .option('--quantity <n>', 'new quantity of the (single) item')
    .option('--proration-behavior <behavior>', `${PRORATION_BEHAVIORS.join(', ')} (default create_prorations)`)
    .option('--payment-method <id>', 'payment method to charge from now on (retries a past-due invoice)')
    .option('--metadata <key=value>', 'metadata (repeatable); key= removes a key', collect)
    .option('--cancel-at-period-end', 'end it when the current period ends')
    .option('--no-cancel-at-period-end', 'keep renewing (same as resume)')
    .option('--pause-collection <behavior>', `keep invoicing without collecting: ${PAUSE_BEHAVIORS.join(', ')}`)
    .option('--no-pause-collection', 'collect payments again');
  addRequestFlags(update, { mutation: true });
  withExamples(update, [
    'payctl subscriptions update sub_123 --price price_456 --proration-behavior always_invoice',
    'payctl subscriptions update sub_123 --quantity 5',
    'payctl subscriptions update sub_123 --payment-method pm_123',
    'payctl subscriptions update sub_123 --pause-collection void',
  ]);
  update.action(async (subId: string, o: UpdateFlags) => {
    checkId(subId, spec);
    if (o.price !== undefined) checkId(o.price, { idPrefixes: ['price_'], noun: 'price' });
    if (o.paymentMethod !== undefined) checkId(o.paymentMethod, { idPrefixes: ['pm_', 'card_'], noun: 'payment method' });
    oneOf(o.prorationBehavior, '--proration-behavior', PRORATION_BEHAVIORS);
    if (typeof o.pauseCollection === 'string') oneOf(o.pauseCollection, '--pause-collection', PAUSE_BEHAVIORS);
    const quantity = parseIntFlag(o.quantity, '--quantity', { min: 1, max: 1_000_000 });
    if (o.prorationBehavior !== undefined && o.price === undefined && quantity === undefined) throw new UsageError('--proration-behavior needs --price or --quantity');
    let items: unknown;
    if (o.price !== undefined || quantity !== undefined) {
      const client = await ctx.client();
      const sub = await client.get<{ items: { data: Array<{ id: string }> } }>(`${spec.path}/${encodeURIComponent(subId)}`);
      if (sub.items.data.length !== 1) throw new UsageError(`${subId} has ${sub.items.data.length} items: change them with -d "items[0][id]=si_…" -d "items[0][price]=price_…"`);
      items = [{ id: sub.items.data[0]!.id, price: o.price, quantity }];
    }
    const params = await requestParams(o, {
      items,
      proration_behavior: o.prorationBehavior,
      default_payment_method: o.paymentMethod,
      metadata: parseMetadataFlags(o.metadata),
      cancel_at_period_end: o.cancelAtPeriodEnd,
      // `pause_collection=` (empty) clears the pause.
      pause_collection: o.pauseCollection === false ? '' : o.pauseCollection !== undefined ? { behavior: o.pauseCollection } : undefined,
    });
    if (Object.keys(params).filter((k) => k !== 'expand').length === 0) {
      throw new UsageError('nothing to update: give at least one of --price, --quantity, --payment-method, --metadata, --cancel-at-period-end, --pause-collection or -d');
    }
    await runMutation(ctx, { method: 'POST', path: `${spec.path}/${subId}`, params, summary: `update subscription ${subId}`, idempotencyKey: o.idempotencyKey }, spec.detail);
  });

  newCancelCommand(group, ctx);

  addObjectAction(group, ctx, spec, {
    verb: 'resume',
    description: 'undo a cancellation scheduled for the period end',
    summary: (id) => `resume subscription ${id} (cancel_at_period_end=false)`,
    examples: ['payctl subscriptions resume sub_123'],
    params: () => ({ cancel_at_period_end: false }),
  });
}
