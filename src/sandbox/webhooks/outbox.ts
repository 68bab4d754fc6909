// The webhook outbox: one row per (event, endpoint) still to be delivered, written in the same
// transaction as the event itself, so a committed event is never lost; rows leave on success or
// after the last attempt. The delivery worker claims due rows under a lease (a second process on
// the same data file then skips them) and reports each attempt back.
import type Database from 'better-sqlite3';
import type { StripeObject } from '../core/types.js';

export const OUTBOX_SCHEMA = `
CREATE TABLE IF NOT EXISTS webhook_outbox (seq INTEGER PRIMARY KEY, account TEXT NOT NULL, endpoint TEXT NOT NULL,
  event TEXT NOT NULL, event_created INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt INTEGER NOT NULL, locked_until INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS webhook_outbox_next ON webhook_outbox (next_attempt);
`;

/**
 * Seconds after the event's creation at which attempt n+1 is due (attempt 1 at once). The last retry
 * falls ~55.6 h after the event, inside Stripe's "up to three days" (docs.stripe.com/webhooks#retries).
 * Offsets count from the event, not from the previous attempt, so one `sandbox advance 3d` runs every
 * missed attempt back to back.
 */
export const RETRY_OFFSETS = [0, 60, 360, 2160, 5760, 12960, 27360, 56160, 113760, 200160] as const;

/** A claimed delivery: the row plus the event and endpoint as stored (either may be gone). */
export interface ClaimedDelivery {
  seq: number;
  account: string;
  endpointId: string;
  eventId: string;
  eventCreated: number;
  /** Attempts already made. */
  attempts: number;
  event: StripeObject | undefined;
  endpoint: StripeObject | undefined;
  /** The account's clock offset (seconds) at claim time. */
  offset: number;
}

export interface Outbox {
  /** Claims up to `limit` due rows for `leaseMs` (wall clock) in one write transaction. */
  claim(limit: number, leaseMs: number): ClaimedDelivery[];
  /** Milliseconds until the next row falls due (0 if one is due now), or undefined when none is pending. */
  nextDelayMs(): number | undefined;
  /** Pending rows (all accounts). */
  pending(): number;
  /** Inside a store transaction: the row is done (delivered, given up, or its endpoint is gone). */
  remove(seq: number): void;
  /** Inside a store transaction: a failed attempt; the next one is due at `nextAttempt` (sandbox seconds). */
  reschedule(seq: number, attempts: number, nextAttempt: number): void;
  /** Gives claimed rows back at once (a worker closing with attempts in flight). */
  release(seqs: number[]): void;
  /** Called after a commit that added rows or moved a clock: the worker looks again. */
  subscribe(fn: () => void): () => void;
}

/** Does an endpoint's `enabled_events` list take this event type? `*` takes all. */
export function endpointWants(endpoint: StripeObject, type: string): boolean {
  if (endpoint.status !== 'enabled') return false;
  const list = endpoint.enabled_events as string[] | undefined;
  return !!list && (list.includes('*') || list.includes(type));
}

export function createOutbox(db: Database.Database, stmt: (sql: string) => Database.Statement, wallMs: () => number): Outbox & {
  /** Inside the event's transaction: one row per enabled, matching endpoint; returns how many. */
  enqueue(account: string, event: StripeObject): number;
  notify(): void;
} {
  const listeners = new Set<() => void>();
  const OFFSET = `LEFT JOIN meta m ON m.account = o.account AND m.key = 'clock_offset'`;
  return {
    enqueue(account, event) {
      const rows = stmt(`SELECT data FROM objects WHERE account = ? AND type = 'webhook_endpoint'`).all(account) as Array<{ data: string }>;
      if (rows.length === 0) return 0;
      let n = 0;
      for (const r of rows) {
        const ep = JSON.parse(r.data) as StripeObject;
        if (!endpointWants(ep, event.type as string)) continue;
        stmt('INSERT INTO webhook_outbox (account, endpoint, event, event_created, next_attempt) VALUES (?, ?, ?, ?, ?)').run(
          account,
          ep.id,
          event.id,
          event.created,
          event.created,
        );
        n++;
      }
      return n;
    },
    claim(limit, leaseMs) {
      const now = wallMs();
      const nowS = Math.floor(now / 1000);
      const tx = db.transaction(() => {
        const rows = stmt(
          `SELECT o.seq, o.account, o.endpoint, o.event, o.event_created, o.attempts, COALESCE(CAST(m.value AS INTEGER), 0) AS off,
             e.data AS event_data, w.data AS endpoint_data
           FROM webhook_outbox o ${OFFSET}
           LEFT JOIN events e ON e.id = o.event AND e.account = o.account
           LEFT JOIN objects w ON w.id = o.endpoint AND w.account = o.account AND w.type = 'webhook_endpoint'
           WHERE o.locked_until <= ? AND o.next_attempt <= ? + COALESCE(CAST(m.value AS INTEGER), 0)
           ORDER BY o.next_attempt, o.seq LIMIT ?`,
        ).all(now, nowS, limit) as Array<{
          seq: number; account: string; endpoint: string; event: string; event_created: number; attempts: number; off: number;
          event_data: string | null; endpoint_data: string | null;
        }>;
        const lock = stmt('UPDATE webhook_outbox SET locked_until = ? WHERE seq = ?');
        for (const r of rows) lock.run(now + leaseMs, r.seq);
        return rows;
      });
      return tx.immediate().map((r) => ({
        seq: r.seq,
        account: r.account,
        endpointId: r.endpoint,
        eventId: r.event,
        eventCreated: r.event_created,
        attempts: r.attempts,
        event: r.event_data ? (JSON.parse(r.event_data) as StripeObject) : undefined,
        endpoint: r.endpoint_data ? (JSON.parse(r.endpoint_data) as StripeObject) : undefined,
        offset: r.off,
      }));
    },
    nextDelayMs() {
      const row = stmt(
        `SELECT MIN(MAX((o.next_attempt - COALESCE(CAST(m.value AS INTEGER), 0)) * 1000, o.locked_until)) AS due FROM webhook_outbox o ${OFFSET}`,
      ).get() as { due: number | null };
      if (row.due === null) return undefined;
      return Math.max(0, row.due - wallMs());
    },
    pending() {
      return (stmt('SELECT count(*) AS n FROM webhook_outbox').get() as { n: number }).n;
    },
    remove(seq) {
      stmt('DELETE FROM webhook_outbox WHERE seq = ?').run(seq);
    },
    reschedule(seq, attempts, nextAttempt) {
      stmt('UPDATE webhook_outbox SET attempts = ?, next_attempt = ?, locked_until = 0 WHERE seq = ?').run(attempts, nextAttempt, seq);
    },
    release(seqs) {
      const s = stmt('UPDATE webhook_outbox SET locked_until = 0 WHERE seq = ?');
      db.transaction(() => {
        for (const seq of seqs) s.run(seq);
      }).immediate();
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    notify() {
      for (const fn of listeners) fn();
    },
  };
}
