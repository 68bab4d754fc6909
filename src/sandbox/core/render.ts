// How response bodies are written: error envelopes carry `request_log_url`, and JSON is indented for
// people at a terminal (curl and friends), compact for SDKs and every other client.
import type { IncomingHttpHeaders } from 'node:http';
import type { StripeErrorBody } from './types.js';

/**
 * Stripe's dashboard log address for a request, in the shape real error bodies carry it
 * (docs.stripe.com/api/errors). The sandbox has no dashboard: the link names the request id that the
 * `Request-Id` header also carries, and only resolves on Stripe for real requests.
 */
export function requestLogUrl(requestId: string): string {
  return `https://dashboard.stripe.com/test/logs/${requestId}`;
}

/** The `{error: …}` envelope as JSON text, with the request's log URL. */
export function errorJson(body: StripeErrorBody, requestId: string): string {
  return JSON.stringify({ error: { ...body, request_log_url: requestLogUrl(requestId) } });
}

const HUMAN_AGENT_RE = /^(curl|Wget|HTTPie|xh)\//i;

/**
 * True for command-line HTTP tools a person reads from (`curl/…`, `Wget/…`, `HTTPie/…`, `xh/…`), unless
 * they present Stripe's client header: those get 2-space indented JSON, as stripe-mock writes it.
 * SDKs and everything else get compact JSON (no re-encoding on the hot path).
 */
export function wantsIndentedJson(headers: IncomingHttpHeaders): boolean {
  const ua = headers['user-agent'];
  return typeof ua === 'string' && HUMAN_AGENT_RE.test(ua) && headers['x-stripe-client-user-agent'] === undefined;
}

/** Re-indents a compact JSON body (which may be a stored idempotent replay) and ends it with a newline. */
export function indentJson(text: string): string {
  if (text === '') return text;
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return text;
  }
}
