// The official Stripe CLI binary, from npm's @stripe/cli-linux-x64 package, installed on first use
// into test/bench/.peer (shared with `npm run bench`; not a devDependency, since npm ci would need
// every platform's package in the lock file and only linux-x64 is served here). Where it cannot be
// installed (offline, no registry, another platform) the tests that need it skip and say why.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const STRIPE_CLI_VERSION = '1.52.0';
// PAYCTL_TEST_STRIPE_CLI_DIR lets a test point the install elsewhere (the offline-skip test).
const peerDir = process.env.PAYCTL_TEST_STRIPE_CLI_DIR || fileURLToPath(new URL('../bench/.peer', import.meta.url));
export const stripeCliPath = join(peerDir, 'node_modules/@stripe/cli-linux-x64/bin/stripe');

export type StripeCli = { path: string; unavailable?: undefined } | { path?: undefined; unavailable: string };

/** The last line of npm's error output that says something (npm ends with a log-file pointer). */
function npmReason(err: unknown): string {
  const e = err as { stderr?: Buffer | string; message?: string; code?: string; signal?: string };
  if (e.code === 'ETIMEDOUT' || e.signal === 'SIGTERM') return 'npm install timed out';
  const lines = String(e.stderr ?? e.message ?? err)
    .split('\n')
    .map((l) => l.replace(/^npm (?:error|ERR!) ?/, '').trim())
    .filter((l) => l && !/complete log of this run|^A complete log|^\/.*\.log$/.test(l));
  const pick = (re: RegExp) => lines.find((l) => re.test(l));
  return pick(/request to .* failed/) ?? pick(/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|E404|network/i) ?? lines[0] ?? 'npm install failed';
}

/**
 * Installs the official CLI if it is not there yet, with one retry for a registry hiccup. Never
 * throws: when it cannot be had, `unavailable` says why, for the tests to skip with.
 */
export function ensureStripeCli(): StripeCli {
  if (existsSync(stripeCliPath)) return { path: stripeCliPath };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { unavailable: `no @stripe/cli-linux-x64 build for ${process.platform}-${process.arch}` };
  }
  let reason = '';
  for (let attempt = 0; attempt < 2 && !existsSync(stripeCliPath); attempt++) {
    try {
      execFileSync(
        'npm',
        ['install', '--prefix', peerDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--fetch-retries=1', '--fetch-retry-mintimeout=1000', '--fetch-retry-maxtimeout=3000', `@stripe/cli-linux-x64@${STRIPE_CLI_VERSION}`],
        { stdio: 'pipe', timeout: 120_000 },
      );
    } catch (err) {
      reason = npmReason(err);
    }
  }
  if (existsSync(stripeCliPath)) return { path: stripeCliPath };
  return { unavailable: `official Stripe CLI ${STRIPE_CLI_VERSION} could not be installed from the npm registry (${reason || 'binary missing after install'})` };
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
