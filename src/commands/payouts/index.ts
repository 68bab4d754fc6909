// `payctl payouts …`: list/get from the generic builder, plus create/update/cancel.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup, collect, parseMetadataFlags } from '../resource/builder.js';
import { addObjectAction } from '../resource/object-action.js';
import { payoutsSpec as spec } from './fields.js';
import { newCreateCommand } from './create.js';
import type { RequestFlagValues } from '../resource/builder.js';
import { UsageError } from '../../errors.js';

interface PayoutUpdateFlags extends RequestFlagValues {
  metadata?: string[];
}

export function registerPayoutsCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);
  newCreateCommand(group, ctx);
  addObjectAction<PayoutUpdateFlags>(group, ctx, spec, {
    verb: 'update',
    description: "update a payout's metadata (the only field Stripe lets you change)",
    summary: (id) => `update payout ${id}`,
    examples: ['payctl payouts update po_123 --metadata batch=2026-11', 'payctl payouts update po_123 --metadata batch='],
    flags: (cmd) => cmd.option('--metadata <key=value>', 'metadata (repeatable); key= removes a key', collect),
    params: (o) => {
      const metadata = parseMetadataFlags(o.metadata);
      if (!metadata && (o.data ?? []).length === 0) throw new UsageError('nothing to update: give --metadata key=value (or -d)');
      return { metadata };
    },
  });
  addObjectAction(group, ctx, spec, {
    verb: 'cancel',
    apiPath: 'cancel',
    description: 'cancel a pending payout; the funds return to the available balance (asks on a TTY; --yes otherwise)',
    summary: (id) => `cancel payout ${id}`,
    destructive: true,
    examples: ['payctl payouts cancel po_123 --yes'],
  });
}
