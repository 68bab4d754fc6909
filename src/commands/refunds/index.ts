// `payctl refunds …`: list/get from the generic builder, create (flags or guided), update, cancel.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup, collect, parseMetadataFlags } from '../resource/builder.js';
import { addObjectAction } from '../resource/object-action.js';
import { refundsSpec as spec } from './fields.js';
import { newCreateCommand } from './create.js';
import { UsageError } from '../../errors.js';

interface RefundUpdateFlags {
  metadata?: string[];
  data?: string[];
}

export function registerRefundsCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);
  newCreateCommand(group, ctx);

  addObjectAction<RefundUpdateFlags>(group, ctx, spec, {
    verb: 'update',
    description: "update a refund's metadata (the only field the API lets you change)",
    summary: (id) => `update refund ${id}`,
    examples: ['payctl refunds update re_123 --metadata ticket=4711', 'payctl refunds update re_123 --metadata ticket='],
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
    description: 'cancel a refund that is waiting for action (requires_action); asks on a TTY, --yes otherwise',
    summary: (id) => `cancel refund ${id}`,
    destructive: true,
    examples: ['payctl refunds cancel re_123 --yes'],
  });
}
