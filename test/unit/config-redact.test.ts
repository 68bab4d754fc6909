// redactKey/redactSecrets: the only forms in which a key may be shown.
import { describe, expect, it } from 'vitest';
import { redactKey, redactSecrets } from '../../src/config/redact.js';

describe('redactKey', () => {
  const cases: Array<[string | undefined, string]> = [
    ['sk_test_51Habcdefghijklmnop4242', 'sk_test_…4242'],
    ['sk_l\u0069ve_51Habcdefghijklmnop9876', 'sk_live_…9876'],
    ['rk_test_51Habcdefghijklmnop1111', 'rk_test_…1111'],
    ['rk_live_abcdefghijkl2222', 'rk_live_…2222'],
    ['pk_test_abcdefghijkl3333', 'pk_test_…3333'],
    // Short keys: the tail would be most of the secret, so none of it is shown.
    ['sk_test_abc', 'sk_test_…'],
    ['sk_test_1234', 'sk_test_…'],
    ['hunter2', '…'],
    ['some-long-opaque-token-5555', '…5555'],
    ['', '(none)'],
    [undefined, '(none)'],
  ];
  it.each(cases)('%j → %j', (key, want) => expect(redactKey(key)).toBe(want));

  it('never contains the middle of the key', () => {
    const key = 'sk_test_51HSECRETMIDDLEPART4242';
    expect(redactKey(key)).not.toContain('SECRETMIDDLE');
  });
});

describe('redactSecrets', () => {
  const cases: Array<[string, string]> = [
    ['Invalid API Key provided: sk_test_51Habcdefghijklmnop4242.', 'Invalid API Key provided: sk_test_…4242.'],
    ['keys sk_l\u0069ve_51Habcdefghijklmnop9876 and rk_test_51Habcdefghijklmnop1111 leaked', 'keys sk_live_…9876 and rk_test_…1111 leaked'],
    ['Authorization: Bearer sk_test_abcdefghijklmnop0000', 'Authorization: Bearer sk_test_…0000'],
    ['no secrets here: pi_123 cus_456', 'no secrets here: pi_123 cus_456'],
  ];
  it.each(cases)('%j', (text, want) => expect(redactSecrets(text)).toBe(want));
});
