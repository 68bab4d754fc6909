// `charges capture ID` and `payment-intents capture ID`: capture an authorization in full or in part.
// The object is looked up first (not under --dry-run) so the amount is read and said in its currency.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { ResourceSpec } from '../resource/spec.js';
import { addRequestFlags, checkId, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { dryRunAmount, flagAmount, readAmountFlag } from '../../money/input.js';
import { formatAmount } from '../../money/format.js';

/** What a capture reads of a charge or payment intent. */
interface Capturable {
  currency: string;
  amount: number;
  amount_capturable?: number;
}

export function addCaptureCommand(group: Command, ctx: CommandContext, spec: ResourceSpec, opts: { amountParam: string; description: string; examples: string[] }): Command {
  const cmd = group
    .command('capture')
    .description(opts.description)
    .argument('<id>', `${spec.noun} id`)
    .option('--amount <amount>', `amount to capture (default: all): 15.00 (major units of the ${spec.noun}'s currency) or 1500 (minor units)`);
  addRequestFlags(cmd, { mutation: true });
  withExamples(cmd, opts.examples);
  cmd.action(async (objectId: string, o: RequestFlagValues & { amount?: string }) => {
    checkId(objectId, spec);
    const pending = readAmountFlag(o.amount);
    let amount: number | undefined;
    let what = '';
    let money: string | undefined;
    if (ctx.globals().dryRun) {
      amount = dryRunAmount(pending, spec.noun);
      if (amount !== undefined) what = `${amount} (minor units) of `;
    } else if (pending || ctx.f.io.stderr.isTTY) {
      // One GET: the currency reads the amount; on a terminal the amount is said before capturing.
      const client = await ctx.client();
      const obj = await client.get<Capturable>(`${spec.path}/${objectId}`);
      amount = pending ? flagAmount(pending, obj.currency, `${spec.noun} ${objectId} is in`) : undefined;
      const authorized = obj.amount_capturable ?? obj.amount;
      if (amount !== undefined) what = `${formatAmount(amount, obj.currency)} of `;
      money = `Capturing ${formatAmount(amount ?? authorized, obj.currency)} of ${formatAmount(authorized, obj.currency)} authorized`;
    }
    const params = await requestParams(o, { [opts.amountParam]: amount });
    await runMutation(
      ctx,
      { method: 'POST', path: `${spec.path}/${objectId}/capture`, params, summary: `capture ${what}${spec.noun} ${objectId}`, idempotencyKey: o.idempotencyKey, money },
      spec.detail,
    );
  });
  return cmd;
}
