// `payctl listen --forward-to URL`: forwards each new event to a local handler, signed with the
// profile's stable local secret, one line per delivery. Against a sandbox (embedded or `sandbox
// serve`) events arrive by push: a loopback relay in this process registers itself as a temporary
// webhook endpoint, checks the sandbox's signature, re-signs and forwards, and answers the sandbox
// with the handler's status (so the sandbox's retries apply). Any other server is polled.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { StripeClient } from '../../client/types.js';
import { AuthError, UsageError } from '../../errors.js';
import { withExamples } from '../resource/builder.js';
import { interruptSignal } from '../interrupt.js';

interface ListenFlags {
  forwardTo?: string;
  events?: string;
  skipVerify?: boolean;
  printSecret?: boolean;
  interval: string;
}

/** Marks the temporary endpoints listen creates (and the relay URL, to find stale ones). */
const MARK = 'payctl_listen';
const FORWARD_TIMEOUT_MS = 30_000;
const TOLERANCE_S = 300;

export interface DeliveryLine {
  time: string;
  type: string;
  id: string;
  status: number | null;
  latency_ms: number;
  error: string | null;
}

async function isSandbox(client: StripeClient): Promise<boolean> {
  try {
    await client.get('/v1/test_helpers/sandbox/clock');
    return true;
  } catch (err) {
    if ((err as { status?: number }).status === 404) return false;
    throw err;
  }
}

/** Checks a `Stripe-Signature` header as the official SDKs do: any v1 matches, timestamp within tolerance. */
export async function verifySignature(payload: string, header: string | undefined, secret: string, nowS: number): Promise<boolean> {
  if (!header) return false;
  const { createHmac, timingSafeEqual } = await import('node:crypto');
  const parts = header.split(',').map((p) => p.split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowS - t) > TOLERANCE_S) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${payload}`, 'utf8').digest('hex'));
  return parts.some(([k, v]) => k === 'v1' && v !== undefined && v.length === expected.length && timingSafeEqual(Buffer.from(v), expected));
}

async function listenRun(ctx: CommandContext, o: ListenFlags): Promise<void> {
  const [{ parseEventsFlag }, { parseInterval, followEvents }, { listenSecret }, { configDir }] = await Promise.all([
    import('../webhook-endpoints/index.js'),
    import('../events/follow.js'),
    import('./secret.js'),
    import('../../config/store.js'),
  ]);
  const intervalMs = parseInterval(o.interval);
  const events = o.events === undefined ? undefined : parseEventsFlag(o.events);
  const format = ctx.output().format;
  if (format === 'csv') throw new UsageError('listen streams deliveries: use -o table, json or jsonl');
  let forward: URL | undefined;
  if (o.forwardTo !== undefined) {
    try {
      forward = new URL(o.forwardTo);
    } catch {
      forward = undefined;
    }
    if (!forward || (forward.protocol !== 'http:' && forward.protocol !== 'https:')) {
      throw new UsageError(`invalid --forward-to "${o.forwardTo}": use an http(s) URL such as http://localhost:3000/webhook`);
    }
  }
  const creds = await ctx.credentials();
  const secret = listenSecret(configDir(ctx.f.env), creds.profile);
  if (o.printSecret) {
    ctx.f.io.stdout.write(`${secret}\n`);
    return;
  }
  if (!forward) throw new UsageError('missing required flag: --forward-to (or --print-secret)');
  if (!ctx.globals().sandbox && /^(sk|rk)_live_/.test(creds.apiKey ?? '')) {
    // Forwarding live events to a local handler is not what a test tool should do silently.
    throw new AuthError('listen refuses live keys: use a test-mode key (sk_test_…) or the sandbox');
  }

  const [{ signPayload }, { createPoster, PostError }] = await Promise.all([import('../../sandbox/webhooks/signature.js'), import('../../sandbox/webhooks/post.js')]);
  const poster = createPoster({ rejectUnauthorized: !o.skipVerify });
  const out = ctx.f.io.stdout;
  const forwardUrl = forward.toString();

  /** POSTs one event's exact bytes to the handler, signed with the local secret, and prints the line. */
  async function deliver(payload: string, event: { id: string; type: string }): Promise<number | null> {
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const headers = { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signPayload(secret, payload, Math.floor(Date.now() / 1000)), 'user-agent': 'payctl-listen' };
      status = (await poster.post(forwardUrl, payload, headers, { timeoutMs: FORWARD_TIMEOUT_MS })).status;
    } catch (err) {
      error = err instanceof PostError ? err.message.split(':')[0]! : String(err);
    }
    const line: DeliveryLine = {
      time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      type: event.type,
      id: event.id,
      status,
      latency_ms: Math.round(performance.now() - started),
      error,
    };
    await printLine(line);
    return status;
  }

  async function printLine(l: DeliveryLine): Promise<void> {
    const { valueText } = await import('../../output/columns.js');
    const text =
      format === 'table'
        ? `${l.time.slice(11, 19)}  ${valueText(l.type).padEnd(34)} ${valueText(l.id).padEnd(30)} ${l.status === null ? `[${valueText(l.error)}]` : `[${l.status}]`} ${l.latency_ms} ms`
        : JSON.stringify(l);
    if (out.write(`${text}\n`) === false && out.drain) await out.drain();
  }

  const client = await ctx.client();
  const { signal, dispose } = interruptSignal(ctx);
  // The embedded sandbox only queues deliveries in short-lived commands; while listen runs, it
  // sends them (its own and those of other payctl runs on the same data file).
  const worker = !creds.apiKey || ctx.globals().sandbox ? await startEmbeddedWorker(ctx) : undefined;
  try {
    if (await isSandbox(client)) await pushMode();
    else await pollMode();
  } finally {
    dispose();
    worker?.close();
    poster.close();
  }

  async function pollMode(): Promise<void> {
    ctx.note(`Ready! Polling /v1/events every ${o.interval} and forwarding to ${forwardUrl}. Webhook signing secret: ${secret} (Ctrl-C to stop)`);
    const filter = events && !events.includes('*') ? { types: events } : {};
    for await (const e of followEvents(client, { ...filter, intervalMs, signal })) {
      await deliver(JSON.stringify(e, null, 2), e);
    }
  }

  async function pushMode(): Promise<void> {
    const { createServer } = await import('node:http');
    let endpointSecret = '';
    const inflight = new Set<Promise<unknown>>();
    const relay = createServer((req, res) => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('payctl listen relay\n');
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const p = (async () => {
          const payload = Buffer.concat(chunks).toString('utf8');
          if (!(await verifySignature(payload, req.headers['stripe-signature'] as string | undefined, endpointSecret, Math.floor(Date.now() / 1000)))) {
            res.writeHead(400).end('bad signature\n');
            return;
          }
          let event: { id: string; type: string };
          try {
            event = JSON.parse(payload) as { id: string; type: string };
          } catch {
            res.writeHead(400).end('bad payload\n');
            return;
          }
          const status = await deliver(payload, event);
          // The sandbox sees what the handler said, so its retry schedule applies to the handler.
          res.writeHead(status ?? 502).end();
        })().catch(() => {
          if (!res.headersSent) res.writeHead(500).end();
        });
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
      });
    });
    await new Promise<void>((resolve, reject) => {
      relay.once('error', reject);
      relay.listen(0, '127.0.0.1', () => resolve());
    });
    const relayUrl = `http://127.0.0.1:${(relay.address() as { port: number }).port}/`;
    let endpointId: string | undefined;
    try {
      await removeStaleEndpoints(client);
      const ep = await client.post<{ id: string; secret: string }>('/v1/webhook_endpoints', {
        url: relayUrl,
        enabled_events: events ?? ['*'],
        description: `payctl listen → ${forwardUrl} (temporary)`,
        metadata: { [MARK]: relayUrl },
      });
      endpointId = ep.id;
      endpointSecret = ep.secret;
      ctx.note(`Ready! Forwarding sandbox events to ${forwardUrl}. Webhook signing secret: ${secret} (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        signal.addEventListener('abort', () => resolve());
      });
    } finally {
      if (endpointId) await client.del(`/v1/webhook_endpoints/${endpointId}`).catch(() => {});
      await Promise.allSettled([...inflight]);
      await new Promise<void>((resolve) => {
        relay.close(() => resolve());
        relay.closeAllConnections();
      });
    }
  }
}

/** A delivery worker on the embedded sandbox's data file, for as long as listen runs. */
async function startEmbeddedWorker(ctx: CommandContext): Promise<{ close(): void }> {
  const [{ sandboxDataDir, sandboxDbPath }, { openStore }, { startDeliveryWorker }] = await Promise.all([
    import('../../sandbox/embedded.js'),
    import('../../sandbox/store/sqlite.js'),
    import('../../sandbox/webhooks/worker.js'),
  ]);
  const store = openStore({ path: sandboxDbPath(sandboxDataDir(ctx.f.env)) });
  const worker = startDeliveryWorker(store, { pollMs: 200 });
  return {
    close() {
      worker.close();
      store.close();
    },
  };
}

/** Deletes temporary endpoints of earlier listen runs whose relay no longer answers (a killed listen). */
async function removeStaleEndpoints(client: StripeClient): Promise<void> {
  const page = await client.get<{ data: Array<{ id: string; url: string; metadata?: Record<string, string> }> }>('/v1/webhook_endpoints', { limit: 100 });
  const stale = page.data.filter((ep) => ep.metadata?.[MARK] && ep.metadata[MARK] === ep.url && /^http:\/\/127\.0\.0\.1:\d+\/$/.test(ep.url));
  if (stale.length === 0) return;
  const { request } = await import('node:http');
  for (const ep of stale) {
    const alive = await new Promise<boolean>((resolve) => {
      const req = request(ep.url, { method: 'GET', timeout: 1000 }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve(text.startsWith('payctl listen relay')));
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(false));
      req.end();
    });
    if (!alive) await client.del(`/v1/webhook_endpoints/${ep.id}`).catch(() => {});
  }
}

export function registerListenCommand(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('listen')
    .description('forward new events to a local webhook handler, signed with a stable local secret (Ctrl-C to stop)')
    .option('--forward-to <url>', 'your handler, e.g. http://localhost:3000/webhook')
    .option('--events <types>', 'comma-separated event types to forward (default: all)')
    .option('--skip-verify', 'do not verify the TLS certificate of an https --forward-to')
    .option('--print-secret', 'print the local signing secret (whsec_…) and exit')
    .option('--interval <duration>', 'poll interval when the server is not a sandbox (100ms–1h)', '2s');
  withExamples(cmd, [
    'payctl listen --forward-to http://localhost:3000/webhook',
    'payctl listen --forward-to http://localhost:3000/webhook --events payment_intent.succeeded,charge.refunded',
    'payctl listen --print-secret',
  ]);
  cmd.action((o: ListenFlags) => listenRun(ctx, o));
}
