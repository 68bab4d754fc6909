// What one mutation (POST or DELETE) came to, told to an observer once its outcome is settled (the
// history journal listens). Wraps the client's request function; the transport itself is untouched.
import { DryRunError, ConnectionError, StripeApiError, ApiServerError } from './errors.js';
import type { RequestSpec, StripeResponse } from './types.js';

export interface MutationRecord {
  method: 'POST' | 'DELETE';
  path: string;
  /** The request's params: held in memory for the observer, which decides what (if anything) to keep. */
  params: Record<string, unknown> | undefined;
  idempotencyKey: string | undefined;
  requestId: string | null;
  /** HTTP status of the last answer; null when none came. */
  status: number | null;
  objectId: string | null;
  amount: number | null;
  currency: string | null;
  /** ok: done; failed: refused or never sent; unknown: may or may not have happened. */
  outcome: 'ok' | 'failed' | 'unknown';
  errorType?: string;
  errorCode?: string;
  replayed?: boolean;
}

type Request = <T = any>(spec: RequestSpec) => Promise<StripeResponse<T>>;

function money(o: unknown): { amount: number | null; currency: string | null } {
  const v = o as { amount?: unknown; currency?: unknown } | undefined;
  // Params from -d are strings ("700"); responses carry numbers.
  const amount = typeof v?.amount === 'string' && /^\d{1,15}$/.test(v.amount) ? Number(v.amount) : v?.amount;
  return {
    amount: typeof amount === 'number' && Number.isSafeInteger(amount) ? amount : null,
    currency: typeof v?.currency === 'string' ? v.currency : null,
  };
}

/** Wraps `request` so every POST/DELETE that reached the transport is reported to `onMutation`. */
export function observeMutations(request: Request, onMutation: (r: MutationRecord) => void): Request {
  const tell = (r: MutationRecord) => {
    try {
      onMutation(r);
    } catch {
      // The record is a side note: it must never turn a finished mutation into a failure.
    }
  };
  return async <T = any>(spec: RequestSpec): Promise<StripeResponse<T>> => {
    if (spec.method === 'GET') return request<T>(spec);
    const method = spec.method;
    try {
      const res = await request<T>(spec);
      const body = res.body as { id?: unknown } | undefined;
      tell({
        method,
        path: spec.path,
        params: spec.params,
        idempotencyKey: res.idempotencyKey,
        requestId: res.requestId,
        status: res.status,
        objectId: typeof body?.id === 'string' ? body.id : null,
        ...money(body),
        outcome: 'ok',
        replayed: res.replayed || undefined,
      });
      return res;
    } catch (err) {
      if (err instanceof StripeApiError) {
        tell({
          method,
          path: spec.path,
          params: spec.params,
          idempotencyKey: err.idempotencyKey ?? spec.idempotencyKey,
          requestId: err.requestId,
          status: err.status,
          objectId: null,
          ...money(spec.params),
          outcome: err instanceof ApiServerError ? 'unknown' : 'failed',
          errorType: err.type,
          errorCode: err.code,
        });
      } else if (err instanceof ConnectionError) {
        tell({
          method,
          path: spec.path,
          params: spec.params,
          idempotencyKey: err.idempotencyKey ?? spec.idempotencyKey,
          requestId: null,
          status: null,
          objectId: null,
          ...money(spec.params),
          outcome: err.outcomeUnknown ? 'unknown' : 'failed',
          errorType: 'network_error',
        });
      } else if (!(err instanceof DryRunError)) {
        // Usage errors and bugs: nothing was sent.
      }
      throw err;
    }
  };
}
