// The delivery worker: runs outside every request's transaction, claims due outbox rows, POSTs each
// event to its endpoint over the real network stack (node:http, never the in-process
// dispatcher), and records the attempt; failures are retried on the schedule in outbox.ts.
import { setMaxListeners } from 'node:events';
import type { StripeObject } from '../core/types.js';
import type { Store } from '../store/sqlite.js';
import { RETRY_OFFSETS, type ClaimedDelivery } from './outbox.js';
import { signPayload } from './signature.js';
import { createPoster, PostError } from './post.js';
import { ATTEMPT_TYPE } from '../domain/webhooks.js';

export interface WebhookOptions {
  /** Per-attempt timeout (ms); default 10 000. */
  timeoutMs?: number;
  /** How often to look for rows other processes queued (ms); default 1 000. */
  pollMs?: number;
  /** Deliveries in flight at once; default 16. */
  concurrency?: number;
  /** No worker at all (a store opened only to read). */
  disabled?: boolean;
}

export interface DeliveryWorker {
  /** Look for due deliveries now (after a commit that queued some, or a clock move). */
  kick(): void;
  /** Resolves when nothing is in flight and nothing is due (tests, benchmarks). */
  idle(): Promise<void>;
  /** Stops: in-flight attempts are abandoned and stay in the outbox for the next run. */
  close(): void;
}

const MAX_ERROR = 200;

export function startDeliveryWorker(store: Store, opts: WebhookOptions & { log?: (line: string) => void } = {}): DeliveryWorker {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const pollMs = opts.pollMs ?? 1_000;
  const concurrency = opts.concurrency ?? 16;
  const leaseMs = timeoutMs + 5_000;
  const poster = createPoster({ maxSockets: concurrency });
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one listener per delivery in flight
  const inflight = new Set<Promise<void>>();
  const claimed = new Set<number>();
  let scheduled = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let idleWaiters: Array<() => void> = [];

  function kick(): void {
    if (closed || scheduled) return;
    scheduled = true;
    setImmediate(pump);
  }

  function arm(): void {
    if (timer) clearTimeout(timer);
    let wait = pollMs;
    try {
      const due = store.outbox.nextDelayMs();
      if (due !== undefined) wait = Math.min(wait, due + 5);
    } catch {
      return; // the store is closed
    }
    timer = setTimeout(kick, wait);
    timer.unref(); // never holds a CLI process open
  }

  function checkIdle(): void {
    if (inflight.size > 0 || idleWaiters.length === 0) return;
    let due: number | undefined;
    try {
      due = store.outbox.nextDelayMs();
    } catch {
      due = undefined;
    }
    if (due !== undefined && due === 0 && !closed) return;
    const w = idleWaiters;
    idleWaiters = [];
    for (const fn of w) fn();
  }

  function pump(): void {
    scheduled = false;
    if (closed) return;
    const free = concurrency - inflight.size;
    if (free > 0) {
      let rows: ClaimedDelivery[];
      try {
        rows = store.outbox.claim(free, leaseMs);
      } catch (err) {
        opts.log?.(`sandbox: webhook outbox: ${(err as Error).message}`);
        arm();
        return;
      }
      for (const row of rows) {
        claimed.add(row.seq);
        const p: Promise<void> = deliver(row)
          .catch((err) => opts.log?.(`sandbox: webhook delivery ${row.eventId}: ${(err as Error).message}`))
          .finally(() => {
            claimed.delete(row.seq);
            inflight.delete(p);
            kick();
          });
        inflight.add(p);
      }
      if (rows.length === free) {
        kick();
        return;
      }
    }
    arm();
    checkIdle();
  }

  async function deliver(row: ClaimedDelivery): Promise<void> {
    const { event, endpoint } = row;
    // The endpoint was deleted or disabled, or the event wiped: nothing to send, ever.
    if (!event || !endpoint || endpoint.status !== 'enabled') {
      store.transaction(row.account, () => store.outbox.remove(row.seq));
      return;
    }
    // Stripe sends the event pretty-printed; the signature covers these exact bytes.
    const payload = JSON.stringify(event, null, 2);
    // The timestamp is the real wall clock (not the advanced sandbox clock): handlers compare it with theirs.
    const signature = signPayload(endpoint.secret as string, payload, Math.floor(Date.now() / 1000));
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await poster.post(
        endpoint.url as string,
        payload,
        {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signature,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        { timeoutMs, signal: abort.signal },
      );
      statusCode = res.status;
    } catch (err) {
      if (abort.signal.aborted) return; // closing: the row stays for the next run
      error = err instanceof PostError ? err.message : String(err);
    }
    if (closed) return;
    const durationMs = Math.round(performance.now() - started);
    const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
    if (!ok && !error) error = `HTTP ${statusCode}`;
    recordAttempt(row, endpoint, event, { ok, statusCode, durationMs, error });
  }

  function recordAttempt(
    row: ClaimedDelivery,
    endpoint: StripeObject,
    event: StripeObject,
    r: { ok: boolean; statusCode: number | null; durationMs: number; error: string | null },
  ): void {
    store.transaction(row.account, (tx) => {
      const attempt = row.attempts + 1;
      let nextRetry: number | null = null;
      if (r.ok) {
        store.outbox.remove(row.seq);
        const current = tx.get('event', event.id);
        if (current && current.pending_webhooks > 0) tx.update('event', { ...current, pending_webhooks: current.pending_webhooks - 1 });
      } else if (attempt < RETRY_OFFSETS.length) {
        nextRetry = row.eventCreated + RETRY_OFFSETS[attempt]!;
        store.outbox.reschedule(row.seq, attempt, nextRetry);
      } else {
        store.outbox.remove(row.seq); // given up; the event keeps counting it in pending_webhooks
      }
      tx.insert(ATTEMPT_TYPE, {
        id: tx.ids.make('wha', 24),
        object: ATTEMPT_TYPE,
        created: tx.now(),
        endpoint: endpoint.id,
        url: endpoint.url,
        event: event.id,
        event_type: event.type,
        attempt,
        succeeded: r.ok,
        status_code: r.statusCode,
        duration_ms: r.durationMs,
        error: r.error ? r.error.slice(0, MAX_ERROR) : null,
        next_retry_at: nextRetry,
      });
    });
  }

  const unsubscribe = store.outbox.subscribe(kick);
  kick(); // rows left by an earlier run (a restart) go out now

  return {
    kick,
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        kick();
      });
    },
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      abort.abort();
      // Abandoned attempts go back to the outbox now, not when their lease runs out.
      try {
        if (claimed.size > 0) store.outbox.release([...claimed]);
      } catch {
        // the store is already closed: the leases simply expire
      }
      poster.close();
      const w = idleWaiters;
      idleWaiters = [];
      for (const fn of w) fn();
    },
  };
}

