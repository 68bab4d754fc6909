// `payctl invoices create`: a draft invoice for a customer (asks for the customer on a TTY).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { pickCustomer } from '../customers/pick.js';
import { addRequestFlags, collect, confirmSummary, fillMissing, parseIntFlag, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { COLLECTION_METHODS, invoicesSpec as spec } from './fields.js';
import { UsageError } from '../../errors.js';

export interface InvoiceCreateFlags extends RequestFlagValues {
  customer?: string;
  collectionMethod?: string;
  daysUntilDue?: string;
  description?: string;
  metadata?: string[];
  autoAdvance?: boolean;
  includePendingItems?: boolean;
}

export function checkCustomerId(value: string): true | string {
  return /^cus_\S+$/.test(value) ? true : 'enter a customer id like cus_123';
}

/** Checks the flag combination and names the API fields; every problem is a usage error, before any request. */
function invoiceCreateFields(o: InvoiceCreateFlags): Record<string, unknown> {
  if (o.customer !== undefined && checkCustomerId(o.customer) !== true) throw new UsageError(`invalid --customer "${o.customer}": expected a customer id (cus_…)`);
  if (o.collectionMethod !== undefined && !COLLECTION_METHODS.includes(o.collectionMethod as (typeof COLLECTION_METHODS)[number])) {
    throw new UsageError(`invalid --collection-method "${o.collectionMethod}": use one of ${COLLECTION_METHODS.join(', ')}`);
  }
  const days = parseIntFlag(o.daysUntilDue, '--days-until-due', { min: 0, max: 3650 });
  // Stripe only accepts a due date on invoices that are emailed; say so before sending anything.
  if (days !== undefined && o.collectionMethod !== 'send_invoice') throw new UsageError('--days-until-due needs --collection-method send_invoice');
  const dueDateByData = (o.data ?? []).some((d) => d.startsWith('due_date='));
  if (o.collectionMethod === 'send_invoice' && days === undefined && !dueDateByData) {
    throw new UsageError('--collection-method send_invoice needs --days-until-due (or -d due_date=UNIX_SECONDS)');
  }
  return {
    customer: o.customer,
    collection_method: o.collectionMethod,
    days_until_due: days,
    description: o.description,
    metadata: parseMetadataFlags(o.metadata),
    auto_advance: o.autoAdvance,
    pending_invoice_items_behavior: o.includePendingItems ? 'include' : undefined,
  };
}

export function newCreateCommand(group: Command, ctx: CommandContext): Command {
  const cmd = group
    .command('create')
    .description('create a draft invoice (asks for the customer on a TTY)')
    .option('--customer <id>', 'customer to bill (cus_…)')
    .option('--collection-method <method>', `how to collect: ${COLLECTION_METHODS.join(' or ')} (default charge_automatically)`)
    .option('--days-until-due <n>', 'days until due (send_invoice only)')
    .option('--description <text>', 'memo shown on the invoice')
    .option('--metadata <key=value>', 'metadata (repeatable)', collect)
    .option('--auto-advance', 'let Stripe finalize and collect automatically')
    .option('--no-auto-advance', 'keep the invoice a draft until you finalize it')
    .option('--include-pending-items', "pull in the customer's pending invoice items");
  addRequestFlags(cmd, { mutation: true });
  withExamples(cmd, [
    'payctl invoices create --customer cus_123 --include-pending-items',
    'payctl invoices create --customer cus_123 --collection-method send_invoice --days-until-due 30 --description "November services"',
    'payctl invoices create --customer cus_123 --metadata order=42 --json | jq -r .id',
  ]);
  cmd.action(async (o: InvoiceCreateFlags) => {
    let interactive = false;
    if (o.customer === undefined && ctx.f.io.canPrompt && ctx.globals().input) interactive = true;
    // Check the flags given before asking for the missing one, so a bad flag never costs a prompt.
    const fields = invoiceCreateFields(o);
    if (interactive) o.customer = await pickCustomer(ctx, checkCustomerId);
    [o.customer] = await fillMissing(ctx, [{ flag: '--customer', message: 'Customer id (cus_…)', value: o.customer, validate: checkCustomerId }]);
    if (interactive && !o.includePendingItems) {
      // Without this a guided create makes an empty draft, and nothing told the user why.
      o.includePendingItems = await (await ctx.prompter()).confirm({ message: "Include the customer's pending invoice items?", default: true });
      fields.pending_invoice_items_behavior = o.includePendingItems ? 'include' : undefined;
    }
    const params = await requestParams(o, { ...fields, customer: o.customer });
    if (interactive) {
      await confirmSummary(ctx, `Create a draft invoice for ${o.customer}, ${o.includePendingItems ? 'including' : 'without'} their pending invoice items.`);
    }
    await runMutation(ctx, { method: 'POST', path: spec.path, params, summary: `create an invoice for ${o.customer}`, idempotencyKey: o.idempotencyKey }, spec.detail);
  });
  return cmd;
}
