// `payctl payouts …`: list/get from the generic builder, plus create/update/cancel.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup } from '../resource/builder.js';
import { addMetadataUpdateAction, addObjectAction } from '../resource/object-action.js';
import { payoutsSpec as spec } from './fields.js';
import { newCreateCommand } from './create.js';

export function registerPayoutsCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);
  newCreateCommand(group, ctx);
  addMetadataUpdateAction(group, ctx, spec, {
    description: "update a payout's metadata (the only field Stripe lets you change)",
    examples: ['payctl payouts update po_123 --metadata batch=2026-11', 'payctl payouts update po_123 --metadata batch='],
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
