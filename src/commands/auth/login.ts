// `payctl login`: takes a key (masked prompt, stdin, or the discouraged --api-key), proves it with
// GET /v1/balance, then saves it to the profile. Nothing is saved unless the API accepted the key.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { ClientOptions, StripeClient } from '../../client/types.js';
import { UsageError } from '../../errors.js';
import { redactKey } from '../../config/redact.js';
import { DEFAULT_BASE_URL, keyMode, resolveBaseUrl, resolveProfileName, validateBaseUrl, validateKeyShape } from '../../config/resolve.js';
import { validateProfileName } from '../../config/store.js';
import { writeResult } from '../config/render.js';
import { withExamples } from '../resource/builder.js';

export type MakeClient = (opts: ClientOptions) => Promise<StripeClient>;

export const defaultMakeClient: MakeClient = async (opts) => {
  const { createClient } = await import('../../client/index.js');
  return createClient(opts);
};

export interface LoginOptions {
  withKeyStdin: boolean;
}

/** Where the key comes from; usage errors here, before anything is read or sent. */
async function readKey(ctx: CommandContext, opts: LoginOptions, profile: string): Promise<string> {
  const flagKey = ctx.globals().apiKey;
  if (flagKey !== undefined && opts.withKeyStdin) {
    throw new UsageError('give the key either with --with-key-stdin or with --api-key, not both');
  }
  // (--api-key's warning is printed for every command, login included: see context-impl.ts.)
  if (flagKey !== undefined) return flagKey.trim();
  if (opts.withKeyStdin) {
    const key = (await ctx.f.io.stdin.readAll()).trim();
    if (!key) throw new UsageError('--with-key-stdin: no key on stdin (e.g. `printf %s "$KEY" | payctl login --with-key-stdin`)');
    return key;
  }
  if (!ctx.f.io.canPrompt) {
    throw new UsageError('no key given and cannot prompt: pipe the key in with --with-key-stdin (e.g. `printf %s "$KEY" | payctl login --with-key-stdin`)');
  }
  const prompter = await ctx.prompter();
  const answer = await prompter.password({
    message: `Secret API key for profile "${profile}" (sk_… or rk_…)`,
    validate: (value) => {
      try {
        validateKeyShape(value.trim());
        return true;
      } catch (err) {
        return (err as Error).message;
      }
    },
  });
  return answer.trim();
}

export async function loginRun(ctx: CommandContext, opts: LoginOptions, makeClient: MakeClient): Promise<void> {
  const g = ctx.globals();
  const store = await ctx.config();
  const { name: profile } = resolveProfileName(g, ctx.f.env, store);
  validateProfileName(profile);
  const existing = store.getProfile(profile) ?? {};
  const baseUrl = resolveBaseUrl(g, ctx.f.env, existing) ?? DEFAULT_BASE_URL;

  const key = await readKey(ctx, opts, profile);
  validateKeyShape(key);

  // Prove the key before saving it: a 401/403 propagates as a typed API error (exit 4).
  const client = await makeClient({
    apiKey: key,
    baseUrl,
    stripeVersion: g.stripeVersion ?? (ctx.f.env.PAYCTL_STRIPE_VERSION || undefined) ?? existing.stripe_version,
    maxRetries: g.maxRetries,
    // --dry-run: the client describes the check instead of sending it, so nothing is saved either.
    dryRun: g.dryRun,
    log: g.verbose ? (line) => ctx.f.io.stderr.write(`${line}\n`) : undefined,
  });
  try {
    await client.get('/v1/balance');
  } finally {
    await client.close();
  }

  // Under the config lock, on the file as it is now: settings another process saved meanwhile stay.
  const saved = await store.update((cfg) => {
    const firstProfile = cfg.listProfiles().length === 0;
    const next = { ...(cfg.getProfile(profile) ?? {}), api_key: key };
    // Only an explicit --base-url is remembered; the env var is a per-shell override.
    if (g.baseUrl) next.base_url = validateBaseUrl(g.baseUrl);
    cfg.setProfile(profile, next);
    if (firstProfile && profile !== cfg.activeProfile()) cfg.setActiveProfile(profile);
    return next;
  });

  const mode = keyMode(key);
  const result = { profile, mode, key: redactKey(key), base_url: saved.base_url ?? baseUrl };
  await writeResult(ctx, result);
  ctx.note(`✓ Logged in: profile "${profile}", ${mode} mode, key ${result.key} (saved to ${store.path})`);
  if (profile !== store.activeProfile()) {
    ctx.note(`  profile "${profile}" is not the active one: use --profile ${profile}, or \`payctl config use ${profile}\``);
  }
  for (const v of ['PAYCTL_API_KEY', 'STRIPE_API_KEY']) {
    if (ctx.f.env[v]) ctx.note(`  note: ${v} is set in this environment and takes precedence over the saved key`);
  }
}

export function newLoginCommand(parent: Command, ctx: CommandContext, makeClient: MakeClient): Command {
  const cmd = parent
    .command('login')
    .description('check an API key and save it to a profile')
    .option('--with-key-stdin', 'read the key from standard input (for scripts)');
  withExamples(cmd, [
    'payctl login                                   # prompts for the key (masked)',
    'printf %s "$STRIPE_KEY" | payctl login --with-key-stdin',
    'payctl login --profile staging --base-url http://127.0.0.1:12111 --with-key-stdin < key.txt',
  ]);
  cmd.action(async (o: { withKeyStdin?: boolean }) => {
    await loginRun(ctx, { withKeyStdin: Boolean(o.withKeyStdin) }, makeClient);
  });
  return cmd;
}
