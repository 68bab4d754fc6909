// The auth commands: login, logout, whoami (top-level, as in gh and the Stripe CLI).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { defaultMakeClient, newLoginCommand, type MakeClient } from './login.js';
import { newLogoutCommand } from './logout.js';
import { newWhoamiCommand } from './whoami.js';

export interface AuthDeps {
  /** Builds the client that checks a new key (the context's client is for the resolved key only). */
  makeClient?: MakeClient;
}

export function registerAuthCommands(program: Command, ctx: CommandContext, deps: AuthDeps = {}): void {
  newLoginCommand(program, ctx, deps.makeClient ?? defaultMakeClient);
  newLogoutCommand(program, ctx);
  newWhoamiCommand(program, ctx);
}
