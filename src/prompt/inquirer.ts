// The real Prompter, on inquirer's prompts: @inquirer/input, password, select and confirm, the four it
// uses (@inquirer/prompts would add its editor prompt's ~0.5 MB of character-set tables to the build).
// Prompts render to the stream given (stderr in main), never stdout, so piped data stays clean;
// Ctrl-C becomes CancelError (exit 130). Every text it draws — message, choice, default, validation
// message — passes the one terminal sanitiser here, so a customer named "Evil\x1b]0;pwned\x07" in a
// picker cannot drive the terminal, whichever command asks.
import { CancelError, PROMPT_CANCELLED } from '../errors.js';
import { sanitize, sanitizeLine } from '../output/sanitize.js';
import type { Choice, Prompter } from './types.js';

/** inquirer's own error names for Ctrl-C, an abort signal and a cancelled prompt (its classes are not re-exported). */
const CANCEL_ERROR_NAMES = new Set(['ExitPromptError', 'AbortPromptError', 'CancelPromptError']);

/**
 * Builds the prompter. The prompts are imported here, not at module top, so commands that never
 * prompt do not pay for loading them.
 */
export async function createInquirerPrompter(io: {
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
}): Promise<Prompter> {
  const [{ default: input }, { default: password }, { default: select }, { default: confirm }] = await Promise.all([
    import('@inquirer/input'),
    import('@inquirer/password'),
    import('@inquirer/select'),
    import('@inquirer/confirm'),
  ]);
  const inquirer = { input, password, select, confirm };
  const context = { input: io.stdin, output: io.stdout };

  async function ask<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      // Every prompt comes before its request, so at a prompt nothing has been sent yet.
      if (err instanceof Error && CANCEL_ERROR_NAMES.has(err.name)) throw new CancelError(PROMPT_CANCELLED);
      throw err;
    }
  }

  const text = (s: string | undefined): string | undefined => (s === undefined ? undefined : sanitize(s));
  const line = (s: string | undefined): string | undefined => (s === undefined ? undefined : sanitizeLine(s));
  const validator = (validate: ((v: string) => true | string) | undefined) =>
    validate && ((v: string) => {
      const result = validate(v);
      return result === true ? true : sanitize(result);
    });

  return {
    // A default that needed sanitising is what Enter returns, too: what was shown is what is used.
    input: (opts) => ask(() => inquirer.input({ message: sanitize(opts.message), default: line(opts.default), validate: validator(opts.validate) }, context)),
    // No mask: not even the length of a secret is shown.
    password: (opts) => ask(() => inquirer.password({ message: sanitize(opts.message), validate: validator(opts.validate) }, context)),
    select: <T>(opts: { message: string; choices: Choice<T>[]; default?: T }) =>
      ask(() =>
        inquirer.select<T>(
          {
            message: sanitize(opts.message),
            // One line per choice: a name with a newline could draw a fake choice under it.
            choices: opts.choices.map((c) => ({ name: sanitizeLine(c.name), value: c.value, description: text(c.description), short: line(c.short) })),
            default: opts.default,
          },
          context,
        ),
      ),
    confirm: (opts) => ask(() => inquirer.confirm({ message: sanitize(opts.message), default: opts.default }, context)),
  };
}
