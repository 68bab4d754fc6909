// `payctl customers payment-methods CUSTOMER`: the customer's saved payment methods (brand, last4,
// expiry) with a ✓ on the invoice default (invoice_settings.default_payment_method).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addRequestFlags, checkId, parseIntFlag, printList, requestParams, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { id, text, time, type Column } from '../../output/columns.js';
import { UsageError } from '../../errors.js';
import { customersSpec } from './fields.js';

interface PaymentMethodsFlags extends RequestFlagValues {
  type?: string;
  limit?: string;
  startingAfter?: string;
  endingBefore?: string;
  all?: boolean;
}

interface CardPaymentMethod {
  id: string;
  card?: { brand?: string; last4?: string; exp_month?: number; exp_year?: number } | null;
}

/** Columns for one customer's methods; `defaultId` is its invoice default. */
export function paymentMethodColumns(defaultId: string | null): Column[] {
  return [
    id(),
    text('BRAND', 'card.brand'),
    text('LAST4', 'card.last4'),
    text('EXPIRES', 'card.exp_year', {
      get: (o: CardPaymentMethod) => (o.card?.exp_month && o.card.exp_year ? `${String(o.card.exp_month).padStart(2, '0')}/${o.card.exp_year}` : ''),
    }),
    text('DEFAULT', 'default', { get: (o: CardPaymentMethod) => (o.id === defaultId ? '✓' : '') }),
    time('CREATED'),
  ];
}

export function addPaymentMethodsCommand(group: Command, ctx: CommandContext): Command {
  const cmd = group
    .command('payment-methods')
    .description("list a customer's saved payment methods, newest first (✓ marks the invoice default)")
    .argument('<customer>', 'customer id')
    .option('--type <type>', 'payment method type (default: every type)')
    .option('--limit <n>', 'page size, 1-100 (default 10; with --all, 100)')
    .option('--starting-after <id>', 'page after this payment method (older)')
    .option('--ending-before <id>', 'page before this payment method (newer)')
    .option('--all', 'stream every page');
  addRequestFlags(cmd, { mutation: false });
  withExamples(cmd, ['payctl customers payment-methods cus_123', 'payctl customers payment-methods cus_123 --type card --json']);
  cmd.action(async (customerId: string, o: PaymentMethodsFlags) => {
    checkId(customerId, customersSpec);
    if (o.type !== undefined && !/^[a-z_]+$/.test(o.type)) throw new UsageError(`invalid --type "${o.type}": use a payment method type such as card`);
    const params = await requestParams(o, { type: o.type }, { listExpand: true });
    const limit = parseIntFlag(o.limit, '--limit', { min: 1, max: 100 });
    if (limit !== undefined) params.limit = limit;
    if (o.startingAfter && o.endingBefore) throw new UsageError('use only one of --starting-after and --ending-before');
    if (o.startingAfter) params.starting_after = o.startingAfter;
    if (o.endingBefore) params.ending_before = o.endingBefore;
    const client = await ctx.client();
    const path = `${customersSpec.path}/${encodeURIComponent(customerId)}/payment_methods`;
    // The customer (for its default) only matters to the table.
    const { format } = ctx.output();
    const table = format !== 'json' && format !== 'jsonl';
    const customer = table ? await client.get<{ invoice_settings?: { default_payment_method?: string | null } }>(`${customersSpec.path}/${encodeURIComponent(customerId)}`) : undefined;
    const columns = paymentMethodColumns(customer?.invoice_settings?.default_payment_method ?? null);
    if (o.all) {
      if (params.limit === undefined) params.limit = 100;
      await printList(ctx, client.paginate(path, params), columns);
      return;
    }
    const page = await client.get<{ data: CardPaymentMethod[]; has_more: boolean }>(path, params);
    await printList(ctx, page.data, columns);
    if (page.data.length === 0) ctx.note('No payment methods found.');
    else if (page.has_more) ctx.note(`Next page: --starting-after ${page.data[page.data.length - 1]!.id} (every page: --all)`);
  });
  return cmd;
}
