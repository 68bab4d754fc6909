// `payctl invoice-items create`: a one-off charge for a customer's next invoice (or a given draft).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addRequestFlags, collect, fillMissing, parseIntFlag, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { invoiceItemsSpec as spec } from './fields.js';
import { parseCurrency } from '../../money/parse.js';
import { formatAmount } from '../../money/format.js';
import { missingMoneyFlags, moneyOfCreate, readAmountFlag } from '../../money/input.js';
import { UsageError } from '../../errors.js';
import { checkCustomerId } from '../invoices/create.js';
import { pickCustomer } from '../customers/pick.js';
import { checkCustomerRef, customerIdOf } from '../customers/lookup.js';

interface InvoiceItemCreateFlags extends RequestFlagValues {
  customer?: string;
  amount?: string;
  currency?: string;
  description?: string;
  invoice?: string;
  quantity?: string;
  metadata?: string[];
}

export function newCreateCommand(group: Command, ctx: CommandContext): Command {
  const cmd = group
    .command('create')
    .description('add an invoice item for a customer (pending until invoiced, or on the given draft)')
    .option('--customer <id>', 'customer (cus_… or an email)')
    .option('--amount <amount>', 'line total: minor units (2000) or major units with a point (20.00)')
    .option('--currency <code>', 'three-letter currency code, e.g. usd')
    .option('--description <text>', 'what the line is for (shown on the invoice)')
    .option('--invoice <id>', 'put it on this draft invoice instead of the next one (in_…)')
    .option('--quantity <n>', 'quantity shown on the line (--amount stays the line total)')
    .option('--metadata <key=value>', 'metadata (repeatable)', collect);
  addRequestFlags(cmd, { mutation: true });
  withExamples(cmd, [
    'payctl invoice-items create --customer cus_123 --amount 20.00 --currency usd --description "Setup fee"',
    'payctl invoice-items create --customer cus_123 --amount 1500 --currency usd --invoice in_123',
  ]);
  cmd.action(async (o: InvoiceItemCreateFlags) => {
    // Check the flags given before asking for missing ones, so a bad flag never costs a prompt.
    if (o.customer !== undefined) checkCustomerRef(o.customer);
    if (o.invoice !== undefined && !/^in_\S+$/.test(o.invoice)) throw new UsageError(`invalid --invoice "${o.invoice}": expected an invoice id (in_…)`);
    if (o.currency !== undefined) parseCurrency(o.currency);
    readAmountFlag(o.amount);
    const quantity = parseIntFlag(o.quantity, '--quantity', { min: 1, max: 1_000_000 });
    const metadata = parseMetadataFlags(o.metadata);
    if (o.customer === undefined && ctx.f.io.canPrompt && ctx.globals().input) o.customer = await pickCustomer(ctx, checkCustomerId);
    const missing = [...(o.customer === undefined ? ['--customer'] : []), ...missingMoneyFlags(o)];
    if (missing.length > 0 && !(ctx.f.io.canPrompt && ctx.globals().input)) {
      throw new UsageError(`missing required ${missing.length === 1 ? 'flag' : 'flags'}: ${missing.join(', ')}`);
    }
    const [customer] = await fillMissing(ctx, [{ flag: '--customer', message: 'Customer id (cus_…)', value: o.customer, validate: checkCustomerId }]);
    // The currency before the amount, so the amount prompt names its unit.
    const { amount, currency: cur } = await moneyOfCreate(missing.length > 0 ? await ctx.prompter() : undefined, o);
    const customerId = await customerIdOf(ctx, customer!);
    const params = await requestParams(o, {
      customer: customerId,
      amount,
      currency: cur,
      description: o.description,
      invoice: o.invoice,
      quantity,
      metadata,
    });
    await runMutation(ctx, { method: 'POST', path: spec.path, params, summary: `add an invoice item of ${formatAmount(amount, cur)} for ${customerId}`, idempotencyKey: o.idempotencyKey, money: `Adding ${formatAmount(amount, cur)} for ${customerId}` }, spec.detail);
  });
  return cmd;
}
