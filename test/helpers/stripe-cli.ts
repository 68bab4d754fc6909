// The official Stripe CLI binary, from npm's @stripe/cli-linux-x64 package, installed on first use
// into test/bench/.peer (shared with `npm run bench`; not a devDependency, since npm ci would need
// every platform's package in the lock file and only linux-x64 is served here).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const STRIPE_CLI_VERSION = '1.52.0';
const peerDir = fileURLToPath(new URL('../bench/.peer', import.meta.url));
export const stripeCliPath = join(peerDir, 'node_modules/@stripe/cli-linux-x64/bin/stripe');

export function ensureStripeCli(): string {
  // One retry: a registry hiccup should not fail the suite (the second failure does, loudly).
  for (let attempt = 0; !existsSync(stripeCliPath); attempt++) {
    try {
      execFileSync('npm', ['install', '--prefix', peerDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `@stripe/cli-linux-x64@${STRIPE_CLI_VERSION}`], { stdio: 'pipe' });
    } catch (err) {
      if (attempt >= 1) throw err;
    }
  }
  return stripeCliPath;
}

/** Runs the official CLI against a base URL (asynchronously: the sandbox may share this process). */
export function stripeCli(args: string[], apiBase: string, key: string): Promise<{ code: number | null; json: any; stderr: string }> {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', STRIPE_CLI_TELEMETRY_OPTOUT: '1' };
    execFile(stripeCliPath, [...args, '--api-base', apiBase, '--api-key', key], { encoding: 'utf8', env, timeout: 20_000 }, (err, stdout, stderr) => {
      let json: any = null;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = null;
      }
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, json, stderr });
    });
  });
}
