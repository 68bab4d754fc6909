// A Prompter for tests: answers come from a queue, every question is recorded, and each answer goes
// through the prompt's own validate — so a test proves both the flow and the validation.
import { CancelError, PROMPT_CANCELLED } from '../errors.js';
import type { Choice, Prompter } from './types.js';

/** Answer with the prompt's default (as pressing Enter would). */
export const USE_DEFAULT: unique symbol = Symbol('use default');
/** Answer by pressing Ctrl-C: the prompt throws CancelError. */
export const CANCEL: unique symbol = Symbol('cancel');

export type ScriptedAnswer = string | boolean | number | null | object | typeof USE_DEFAULT | typeof CANCEL;

export interface AskedQuestion {
  type: 'input' | 'password' | 'select' | 'confirm';
  message: string;
  default?: unknown;
  /** For select: the choices offered, in order. */
  choices?: Array<{ name: string; value: unknown; short?: string }>;
}

/** A scripted answer that the prompt's own validate rejected; `reason` is what the user would have seen. */
export class ScriptedValidationError extends Error {
  constructor(
    readonly question: string,
    readonly answer: string,
    readonly reason: string,
  ) {
    super(`ScriptedPrompter: answer ${JSON.stringify(answer)} to "${question}" failed validation: ${reason}`);
    this.name = 'ScriptedValidationError';
  }
}

export class ScriptedPrompter implements Prompter {
  /** Every question asked, in order. */
  readonly asked: AskedQuestion[] = [];
  private readonly queue: ScriptedAnswer[];

  constructor(answers: ScriptedAnswer[] = []) {
    this.queue = [...answers];
  }

  /** Answers not yet consumed. */
  get remaining(): number {
    return this.queue.length;
  }

  /** Throws when answers are left over: the flow asked fewer questions than the test expected. */
  assertDone(): void {
    if (this.queue.length > 0) {
      throw new Error(`ScriptedPrompter: ${this.queue.length} answer(s) never asked for: ${this.queue.map(show).join(', ')}`);
    }
  }

  async input(opts: { message: string; default?: string; validate?: (value: string) => true | string }): Promise<string> {
    const answer = this.next({ type: 'input', message: opts.message, default: opts.default });
    // As inquirer does: an empty answer takes the default, and validation sees the result.
    const raw = answer === USE_DEFAULT ? '' : expectType(answer, 'string', opts.message);
    const value = raw === '' && opts.default !== undefined ? opts.default : raw;
    validateOrThrow(opts.validate, value, opts.message);
    return value;
  }

  async password(opts: { message: string; validate?: (value: string) => true | string }): Promise<string> {
    const value = expectType(this.next({ type: 'password', message: opts.message }), 'string', opts.message);
    validateOrThrow(opts.validate, value, opts.message);
    return value;
  }

  async select<T = string>(opts: { message: string; choices: Choice<T>[]; default?: T }): Promise<T> {
    // `short` is recorded only when given, so it is visible to a test without cluttering the rest.
    const choices = opts.choices.map((c) => ({ name: c.name, value: c.value as unknown, ...(c.short === undefined ? {} : { short: c.short }) }));
    const answer = this.next({ type: 'select', message: opts.message, default: opts.default, choices });
    if (answer === USE_DEFAULT) {
      // inquirer starts on the default, else on the first choice.
      const start = opts.choices.find((c) => c.value === opts.default) ?? opts.choices[0];
      if (!start) throw new Error(`ScriptedPrompter: select "${opts.message}" has no choices`);
      return start.value;
    }
    const picked = opts.choices.find((c) => c.value === answer);
    if (!picked) {
      throw new Error(
        `ScriptedPrompter: ${show(answer)} is not a choice of "${opts.message}"; choices: ${choices.map((c) => show(c.value)).join(', ')}`,
      );
    }
    return picked.value;
  }

  async confirm(opts: { message: string; default?: boolean }): Promise<boolean> {
    const answer = this.next({ type: 'confirm', message: opts.message, default: opts.default });
    if (answer === USE_DEFAULT) return opts.default ?? true;
    return expectType(answer, 'boolean', opts.message);
  }

  private next(question: AskedQuestion): Exclude<ScriptedAnswer, typeof CANCEL> {
    this.asked.push(question);
    if (this.queue.length === 0) {
      throw new Error(`ScriptedPrompter: no scripted answer left for ${question.type} "${question.message}"`);
    }
    const answer = this.queue.shift()!;
    if (answer === CANCEL) throw new CancelError(PROMPT_CANCELLED);
    return answer;
  }
}

function expectType<K extends 'string' | 'boolean'>(
  answer: unknown,
  type: K,
  message: string,
): K extends 'string' ? string : boolean {
  if (typeof answer !== type) throw new Error(`ScriptedPrompter: "${message}" wants a ${type} answer, got ${show(answer)}`);
  return answer as K extends 'string' ? string : boolean;
}

function validateOrThrow(validate: ((v: string) => true | string) | undefined, value: string, message: string): void {
  if (!validate) return;
  const result = validate(value);
  if (result !== true) throw new ScriptedValidationError(message, value, result || 'invalid');
}

function show(v: unknown): string {
  return typeof v === 'symbol' ? v.toString() : JSON.stringify(v) ?? String(v);
}
