// `payctl search RESOURCE QUERY`: the same as `payctl RESOURCE search QUERY`.
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import type { ResourceSpec } from './resource/spec.js';
import { addSearchFlags, runSearch, withExamples } from './resource/builder.js';
import { UsageError } from '../errors.js';

export function registerSearchCommand(program: Command, ctx: CommandContext, specs: ResourceSpec[]): void {
  const names = specs.map((s) => s.command);
  const cmd = program
    .command('search')
    .description('search charges, customers, payment intents, invoices, products, prices, subscriptions')
    .argument('<resource>', names.join(', '))
    .argument('<query>', 'search query, e.g. "email:\'ada@example.com\'"');
  addSearchFlags(cmd);
  withExamples(cmd, [
    `payctl search customers "email:'ada@example.com'"`,
    `payctl search charges "amount>=1000 AND status:'succeeded'" --all -o jsonl`,
    `payctl search payment-intents "metadata['order']:'6735'"`,
  ]);
  cmd.action(async (resource: string, query: string, o) => {
    const spec = specs.find((s) => s.command === resource);
    if (!spec) throw new UsageError(`cannot search "${resource}": use one of ${names.join(', ')}`);
    await runSearch(ctx, spec, query, o);
  });
}
