// `payctl whoami`: which profile, key (redacted), mode and base URL this invocation would use, and
// where the key came from. Offline: it sends nothing and does not start the sandbox.
import type { Command } from 'commander';
import { printObject, withExamples } from '../resource/builder.js';
import type { CommandContext } from '../context.js';
import { redactKey } from '../../config/redact.js';
import { describeKeySource, keyMode } from '../../config/resolve.js';
import { bool, text } from '../../output/columns.js';

export interface WhoamiResult {
  profile: string;
  mode: 'test' | 'live' | 'unknown' | 'sandbox';
  base_url: string | null;
  key: string | null;
  key_source: string;
  stripe_account: string | null;
  stripe_version: string | null;
  read_only: boolean;
  config_file: string;
}

export async function whoamiRun(ctx: CommandContext): Promise<WhoamiResult> {
  const g = ctx.globals();
  const creds = await ctx.credentials();
  const store = await ctx.config();
  const sandbox = Boolean(g.sandbox) || creds.apiKey === undefined;
  const result: WhoamiResult = {
    profile: creds.profile,
    mode: sandbox ? 'sandbox' : keyMode(creds.apiKey),
    base_url: sandbox ? null : (creds.baseUrl ?? null),
    key: sandbox ? null : redactKey(creds.apiKey),
    key_source: describeKeySource(sandbox ? 'sandbox' : creds.keySource, creds.profile),
    stripe_account: creds.stripeAccount ?? null,
    stripe_version: creds.stripeVersion ?? null,
    read_only: creds.readOnly,
    config_file: store.path,
  };
  const detail = [
    text('PROFILE', 'profile'),
    text('MODE', 'mode'),
    text('BASE URL', 'base_url', { get: (o: WhoamiResult) => o.base_url ?? '(embedded sandbox, in-process)' }),
    text('KEY', 'key', { get: (o: WhoamiResult) => o.key ?? '-' }),
    text('KEY SOURCE', 'key_source'),
    text('STRIPE ACCOUNT', 'stripe_account'),
    text('STRIPE VERSION', 'stripe_version'),
    bool('READ ONLY', 'read_only'),
    text('CONFIG FILE', 'config_file'),
  ];
  await printObject(ctx, result, detail);
  return result;
}

export function newWhoamiCommand(parent: Command, ctx: CommandContext): Command {
  const cmd = parent.command('whoami').description('show the key in use (redacted) and its source');
  withExamples(cmd, ['payctl whoami', 'payctl whoami --profile prod --json', 'PAYCTL_API_KEY=sk_test_… payctl whoami   # key source: PAYCTL_API_KEY']);
  return cmd.action(async () => {
      await whoamiRun(ctx);
    });
}
