// `payctl config list|get|set|unset|use|path`: profiles and their per-profile defaults. Keys are shown
// only redacted; `--profile` (global) chooses the profile a get/set/unset applies to.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { ConfigReader, ConfigStore, Profile } from '../../config/types.js';
import { UsageError } from '../../errors.js';
import { redactKey } from '../../config/redact.js';
import { keyMode, resolveProfileName } from '../../config/resolve.js';
import { validateProfileName } from '../../config/store.js';
import { SETTING_KEYS, displaySetting, parseSettingKey, parseSettingValue } from '../../config/settings.js';
import { keyColumns, writeResult, writeScalar } from './render.js';
import { bool, text } from '../../output/columns.js';
import { printList, withExamples } from '../resource/builder.js';

function knownList(store: ConfigReader): string {
  const known = store.listProfiles();
  return known.length ? known.join(', ') : '(none)';
}

/**
 * The profile a get/set/unset applies to. An explicitly named one (--profile, PAYCTL_PROFILE) must
 * exist unless `create` (set makes it).
 */
function targetProfile(ctx: CommandContext, store: ConfigStore, create: boolean): string {
  const { name, source } = resolveProfileName(ctx.globals(), ctx.f.env, store);
  validateProfileName(name);
  if (!create && (source === 'flag' || source === 'env:PAYCTL_PROFILE') && !store.getProfile(name)) {
    throw new UsageError(`profile "${name}" does not exist; known profiles: ${knownList(store)}`);
  }
  return name;
}

/** `config list` fields for json/csv, in order. */
const LIST_FIELDS = ['active', 'profile', 'mode', 'key', 'base_url', 'stripe_version', 'stripe_account', 'output', 'read_only'];

export async function configListRun(ctx: CommandContext): Promise<void> {
  const store = await ctx.config();
  const active = store.activeProfile();
  const rows = store.listProfiles().map((name) => {
    const p: Profile = store.getProfile(name) ?? {};
    return {
      active: name === active,
      profile: name,
      mode: p.api_key ? keyMode(p.api_key) : null,
      key: p.api_key ? redactKey(p.api_key) : null,
      base_url: p.base_url ?? null,
      stripe_version: p.stripe_version ?? null,
      stripe_account: p.stripe_account ?? null,
      output: p.output ?? null,
      read_only: p.read_only ?? false,
    };
  });
  if (!rows.length) ctx.note('No profiles yet: run `payctl login` (until then commands use the embedded sandbox).');
  // The table keeps to what tells profiles apart; csv and json carry every field under its JSON name.
  const columns =
    ctx.output().format === 'csv'
      ? keyColumns(LIST_FIELDS)
      : [
          text(' ', 'active', { get: (r: { active: boolean }, c) => (c.plain ? String(r.active) : r.active ? '*' : ''), width: 'fixed' }),
          text('PROFILE', 'profile', { width: 'fixed' }),
          text('MODE', 'mode', { width: 'fixed' }),
          text('KEY', 'key', { width: 'fixed' }),
          text('BASE URL', 'base_url'),
          bool('READ ONLY', 'read_only'),
        ];
  await printList(ctx, rows, columns);
}

export async function configGetRun(ctx: CommandContext, rawKey: string): Promise<void> {
  const key = parseSettingKey(rawKey);
  const store = await ctx.config();
  const profile = targetProfile(ctx, store, false);
  const value = displaySetting(key, store.getProfile(profile)?.[key]);
  if (value === null && ctx.output().format === 'table') ctx.note(`${key} is not set in profile "${profile}"`);
  await writeScalar(ctx, { profile, key, value }, 'value');
}

export async function configSetRun(ctx: CommandContext, rawKey: string, rawValue: string): Promise<void> {
  const key = parseSettingKey(rawKey);
  const value = parseSettingValue(key, rawValue);
  const store = await ctx.config();
  const profile = targetProfile(ctx, store, true);
  // Printed on a terminal or not: the key is in shell history either way.
  if (key === 'api_key') {
    ctx.warn('payctl: warning: a key on the command line is visible in `ps` and shell history, and is not checked against the API; prefer `payctl login --with-key-stdin`');
  }
  // Merged into the profile as it is under the lock, so a concurrent set of another key or profile stays.
  await store.update((cfg) => cfg.setProfile(profile, { ...(cfg.getProfile(profile) ?? {}), [key]: value }));
  const shown = displaySetting(key, value);
  await writeResult(ctx, { profile, key, value: shown });
  ctx.note(`✓ Set ${key} = ${String(shown)} in profile "${profile}"`);
}

export async function configUnsetRun(ctx: CommandContext, rawKey: string): Promise<void> {
  const key = parseSettingKey(rawKey);
  const store = await ctx.config();
  const profile = targetProfile(ctx, store, false);
  const removed = await store.update((cfg) => {
    const current = cfg.getProfile(profile);
    if (current === undefined || current[key] === undefined) return false;
    const next: Profile = { ...current };
    delete next[key];
    cfg.setProfile(profile, next);
    return true;
  });
  await writeResult(ctx, { profile, key, removed });
  ctx.note(removed ? `✓ Unset ${key} in profile "${profile}"` : `${key} was not set in profile "${profile}"`);
}

export async function configUseRun(ctx: CommandContext, name: string): Promise<void> {
  validateProfileName(name);
  const store = await ctx.config();
  await store.update((cfg) => {
    if (!cfg.getProfile(name)) {
      throw new UsageError(`profile "${name}" does not exist; known profiles: ${knownList(cfg)}. Create it with \`payctl login --profile ${name}\``);
    }
    cfg.setActiveProfile(name);
  });
  await writeResult(ctx, { active_profile: name });
  ctx.note(`✓ Active profile is now "${name}"`);
  if (ctx.f.env.PAYCTL_PROFILE && ctx.f.env.PAYCTL_PROFILE !== name) {
    ctx.note(`  note: PAYCTL_PROFILE=${ctx.f.env.PAYCTL_PROFILE} is set in this environment and takes precedence`);
  }
}

export async function configPathRun(ctx: CommandContext): Promise<void> {
  const store = await ctx.config();
  await writeScalar(ctx, { path: store.path }, 'path');
}

export function registerConfigCommands(program: Command, ctx: CommandContext): void {
  const group = program.command('config').description('profiles and their settings (keys redacted)');
  withExamples(group, [
    'payctl config list',
    'payctl config set base_url http://127.0.0.1:12111 --profile local',
    'payctl config set read_only true --profile prod',
    'payctl config use local',
    'payctl config get stripe_version',
  ]);
  const keys = SETTING_KEYS.join(', ');

  withExamples(group.command('list').description('list profiles (the active one marked *)'), ['payctl config list', 'payctl config list --json']).action(async () => configListRun(ctx));
  withExamples(group.command('get').description(`print one setting of the profile (${keys})`).argument('<key>', 'setting name'), ['payctl config get base_url', 'payctl config get api_key --profile prod   # shown redacted'])
    .action(async (key: string) => configGetRun(ctx, key));
  withExamples(
    group
      .command('set')
      .description(`set one setting of the profile, creating the profile if needed (${keys})`)
      .argument('<key>', 'setting name')
      .argument('<value>', 'new value (api_key: prefer `payctl login --with-key-stdin`)'),
    ['payctl config set output json', 'payctl config set read_only true --profile prod', 'payctl config set base_url http://127.0.0.1:12111 --profile local'],
  ).action(async (key: string, value: string) => configSetRun(ctx, key, value));
  withExamples(group.command('unset').description('remove one setting from the profile').argument('<key>', 'setting name'), ['payctl config unset stripe_account', 'payctl config unset read_only --profile prod'])
    .action(async (key: string) => configUnsetRun(ctx, key));
  withExamples(group.command('use').description('make a profile the active one').argument('<profile>', 'profile name'), ['payctl config use prod', 'payctl config use default'])
    .action(async (name: string) => configUseRun(ctx, name));
  withExamples(group.command('path').description('print the config file path'), ['payctl config path', 'ls -l "$(payctl config path)"']).action(async () => configPathRun(ctx));
}
