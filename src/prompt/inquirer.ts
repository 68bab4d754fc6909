// The real Prompter, on @inquirer/prompts. Prompts render to the stream given (stderr in main), never
// stdout, so piped data stays clean; Ctrl-C becomes CancelError (exit 130).
import { CancelError, PROMPT_CANCELLED } from '../errors.js';
import type { Choice, Prompter } from './types.js';

/** inquirer's own error names for Ctrl-C, an abort signal and a cancelled prompt (its classes are not re-exported). */
const CANCEL_ERROR_NAMES = new Set(['ExitPromptError', 'AbortPromptError', 'CancelPromptError']);

/**
 * Builds the prompter. @inquirer/prompts is imported here, not at module top, so commands that never
 * prompt do not pay for loading it.
 */
export async function createInquirerPrompter(io: {
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
}): Promise<Prompter> {
  const inquirer = await import('@inquirer/prompts');
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

  return {
    input: (opts) => ask(() => inquirer.input({ message: opts.message, default: opts.default, validate: opts.validate }, context)),
    // No mask: not even the length of a secret is shown.
    password: (opts) => ask(() => inquirer.password({ message: opts.message, validate: opts.validate }, context)),
    select: <T>(opts: { message: string; choices: Choice<T>[]; default?: T }) =>
      ask(() =>
        inquirer.select<T>(
          {
            message: opts.message,
            choices: opts.choices.map((c) => ({ name: c.name, value: c.value, description: c.description, short: c.short })),
            default: opts.default,
          },
          context,
        ),
      ),
    confirm: (opts) => ask(() => inquirer.confirm({ message: opts.message, default: opts.default }, context)),
  };
}
