// Stripe-shaped API errors raised by sandbox handlers. The app turns them into Stripe's error envelope,
// `{"error": {type, code, message, param, …}}` with the matching HTTP status (https://docs.stripe.com/api/errors).
import type { StripeErrorBody } from './types.js';

export class StripeError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  /**
   * true: the handler's writes are committed and the response is stored for idempotent replay
   * (an execution-time failure such as a 402 decline that leaves a failed Charge behind).
   * false (default): the transaction rolls back and nothing is stored (validation failure).
   */
  readonly commit: boolean;
  constructor(status: number, body: StripeErrorBody, opts: { commit?: boolean } = {}) {
    super(body.message);
    this.status = status;
    this.body = body.code && !body.doc_url ? { ...body, doc_url: `https://stripe.com/docs/error-codes/${body.code.replace(/_/g, '-')}` } : body;
    this.commit = opts.commit ?? false;
  }
}

export function invalidRequest(message: string, opts: { param?: string; code?: string; status?: number } = {}): StripeError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (opts.code) body.code = opts.code;
  if (opts.param) body.param = opts.param;
  return new StripeError(opts.status ?? 400, body);
}

export function missingParam(name: string): StripeError {
  return invalidRequest(`Missing required param: ${name}.`, { code: 'parameter_missing', param: name });
}

export function unknownParam(name: string): StripeError {
  return invalidRequest(`Received unknown parameter: ${name}`, { code: 'parameter_unknown', param: name });
}

/** 404 for an object named in the path; 400 with `param` for one named in a parameter. */
export function resourceMissing(noun: string, id: string, param?: string): StripeError {
  return invalidRequest(`No such ${noun}: '${id}'`, { code: 'resource_missing', param: param ?? 'id', status: param ? 400 : 404 });
}
