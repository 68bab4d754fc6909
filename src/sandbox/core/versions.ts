// Which Stripe API versions the sandbox renders. It builds every object in one shape, so it serves
// exactly the versions listed here and refuses any other `Stripe-Version` with a 400 rather than
// echoing a version whose shape it did not produce (docs.stripe.com/api/versioning).
import { invalidRequest } from './errors.js';
import { DEFAULT_API_VERSION } from '../store/sqlite.js';

/** The versions whose shapes the sandbox produces; the first is the default when no header is sent. */
export const SERVED_API_VERSIONS: readonly string[] = [DEFAULT_API_VERSION];

const VERSION_RE = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

/** The version a response is rendered at: the asked one when served, else the default (the error says why). */
export function renderedVersion(asked: string | undefined): string {
  return asked && SERVED_API_VERSIONS.includes(asked) ? asked : DEFAULT_API_VERSION;
}

/** Throws 400 for a `Stripe-Version` header the sandbox does not serve; no header means the default. */
export function checkApiVersion(asked: string | undefined): void {
  if (asked === undefined || asked === '' || SERVED_API_VERSIONS.includes(asked)) return;
  if (!VERSION_RE.test(asked)) throw invalidRequest(`Invalid Stripe API version: ${asked}`);
  throw invalidRequest(
    `Stripe API version ${asked} is not served by this sandbox: it renders objects at ${SERVED_API_VERSIONS.join(', ')} only. ` +
      `Send that Stripe-Version header or none (e.g. payctl --stripe-version, or the SDK's apiVersion option).`,
  );
}
