// The offline webhook loop through the real binary: `listen` on the embedded sandbox, `trigger` in
// another process, a handler verifying with the official SDK, then a real SIGINT stops listen cleanly.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import Stripe from 'stripe';
import { tempHome } from '../helpers/cli.js';
import { BIN, cleanEnv, runBin } from '../helpers/spawn.js';
import { startReceiver } from '../helpers/receiver.js';

describe('listen + trigger through bin/payctl.js', () => {
  const home = tempHome();
  const env = cleanEnv(home.env);
  afterAll(() => home.cleanup());

  it('forwards triggered events signed with the local secret; Ctrl-C exits 0 and removes the endpoint', async () => {
    const secret = (await runBin(['listen', '--print-secret'], env)).stdout.trim();
    expect(secret).toMatch(/^whsec_/);
    const rx = await startReceiver();
    const child = spawn(process.execPath, [BIN, 'listen', '--forward-to', rx.url, '-o', 'jsonl'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      for (let i = 0; ; i++) {
        const r = await runBin(['webhook-endpoints', 'list'], env);
        if (r.code === 0 && JSON.parse(r.stdout).length === 1) break;
        if (i > 100) throw new Error(`listen never registered its endpoint: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const t = await runBin(['trigger', 'payment_intent.succeeded'], env);
      expect(t.code).toBe(0);
      const triggered = JSON.parse(t.stdout);
      await rx.waitFor(3); // payment_intent.created, charge.succeeded, payment_intent.succeeded
      const verifier = new Stripe('sk_test_verifier');
      const events = rx.deliveries.map((d) => verifier.webhooks.constructEvent(d.body, d.headers['stripe-signature'] as string, secret));
      expect(events.map((e) => e.type).sort()).toEqual(['charge.succeeded', 'payment_intent.created', 'payment_intent.succeeded']);
      expect(events.find((e) => e.type === 'payment_intent.succeeded')!.id).toBe(triggered.event);
      for (let i = 0; stdout.trimEnd().split('\n').length < 3 && i < 100; i++) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
      const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.status, l.error])).toEqual([[200, null], [200, null], [200, null]]);
      expect(JSON.parse((await runBin(['webhook-endpoints', 'list'], env)).stdout)).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      await rx.close();
    }
  });
});
