// `payctl refunds …`: list/get from the generic builder, create (flags or guided), update, cancel.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup } from '../resource/builder.js';
import { addMetadataUpdateAction, addObjectAction } from '../resource/object-action.js';
import { refundsSpec as spec } from './fields.js';
import { newCreateCommand } from './create.js';

export function registerRefundsCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);
  newCreateCommand(group, ctx);

  addMetadataUpdateAction(group, ctx, spec, {
    description: "update a refund's metadata (the only field the API lets you change)",
    examples: ['payctl refunds update re_123 --metadata ticket=4711', 'payctl refunds update re_123 --metadata ticket='],
  });

  addObjectAction(group, ctx, spec, {
    verb: 'cancel',
    apiPath: 'cancel',
    description: 'cancel a refund that is waiting for action (requires_action); asks on a TTY, --yes otherwise',
    summary: (id) => `cancel refund ${id}`,
    destructive: true,
    examples: ['payctl refunds cancel re_123 --yes'],
  });
}
