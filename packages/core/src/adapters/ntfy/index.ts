export { NtfyNotifier, type NtfyNotifierOptions } from './ntfy-notifier';
export { fullJitterDelay, retryDelay, type BackoffPolicy } from './backoff';
export { parseRetryAfter } from './retry-after';
export { NTFY_DAILY_QUOTA_REACHED, NTFY_TOO_MANY_REQUESTS } from './answer';
export type { Sleep } from './sleep';
