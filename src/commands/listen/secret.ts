// The local signing secret `payctl listen` signs forwarded events with: one per profile, made once
// and kept in the config directory (file 0600, directory 0700), so a handler is configured once.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

const FILE = 'listen-secrets.json';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function newSecret(): string {
  let out = 'whsec_';
  while (out.length < 6 + 32) {
    for (const b of randomBytes(48)) if (b < 248 && out.length < 38) out += ALPHABET[b % 62];
  }
  return out;
}

/** The profile's secret, created on first use. */
export function listenSecret(configDir: string, profile: string): string {
  const path = join(configDir, FILE);
  let all: Record<string, string> = {};
  try {
    all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch {
    all = {};
  }
  const existing = all[profile];
  if (typeof existing === 'string' && /^whsec_[A-Za-z0-9]+$/.test(existing)) return existing;
  all[profile] = newSecret();
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(all, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return all[profile]!;
}
