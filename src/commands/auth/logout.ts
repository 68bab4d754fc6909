// `payctl logout`: forgets the saved key of one profile (or of all with --all); other settings stay.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { UsageError } from '../../errors.js';
import { resolveProfileName } from '../../config/resolve.js';
import { writeResult } from '../config/render.js';
import { withExamples } from '../resource/builder.js';

export interface LogoutOptions {
  all: boolean;
}

export async function logoutRun(ctx: CommandContext, opts: LogoutOptions): Promise<void> {
  const g = ctx.globals();
  const store = await ctx.config();
  let targets: string[];
  if (opts.all) {
    if (g.profile) throw new UsageError('give either --all or --profile, not both');
    targets = store.listProfiles();
  } else {
    const { name, source } = resolveProfileName(g, ctx.f.env, store);
    if (!store.getProfile(name) && (source === 'flag' || source === 'env:PAYCTL_PROFILE')) {
      const known = store.listProfiles();
      throw new UsageError(`profile "${name}" does not exist; known profiles: ${known.length ? known.join(', ') : '(none)'}`);
    }
    targets = [name];
  }

  const removed = await store.update((cfg) => {
    const done: string[] = [];
    for (const name of opts.all ? cfg.listProfiles() : targets) {
      const p = cfg.getProfile(name);
      if (!p?.api_key) continue;
      const { api_key: _dropped, ...rest } = p;
      cfg.setProfile(name, rest);
      done.push(name);
    }
    return done;
  });

  await writeResult(ctx, { removed });
  if (removed.length) ctx.note(`✓ Removed the saved key from ${removed.map((n) => `profile "${n}"`).join(', ')}`);
  else ctx.note(opts.all ? 'No profile has a saved key.' : `Profile "${targets[0]}" has no saved key.`);
  for (const v of ['PAYCTL_API_KEY', 'STRIPE_API_KEY']) {
    if (ctx.f.env[v]) ctx.note(`  note: ${v} is still set in this environment and will be used`);
  }
}

export function newLogoutCommand(parent: Command, ctx: CommandContext): Command {
  const cmd = parent
    .command('logout')
    .description("remove a profile's saved key (--all: all)")
    .option('--all', 'remove the keys of all profiles');
  withExamples(cmd, ['payctl logout', 'payctl logout --profile staging', 'payctl logout --all']);
  cmd.action(async (_o: unknown, command: Command) => {
    // --all may also be defined on the root for lists; read it wherever commander put it.
    await logoutRun(ctx, { all: Boolean(command.optsWithGlobals().all) });
  });
  return cmd;
}
