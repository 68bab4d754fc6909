// What Ctrl-C does at each moment of a run (interrupt.ts), and the client telling the registry when a
// mutation goes out and when its outcome is known (against the real sandbox).
import { describe, expect, it } from 'vitest';
import { CancelError } from '../../src/errors.js';
import { MutationRegistry, commandLine } from '../../src/interrupt.js';
import { createClient } from '../../src/client/http.js';
import type { OutgoingMutation } from '../../src/client/types.js';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';
import { caught } from '../helpers/caught.js';

const KEY = '0b6f1c1e-6d8e-4a57-9c3e-1f2a3b4c5d6e';
const post: OutgoingMutation = { method: 'POST', path: '/v1/refunds', idempotencyKey: KEY };
const argv = ['refunds', 'create', '--charge', 'ch_1', '--amount', '500', '--yes'];

describe('MutationRegistry.onInterrupt', () => {
  it('nothing sent yet: a plain cancel', () => {
    expect(new MutationRegistry().onInterrupt(argv, { json: false })).toEqual({ kind: 'cancel' });
  });

  it('in flight: the first Ctrl-C waits, the second abandons with exit 7, the key and the re-run command', () => {
    const r = new MutationRegistry();
    r.begin(post);
    expect(r.onInterrupt(argv, { json: false })).toEqual({ kind: 'wait', message: "payctl: waiting for the API's answer; Ctrl-C again to stop waiting" });
    expect(r.onInterrupt(argv, { json: false })).toEqual({
      kind: 'abandon',
      exitCode: 7,
      message: `error: stopped waiting: the outcome of POST /v1/refunds is unknown (idempotency key ${KEY}); re-run safely with: payctl refunds create --charge ch_1 --amount 500 --yes --idempotency-key ${KEY}`,
    });
  });

  it('--json: the abandon is a JSON error with the key and the re-run command', () => {
    const r = new MutationRegistry();
    r.begin(post);
    r.onInterrupt(argv, { json: true });
    const action = r.onInterrupt([...argv, '--json'], { json: true });
    expect(action.kind).toBe('abandon');
    expect(JSON.parse((action as { message: string }).message)).toEqual({
      error: {
        message: `stopped waiting: the outcome of POST /v1/refunds is unknown (idempotency key ${KEY}); re-run safely with: payctl refunds create --charge ch_1 --amount 500 --yes --json --idempotency-key ${KEY}`,
        exit_code: 7,
        outcome_unknown: true,
        idempotency_key: KEY,
        rerun: `payctl refunds create --charge ch_1 --amount 500 --yes --json --idempotency-key ${KEY}`,
      },
    });
  });

  it.each([
    { name: 'a key already on the command line is not added twice', argv: ['customers', 'create', '--idempotency-key', 'order-7'], m: { ...post, path: '/v1/customers', idempotencyKey: 'order-7' }, rerun: 'payctl customers create --idempotency-key order-7' },
    { name: 'arguments are quoted for the shell', argv: ['customers', 'create', '--name', "Carol O'Neil", '--description', ''], m: { ...post, path: '/v1/customers' }, rerun: `payctl customers create --name 'Carol O'\\''Neil' --description '' --idempotency-key ${KEY}` },
    { name: 'a key given with --api-key is redacted', argv: ['customers', 'create', '--api-key', 'sk_test_abcdefghijklmnop1234'], m: { ...post, path: '/v1/customers' }, rerun: `payctl customers create --api-key sk_test_…1234 --idempotency-key ${KEY}` },
  ])('$name', ({ argv: a, m, rerun }) => {
    const r = new MutationRegistry();
    r.begin(m);
    r.onInterrupt(a, { json: false });
    expect((r.onInterrupt(a, { json: false }) as { message: string }).message).toMatch(new RegExp(`re-run safely with: ${rerun.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('a DELETE (no key) says re-running is harmless', () => {
    const r = new MutationRegistry();
    r.begin({ method: 'DELETE', path: '/v1/customers/cus_1' });
    r.onInterrupt(['customers', 'delete', 'cus_1', '--yes'], { json: false });
    expect((r.onInterrupt(['customers', 'delete', 'cus_1', '--yes'], { json: false }) as { message: string }).message).toBe(
      'error: stopped waiting: the outcome of DELETE /v1/customers/cus_1 is unknown; re-run to make sure (doing it twice is harmless): payctl customers delete cus_1 --yes',
    );
  });

  it('several in flight (a bulk run): every key is listed', () => {
    const r = new MutationRegistry();
    r.begin({ ...post, idempotencyKey: 'k-1' });
    r.begin({ ...post, idempotencyKey: 'k-2' })();
    r.begin({ ...post, idempotencyKey: 'k-3' });
    r.onInterrupt(argv, { json: false });
    expect((r.onInterrupt(argv, { json: false }) as { message: string }).message).toBe(
      'error: stopped waiting: the outcome of 2 requests is unknown: POST /v1/refunds (idempotency key k-1), POST /v1/refunds (idempotency key k-3); re-run each with its --idempotency-key to retry safely',
    );
  });

  it('answered but not yet shown: the first Ctrl-C lets it finish; a second still gives the key (a re-run replays)', () => {
    const r = new MutationRegistry();
    r.begin(post)();
    expect(r.onInterrupt(argv, { json: false })).toEqual({ kind: 'wait', message: 'payctl: the API has answered; finishing (Ctrl-C again to stop)' });
    expect(r.onInterrupt(argv, { json: false })).toMatchObject({ kind: 'abandon', exitCode: 7 });
  });

  it('after a Ctrl-C no new mutation is sent', () => {
    const r = new MutationRegistry();
    r.begin(post);
    r.onInterrupt(argv, { json: false });
    const refused = (() => {
      try {
        r.begin({ method: 'POST', path: '/v1/refunds', idempotencyKey: 'next' });
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(CancelError);
    expect((refused as CancelError).message).toBe('cancelled by Ctrl-C: POST /v1/refunds was not sent');
  });

  it('SIGTERM cannot wait: it names what is still out, with the key; nothing when nothing is out', () => {
    const r = new MutationRegistry();
    expect(r.onTerminate(argv, { json: false, exitCode: 143 })).toBeUndefined();
    const answered = r.begin({ ...post, idempotencyKey: 'done-1' });
    answered();
    expect(r.onTerminate(argv, { json: false, exitCode: 143 })).toBeUndefined();
    r.begin(post);
    expect(r.onTerminate(argv, { json: false, exitCode: 143 })).toBe(
      `error: stopped waiting: the outcome of POST /v1/refunds is unknown (idempotency key ${KEY}); re-run safely with: payctl refunds create --charge ch_1 --amount 500 --yes --idempotency-key ${KEY}`,
    );
  });

  it('commandLine leaves plain words alone', () => {
    expect(commandLine(['charges', 'list', '--limit', '5', '--created-after', '2026-01-01T00:00:00Z'])).toBe('payctl charges list --limit 5 --created-after 2026-01-01T00:00:00Z');
  });
});

describe('the client tells the registry', () => {
  const sandbox = useTestSandbox();

  function tracked(extra: Parameters<typeof createClient>[0] extends infer O ? Partial<O> : never = {}) {
    const events: string[] = [];
    const c = createClient({
      apiKey: newTestKey(),
      baseUrl: sandbox.url,
      sleep: async () => {},
      mutations: {
        begin: (m) => {
          events.push(`begin ${m.method} ${m.path} ${m.idempotencyKey ? 'keyed' : 'no-key'}`);
          return () => void events.push(`answered ${m.method} ${m.path}`);
        },
      },
      ...extra,
    });
    return { c, events };
  }

  it('POST and DELETE from just before sending until the answer; GET never', async () => {
    const { c, events } = tracked();
    try {
      const cus = await c.post('/v1/customers', { name: 'Tracked' });
      await c.get(`/v1/customers/${cus.id}`);
      await c.del(`/v1/customers/${cus.id}`);
      expect(events).toEqual([
        'begin POST /v1/customers keyed',
        'answered POST /v1/customers',
        `begin DELETE /v1/customers/${cus.id} no-key`,
        `answered DELETE /v1/customers/${cus.id}`,
      ]);
    } finally {
      await c.close();
    }
  });

  it('also once the outcome is a final failure (API error or network)', async () => {
    const { c, events } = tracked({ maxRetries: 1, extraHeaders: (): Record<string, string> => ({ 'Payctl-Sandbox-Fault': 'fail' }) });
    try {
      await caught(c.post('/v1/customers', { name: 'Failing' }));
      expect(events).toEqual(['begin POST /v1/customers keyed', 'answered POST /v1/customers']);
    } finally {
      await c.close();
    }
  });

  it('a refusal from the registry means nothing is sent', async () => {
    const key = newTestKey();
    const c = createClient({ apiKey: key, baseUrl: sandbox.url, mutations: { begin: () => { throw new CancelError('stop'); } } });
    const plain = createClient({ apiKey: key, baseUrl: sandbox.url });
    try {
      expect(await caught(c.post('/v1/customers', { name: 'Never' }))).toBeInstanceOf(CancelError);
      expect((await plain.get('/v1/customers')).data).toEqual([]);
    } finally {
      await c.close();
      await plain.close();
    }
  });
});
