// `payctl invoices update ID`: memo, metadata, due date and collection settings (most only while draft).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addRequestFlags, checkId, collect, parseIntFlag, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { COLLECTION_METHODS, invoicesSpec as spec } from './fields.js';
import { UsageError } from '../../errors.js';

interface InvoiceUpdateFlags extends RequestFlagValues {
  description?: string;
  metadata?: string[];
  daysUntilDue?: string;
  collectionMethod?: string;
  autoAdvance?: boolean;
  footer?: string;
}

export function newUpdateCommand(group: Command, ctx: CommandContext): Command {
  const cmd = group
    .command('update')
    .description('update an invoice (amounts and collection only while it is a draft)')
    .argument('<id>', 'invoice id')
    .option('--description <text>', 'memo shown on the invoice')
    .option('--metadata <key=value>', 'metadata (repeatable); key= removes a key', collect)
    .option('--days-until-due <n>', 'days until due (send_invoice only)')
    .option('--collection-method <method>', COLLECTION_METHODS.join(' or '))
    .option('--footer <text>', 'footer shown on the invoice')
    .option('--auto-advance', 'let Stripe finalize and collect automatically')
    .option('--no-auto-advance', 'stop automatic collection');
  addRequestFlags(cmd, { mutation: true });
  withExamples(cmd, ['payctl invoices update in_123 --description "November services"', 'payctl invoices update in_123 --metadata po=PO-7 --metadata old=']);
  cmd.action(async (invoiceId: string, o: InvoiceUpdateFlags) => {
    checkId(invoiceId, spec);
    if (o.collectionMethod !== undefined && !COLLECTION_METHODS.includes(o.collectionMethod as (typeof COLLECTION_METHODS)[number])) {
      throw new UsageError(`invalid --collection-method "${o.collectionMethod}": use one of ${COLLECTION_METHODS.join(', ')}`);
    }
    const params = await requestParams(o, {
      description: o.description,
      metadata: parseMetadataFlags(o.metadata),
      days_until_due: parseIntFlag(o.daysUntilDue, '--days-until-due', { min: 0, max: 3650 }),
      collection_method: o.collectionMethod,
      footer: o.footer,
      auto_advance: o.autoAdvance,
    });
    if (Object.keys(params).filter((k) => k !== 'expand').length === 0) {
      throw new UsageError('nothing to update: give at least one of --description, --metadata, --days-until-due, --collection-method, --footer, --auto-advance or -d');
    }
    await runMutation(ctx, { method: 'POST', path: `${spec.path}/${invoiceId}`, params, summary: `update invoice ${invoiceId}`, idempotencyKey: o.idempotencyKey }, spec.detail);
  });
  return cmd;
}
