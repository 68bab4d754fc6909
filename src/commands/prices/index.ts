// `payctl prices …`: list/get/search from the generic builder, plus create and update.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup, addRequestFlags, checkId, collect, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { pricesSpec as spec } from './fields.js';
import { UsageError } from '../../errors.js';
import { formatAmount } from '../../money/format.js';
import { priceFields, type PriceMoneyFlags } from './money.js';

interface PriceFlags extends RequestFlagValues, PriceMoneyFlags {
  product?: string;
  nickname?: string;
  lookupKey?: string;
  metadata?: string[];
  active?: boolean;
}

export function registerPricesCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);

  const create = group
    .command('create')
    .description('create a one-time or recurring price for a product')
    .option('--product <id>', 'product (prod_…, required)')
    .option('--amount <amount>', 'unit amount: minor units (1500) or major units with a point (15.00)')
    .option('--currency <code>', 'currency (required unless written in --amount)')
    .option('--recurring <interval>', 'bill every day, week, month or year (default: one-time)')
    .option('--interval-count <n>', 'with --recurring: every N intervals')
    .option('--nickname <text>', 'internal name')
    .option('--lookup-key <key>', 'lookup key (unique per account)')
    .option('--metadata <key=value>', 'metadata (repeatable)', collect);
  addRequestFlags(create, { mutation: true });
  withExamples(create, ['payctl prices create --product prod_123 --amount 15.00 --currency usd --recurring month', 'payctl prices create --product prod_123 --amount 4900 --currency usd']);
  create.action(async (o: PriceFlags) => {
    if (!o.product) throw new UsageError('missing required flag: --product');
    checkId(o.product, { idPrefixes: ['prod_'], noun: 'product' });
    const money = priceFields(o, '--amount');
    const params = await requestParams(o, { product: o.product, ...money, nickname: o.nickname, lookup_key: o.lookupKey, metadata: parseMetadataFlags(o.metadata) });
    const amount = formatAmount(money.unit_amount as number, money.currency as string);
    const every = o.recurring ? ` every ${o.intervalCount && o.intervalCount !== '1' ? `${o.intervalCount} ${o.recurring}s` : o.recurring}` : '';
    await runMutation(ctx, { method: 'POST', path: spec.path, params, summary: `create a price of ${amount}${every} for ${o.product}`, idempotencyKey: o.idempotencyKey }, spec.detail);
  });

  const update = group
    .command('update')
    .description('archive, rename or re-key a price (amounts cannot change: create a new price)')
    .argument('<id>', 'price id')
    .option('--active', 'make the price available')
    .option('--no-active', 'archive the price')
    .option('--nickname <text>', 'internal name')
    .option('--lookup-key <key>', 'lookup key (moved from any price that has it)')
    .option('--metadata <key=value>', 'metadata (repeatable); key= removes a key', collect);
  addRequestFlags(update, { mutation: true });
  withExamples(update, ['payctl prices update price_123 --no-active', 'payctl prices update price_123 --lookup-key pro_monthly']);
  update.action(async (priceId: string, o: PriceFlags) => {
    checkId(priceId, spec);
    const params = await requestParams(o, {
      active: o.active,
      nickname: o.nickname,
      lookup_key: o.lookupKey,
      transfer_lookup_key: o.lookupKey !== undefined ? true : undefined,
      metadata: parseMetadataFlags(o.metadata),
    });
    if (Object.keys(params).filter((k) => k !== 'expand').length === 0) {
      throw new UsageError('nothing to update: give at least one of --active/--no-active, --nickname, --lookup-key, --metadata or -d');
    }
    await runMutation(ctx, { method: 'POST', path: `${spec.path}/${priceId}`, params, summary: `update price ${priceId}`, idempotencyKey: o.idempotencyKey }, spec.detail);
  });
}
