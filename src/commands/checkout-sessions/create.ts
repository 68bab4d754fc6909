// `payctl checkout-sessions create`: a hosted payment page; its URL is what the operator wants,
// so it also goes to stderr on a TTY next to whatever stdout shows.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addRequestFlags, collect, fillMissing, parseIntFlag, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { CHECKOUT_MODES, checkoutSessionsSpec as spec } from './fields.js';
import { parseLineItem } from './line-items.js';
import { parseCurrency } from '../../money/parse.js';
import { UsageError } from '../../errors.js';

interface CheckoutCreateFlags extends RequestFlagValues {
  successUrl?: string;
  cancelUrl?: string;
  lineItem?: string[];
  price?: string;
  quantity?: string;
  currency?: string;
  customer?: string;
  customerEmail?: string;
  mode?: string;
  metadata?: string[];
}

function checkUrl(value: string): true | string {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:' ? true : 'enter an http(s) URL';
  } catch {
    return 'enter a URL like https://example.com/thanks';
  }
}

function urlFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ok = checkUrl(value);
  if (ok !== true) throw new UsageError(`invalid ${flag} "${value}": ${ok}`);
  return value;
}

/** Line items from --line-item and --price/--quantity, checked before any request. */
function lineItems(o: CheckoutCreateFlags): unknown[] {
  const currency = o.currency === undefined ? undefined : parseCurrency(o.currency);
  const items: unknown[] = (o.lineItem ?? []).map((v) => parseLineItem(v, currency));
  if (o.quantity !== undefined && o.price === undefined) throw new UsageError('--quantity goes with --price (a --line-item carries its own quantity=N)');
  if (o.price !== undefined) {
    if (!/^price_\S+$/.test(o.price)) throw new UsageError(`invalid --price "${o.price}": expected a price id (price_…)`);
    items.push({ price: o.price, quantity: parseIntFlag(o.quantity, '--quantity', { min: 1, max: 999_999 }) ?? 1 });
  }
  return items;
}

export function newCreateCommand(group: Command, ctx: CommandContext): Command {
  const cmd = group
    .command('create')
    .description('create a hosted checkout page and print its URL')
    .option('--success-url <url>', 'where the customer lands after paying')
    .option('--cancel-url <url>', 'where the customer goes if they back out')
    .option('--line-item <spec>', 'a product (repeatable): name=…,amount=…,currency=…[,quantity=…], e.g. name=Tee,amount=20.00,currency=usd', collect)
    .option('--price <id>', 'an existing price (price_…) instead of --line-item')
    .option('--quantity <n>', 'quantity of --price (default 1)')
    .option('--currency <code>', 'currency for --line-item values that do not name one')
    .option('--customer <id>', 'existing customer (cus_…)')
    .option('--customer-email <email>', 'prefill the email on the page')
    .option('--mode <mode>', `${CHECKOUT_MODES.join(', ')} (default payment)`)
    .option('--metadata <key=value>', 'metadata (repeatable)', collect);
  addRequestFlags(cmd, { mutation: true });
  withExamples(cmd, [
    'payctl checkout-sessions create --success-url https://example.com/thanks --line-item "name=T-shirt,amount=20.00,currency=usd,quantity=2"',
    'payctl checkout-sessions create --success-url https://example.com/thanks --price price_123 --quantity 3 --customer cus_123',
    'payctl checkout-sessions create --success-url https://example.com/thanks --line-item "name=Ticket,amount=500,currency=jpy" --json | jq -r .url',
  ]);
  cmd.action(async (o: CheckoutCreateFlags) => {
    const mode = o.mode ?? 'payment';
    if (!CHECKOUT_MODES.includes(mode as (typeof CHECKOUT_MODES)[number])) throw new UsageError(`invalid --mode "${mode}": use one of ${CHECKOUT_MODES.join(', ')}`);
    const items = lineItems(o);
    const itemsByData = (o.data ?? []).some((d) => d.startsWith('line_items'));
    if (mode !== 'setup' && items.length === 0 && !itemsByData) throw new UsageError(`missing required flag: --line-item or --price (${mode} mode needs something to sell)`);
    if (o.customer !== undefined && !/^cus_\S+$/.test(o.customer)) throw new UsageError(`invalid --customer "${o.customer}": expected a customer id (cus_…)`);
    if (o.customer !== undefined && o.customerEmail !== undefined) throw new UsageError('use only one of --customer and --customer-email');
    // Asked last, so a bad flag never costs a prompt.
    const [successUrl] = await fillMissing(ctx, [{ flag: '--success-url', message: 'Success URL (where the customer lands after paying)', value: o.successUrl, validate: checkUrl }]);
    const params = await requestParams(o, {
      mode,
      success_url: urlFlag('--success-url', successUrl),
      cancel_url: urlFlag('--cancel-url', o.cancelUrl),
      line_items: items.length > 0 ? items : undefined,
      customer: o.customer,
      customer_email: o.customerEmail,
      metadata: parseMetadataFlags(o.metadata),
    });
    const session = (await runMutation(ctx, { method: 'POST', path: spec.path, params, summary: 'create a checkout session', idempotencyKey: o.idempotencyKey }, spec.detail)) as { url?: string | null };
    if (session.url) ctx.note(`Checkout page: ${session.url}`);
  });
  return cmd;
}
