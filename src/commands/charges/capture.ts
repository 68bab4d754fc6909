// `charges capture ID` and `payment-intents capture ID`: capture an authorization in full or in part;
// a decimal --amount is read in the object's own currency, fetched only then.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { ResourceSpec } from '../resource/spec.js';
import { addRequestFlags, checkId, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { checkDryRunAmount, readAmount, resolveAmount } from './input.js';
import { formatAmount } from '../../output/money.js';

export function addCaptureCommand(group: Command, ctx: CommandContext, spec: ResourceSpec, opts: { amountParam: string; description: string; examples: string[] }): Command {
  const cmd = group
    .command('capture')
    .description(opts.description)
    .argument('<id>', `${spec.noun} id`)
    .option('--amount <amount>', `amount to capture (default: all): 1500 (minor units) or 15.00 (read in the ${spec.noun}'s currency)`);
  addRequestFlags(cmd, { mutation: true });
  withExamples(cmd, opts.examples);
  cmd.action(async (objectId: string, o: RequestFlagValues & { amount?: string }) => {
    checkId(objectId, spec);
    const pending = readAmount(o.amount);
    checkDryRunAmount(ctx.globals().dryRun, pending, spec.noun);
    let currency: string | undefined;
    const amount = pending
      ? await resolveAmount(pending, async () => {
          const client = await ctx.client();
          currency = (await client.get<{ currency: string }>(`${spec.path}/${objectId}`)).currency;
          return currency;
        })
      : undefined;
    const params = await requestParams(o, { [opts.amountParam]: amount });
    const what = amount === undefined ? '' : currency ? `${formatAmount(amount, currency)} of ` : `${amount} (minor units) of `;
    await runMutation(
      ctx,
      { method: 'POST', path: `${spec.path}/${objectId}/capture`, params, summary: `capture ${what}${spec.noun} ${objectId}`, idempotencyKey: o.idempotencyKey },
      spec.detail,
    );
  });
  return cmd;
}
