// The profile settings `config get/set/unset` accept, and how each raw string is checked and typed.
import type { Profile } from './types.js';
import { OUTPUT_FORMATS, parseBoolean, validateBaseUrl, validateKeyShape } from './resolve.js';
import { redactKey, redactSecrets } from './redact.js';
import { UsageError } from '../errors.js';

export type SettingKey = keyof Profile;

export const SETTING_KEYS: readonly SettingKey[] = ['api_key', 'base_url', 'stripe_version', 'stripe_account', 'output', 'read_only'];

export function parseSettingKey(raw: string): SettingKey {
  if (!(SETTING_KEYS as readonly string[]).includes(raw)) {
    throw new UsageError(`unknown config key "${redactSecrets(raw)}": use one of ${SETTING_KEYS.join(', ')}`, { allowed: SETTING_KEYS });
  }
  return raw as SettingKey;
}

/** Checks a raw `config set` value and returns it typed for the profile. */
export function parseSettingValue(key: SettingKey, raw: string): Profile[SettingKey] {
  const v = raw.trim();
  // A key pasted into the wrong setting must not be echoed back in the error.
  const shown = redactSecrets(raw);
  switch (key) {
    case 'api_key':
      validateKeyShape(v, 'api_key');
      return v;
    case 'base_url':
      return validateBaseUrl(v);
    case 'stripe_version':
      // e.g. 2024-06-20 or 2026-10-28.endive
      if (!/^\d{4}-\d{2}-\d{2}(?:\.[a-z]+)?$/.test(v)) {
        throw new UsageError(`invalid stripe_version "${shown}": expected a dated API version such as 2024-06-20 or 2026-10-28.endive`);
      }
      return v;
    case 'stripe_account':
      if (!/^acct_[A-Za-z0-9]+$/.test(v)) throw new UsageError(`invalid stripe_account "${shown}": expected a connected account id (acct_…)`);
      return v;
    case 'output':
      if (!(OUTPUT_FORMATS as readonly string[]).includes(v)) {
        throw new UsageError(`invalid output "${shown}": use one of ${OUTPUT_FORMATS.join(', ')}`, { allowed: OUTPUT_FORMATS });
      }
      return v as Profile['output'];
    case 'read_only':
      if (v !== 'true' && v !== 'false') throw new UsageError(`invalid read_only "${shown}": use true or false`, { allowed: ['true', 'false'] });
      return parseBoolean(v, 'read_only');
  }
}

/** A setting as it may be shown: keys only redacted, unset as null. */
export function displaySetting(key: SettingKey, value: Profile[SettingKey] | undefined): string | boolean | null {
  if (value === undefined) return null;
  return key === 'api_key' ? redactKey(String(value)) : value;
}
