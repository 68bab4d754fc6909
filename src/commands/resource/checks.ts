// Small input checks shared by commands: emails, and prompt validators built from flag checks.
import { UsageError } from '../../errors.js';

/** A plausible email address (something@domain.tld): enough to catch a typo before any request. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** Usage error for a malformed email, so a typo fails before any request. */
export function checkEmailFlag(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && value !== '' && !isEmail(value)) throw new UsageError(`invalid ${flag} "${value}"`);
  return value;
}

/** A prompt validator from a check that throws: the error's message is what the user sees. */
export function validating(check: (value: string) => unknown): (value: string) => true | string {
  return (value) => {
    try {
      check(value);
      return true;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };
}
