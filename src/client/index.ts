// Public surface of the HTTP client: createClient, the form helpers, the retry policy and the errors.

export { createClient, parseBaseUrl, isLoopback, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, DEFAULT_PAGE_SIZE } from './http.js';
export { encodeForm, parseDataFlags } from './form.js';
export { shouldRetry, retryDelayMs, parseRetryAfter, INITIAL_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS, MAX_RETRY_AFTER_MS } from './retry.js';
export * from './errors.js';
export * from './types.js';
