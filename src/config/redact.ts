// Key redaction: the only form in which a secret may appear in output, logs or errors.

/** `sk_test_51Habc…4242` → `sk_test_…4242`; anything unrecognised → `…` plus its last 4 at most. */
export function redactKey(key: string | undefined): string {
  if (!key) return '(none)';
  const m = /^([a-z]{2,3}_(?:test|live)_)/.exec(key);
  const tail = key.length > 12 ? key.slice(-4) : '';
  return `${m ? m[1] : ''}…${tail}`;
}

/** Replaces every Stripe-looking secret in a string with its redacted form. */
export function redactSecrets(text: string): string {
  return text.replace(/\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9_]+/g, (k) => redactKey(k));
}
