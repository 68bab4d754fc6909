// Spawns the built binary (bin/payctl.js) as a user would, with a temp HOME and no inherited keys.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/payctl.js', import.meta.url));

export interface SpawnResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: the machine's PATH, the given HOME/XDG dirs, nothing that selects an account. */
export function cleanEnv(extra: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'LANG', 'TERM', 'SYSTEMROOT']) if (process.env[k]) env[k] = process.env[k]!;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function runBin(args: string[], env: Record<string, string>, opts: { stdin?: string; timeoutMs?: number } = {}): Promise<SpawnResult> {
  return runNode([BIN, ...args], env, opts);
}

/** Runs node with these arguments (a script or `--snapshot-blob BLOB --`, then payctl's arguments). */
export function runNode(nodeArgs: string[], env: Record<string, string>, opts: { stdin?: string; timeoutMs?: number } = {}): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Runs bin/payctl.js and returns its JSON output; a non-zero exit throws with the command and stderr. */
export async function runBinJson(args: string[], env: Record<string, string>): Promise<any> {
  const r = await runBin(args, env);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
