// `payctl invoice-items update ID`: amount, description, quantity, metadata (while pending or on a draft).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addRequestFlags, checkId, collect, parseIntFlag, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { invoiceItemsSpec as spec } from './fields.js';
import { parseCurrency } from '../../money/parse.js';
import { formatAmount } from '../../money/format.js';
import { UsageError } from '../../errors.js';
import { dryRunAmount, flagAmount, readAmountFlag } from '../../money/input.js';

interface InvoiceItemUpdateFlags extends RequestFlagValues {
  amount?: string;
  currency?: string;
  description?: string;
  quantity?: string;
  metadata?: string[];
}

export function newUpdateCommand(group: Command, ctx: CommandContext): Command {
  const cmd = group
    .command('update')
    .description('update an invoice item that is still pending or on a draft invoice')
    .argument('<id>', 'invoice item id')
    .option('--amount <amount>', 'new amount: minor units (2000) or major units (20.00)')
    .option('--currency <code>', "the item's currency, to read a decimal --amount (looked up when omitted)")
    .option('--description <text>', 'what the line is for')
    .option('--quantity <n>', 'quantity shown on the line')
    .option('--metadata <key=value>', 'metadata (repeatable); key= removes a key', collect);
  addRequestFlags(cmd, { mutation: true });
  withExamples(cmd, ['payctl invoice-items update ii_123 --amount 25.00', 'payctl invoice-items update ii_123 --description "Setup fee (discounted)"']);
  cmd.action(async (itemId: string, o: InvoiceItemUpdateFlags) => {
    checkId(itemId, spec);
    let amount: number | undefined;
    let money: string | undefined;
    const pending = readAmountFlag(o.amount);
    const given = o.currency === undefined ? undefined : parseCurrency(o.currency);
    if (pending && given !== undefined) {
      amount = flagAmount(pending, given, '--currency is');
      money = `Setting the amount to ${formatAmount(amount, given)}`;
    } else if (pending && ctx.globals().dryRun) {
      amount = dryRunAmount(pending, spec.noun);
    } else if (pending) {
      // The item's own currency reads the amount (and is checked against one written in it): ask the API rather than guess.
      const currency = (await (await ctx.client()).get<{ currency: string }>(`${spec.path}/${itemId}`)).currency;
      amount = flagAmount(pending, currency, `invoice item ${itemId} is in`);
      money = `Setting the amount to ${formatAmount(amount, currency)}`;
    }
    const params = await requestParams(o, {
      amount,
      description: o.description,
      quantity: parseIntFlag(o.quantity, '--quantity', { min: 1, max: 1_000_000 }),
      metadata: parseMetadataFlags(o.metadata),
    });
    if (Object.keys(params).filter((k) => k !== 'expand').length === 0) {
      throw new UsageError('nothing to update: give at least one of --amount, --description, --quantity, --metadata or -d');
    }
    await runMutation(ctx, { method: 'POST', path: `${spec.path}/${itemId}`, params, summary: `update invoice item ${itemId}`, idempotencyKey: o.idempotencyKey, money }, spec.detail);
  });
  return cmd;
}
