// `payctl products …`: list/get/search from the generic builder, plus create, update and delete.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup, addRequestFlags, checkId, collect, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { addObjectAction, deletedDetail } from '../resource/object-action.js';
import { productsSpec as spec } from './fields.js';
import { UsageError } from '../../errors.js';
import { priceFields, type PriceMoneyFlags } from '../prices/money.js';

interface ProductFlags extends RequestFlagValues, PriceMoneyFlags {
  name?: string;
  description?: string;
  metadata?: string[];
  active?: boolean;
  defaultPrice?: string;
}

export function registerProductsCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);

  const create = group
    .command('create')
    .description('create a product, optionally with its default price')
    .option('--name <name>', 'product name (required)')
    .option('--description <text>', 'description')
    .option('--metadata <key=value>', 'metadata (repeatable)', collect)
    .option('--price <amount>', 'default price: minor units (1500) or major units with a point (15.00)')
    .option('--currency <code>', 'currency of --price')
    .option('--recurring <interval>', 'bill --price every day, week, month or year')
    .option('--interval-count <n>', 'with --recurring: every N intervals');
  addRequestFlags(create, { mutation: true });
  withExamples(create, ['payctl products create --name "Pro plan" --price 15.00 --currency usd --recurring month', 'payctl products create --name "Setup" --json | jq -r .id']);
  create.action(async (o: ProductFlags) => {
    if (!o.name) throw new UsageError('missing required flag: --name');
    const price = o.price !== undefined ? priceFields(o) : undefined;
    if (price === undefined && (o.currency !== undefined || o.recurring !== undefined || o.intervalCount !== undefined)) {
      throw new UsageError('--currency, --recurring and --interval-count need --price');
    }
    const params = await requestParams(o, { name: o.name, description: o.description, metadata: parseMetadataFlags(o.metadata), default_price_data: price });
    await runMutation(ctx, { method: 'POST', path: spec.path, params, summary: `create product ${o.name}`, idempotencyKey: o.idempotencyKey }, spec.detail);
  });

  const update = group
    .command('update')
    .description('rename, describe, archive or set the default price of a product')
    .argument('<id>', 'product id')
    .option('--name <name>', 'new name')
    .option('--description <text>', 'description')
    .option('--metadata <key=value>', 'metadata (repeatable); key= removes a key', collect)
    .option('--active', 'make the product available')
    .option('--no-active', 'archive the product')
    .option('--default-price <price>', 'default price (price_…)');
  addRequestFlags(update, { mutation: true });
  withExamples(update, ['payctl products update prod_123 --name "Pro plan (2026)"', 'payctl products update prod_123 --no-active', 'payctl products update prod_123 --default-price price_123']);
  update.action(async (productId: string, o: ProductFlags) => {
    checkId(productId, spec);
    if (o.defaultPrice !== undefined) checkId(o.defaultPrice, { idPrefixes: ['price_'], noun: 'price' });
    const params = await requestParams(o, { name: o.name, description: o.description, metadata: parseMetadataFlags(o.metadata), active: o.active, default_price: o.defaultPrice });
    if (Object.keys(params).filter((k) => k !== 'expand').length === 0) {
      throw new UsageError('nothing to update: give at least one of --name, --description, --metadata, --active/--no-active, --default-price or -d');
    }
    await runMutation(ctx, { method: 'POST', path: `${spec.path}/${productId}`, params, summary: `update product ${productId}`, idempotencyKey: o.idempotencyKey }, spec.detail);
  });

  addObjectAction(group, ctx, spec, {
    verb: 'delete',
    method: 'DELETE',
    description: 'delete a product that has no prices (archive it with update --no-active otherwise)',
    summary: (id) => `delete product ${id}`,
    destructive: true,
    examples: ['payctl products delete prod_123 --yes'],
    detail: deletedDetail,
  });
}
