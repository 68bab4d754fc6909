// `payctl checkout-sessions …`: list/get from the generic builder, plus create and expire.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup } from '../resource/builder.js';
import { addObjectAction } from '../resource/object-action.js';
import { checkoutSessionsSpec as spec } from './fields.js';
import { newCreateCommand } from './create.js';

export function registerCheckoutSessionsCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);
  newCreateCommand(group, ctx);
  addObjectAction(group, ctx, spec, {
    verb: 'expire',
    apiPath: 'expire',
    description: 'expire an open session so nobody can pay on it (asks on a TTY; --yes otherwise)',
    summary: (id) => `expire checkout session ${id}`,
    destructive: true,
    examples: ['payctl checkout-sessions expire cs_test_123 --yes'],
  });
}
