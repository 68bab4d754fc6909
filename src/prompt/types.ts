// The prompter interface: commands ask through it; tests drive it with scripted answers.

export interface Choice<T = string> {
  name: string;
  value: T;
  description?: string;
  /** What stays on screen once chosen, when the whole name would wrap (default: the name). */
  short?: string;
}

export interface Prompter {
  input(opts: { message: string; default?: string; validate?: (value: string) => true | string }): Promise<string>;
  password(opts: { message: string; validate?: (value: string) => true | string }): Promise<string>;
  select<T = string>(opts: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  confirm(opts: { message: string; default?: boolean }): Promise<boolean>;
}
