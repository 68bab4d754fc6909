// `config set` validation: each settable key, its accepted values, and the errors listing what is allowed.
import { describe, expect, it } from 'vitest';
import { displaySetting, parseSettingKey, parseSettingValue, SETTING_KEYS, type SettingKey } from '../../src/config/settings.js';
import { UsageError } from '../../src/errors.js';

describe('parseSettingKey', () => {
  it.each(SETTING_KEYS)('accepts %s', (k) => expect(parseSettingKey(k)).toBe(k));
  it.each(['apikey', 'profile', 'API_KEY', '__proto__', ''])('refuses %j, listing the allowed keys', (k) => {
    expect(() => parseSettingKey(k)).toThrow(UsageError);
    expect(() => parseSettingKey(k)).toThrow('use one of api_key, base_url, stripe_version, stripe_account, output, read_only');
  });
});

describe('parseSettingValue', () => {
  const ok: Array<[SettingKey, string, unknown]> = [
    ['api_key', 'sk_test_51Habcdef4242', 'sk_test_51Habcdef4242'],
    ['api_key', ' rk_live_abc \n', 'rk_live_abc'],
    ['base_url', 'http://127.0.0.1:12111/', 'http://127.0.0.1:12111'],
    ['base_url', 'https://api.stripe.com', 'https://api.stripe.com'],
    ['stripe_version', '2024-06-20', '2024-06-20'],
    ['stripe_version', '2026-10-28.endive', '2026-10-28.endive'],
    ['stripe_account', 'acct_1Abc', 'acct_1Abc'],
    ['output', 'jsonl', 'jsonl'],
    ['read_only', 'true', true],
    ['read_only', 'false', false],
  ];
  it.each(ok)('%s %j → %j', (key, raw, want) => expect(parseSettingValue(key, raw)).toEqual(want));

  const bad: Array<[SettingKey, string, string]> = [
    ['api_key', 'pk_test_abcdef', 'publishable key'],
    ['api_key', 'nope', 'expected sk_test_…, sk_live_…, rk_test_… or rk_live_…'],
    ['base_url', 'http://example.com', 'refusing plain http:// to example.com'],
    ['base_url', 'example.com', 'invalid base URL'],
    ['stripe_version', 'latest', 'expected a dated API version such as 2024-06-20'],
    ['stripe_account', 'cus_123', 'expected a connected account id (acct_…)'],
    ['output', 'yaml', 'use one of table, json, jsonl, csv'],
    ['read_only', 'yes', 'use true or false'],
    ['read_only', '', 'use true or false'],
  ];
  it.each(bad)('%s %j → UsageError mentioning %j', (key, raw, msg) => {
    expect(() => parseSettingValue(key, raw)).toThrow(UsageError);
    expect(() => parseSettingValue(key, raw)).toThrow(msg);
  });

  it('a key pasted into the wrong setting is not echoed back', () => {
    const key = 'sk_test_51HSECRETMIDDLE4242';
    expect(() => parseSettingValue('stripe_account', key)).toThrow('invalid stripe_account "sk_test_…4242"');
  });
});

describe('displaySetting', () => {
  const rows: Array<[SettingKey, unknown, unknown]> = [
    ['api_key', 'sk_test_51Habcdefghij4242', 'sk_test_…4242'],
    ['base_url', 'http://127.0.0.1:1', 'http://127.0.0.1:1'],
    ['read_only', false, false],
    ['output', undefined, null],
  ];
  it.each(rows)('%s %j → %j', (key, value, want) => expect(displaySetting(key, value as never)).toEqual(want));
});
