// `payctl events list|get`: the account's event log, from the generic builder.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup } from '../resource/builder.js';
import { eventsSpec } from './fields.js';

export function registerEventsCommands(program: Command, ctx: CommandContext): void {
  addResourceGroup(program, ctx, eventsSpec);
}
