import type { Notification } from '../../ports/notifier';

/**
 * ntfy decodes RFC 2047 encoded-words in every header it reads (its JSON publish endpoint turns
 * the body into the same headers), so what we send must decode to exactly what the user typed.
 * A value goes as one base64 encoded-word when fetch could not send it as is (anything outside
 * printable ASCII: emoji, accents, newlines) or when ntfy would decode part of it (it contains
 * `=?`, which may start an encoded-word); decoding our word gives back the value verbatim.
 */
export function headerValue(value: string): string {
  const sendsVerbatim = /^[\x20-\x7e]*$/.test(value) && !value.includes('=?');
  return sendsVerbatim ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** The publish headers ntfy reads (https://docs.ntfy.sh/publish/). */
export function ntfyHeaders(notification: Notification, token: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { Priority: String(notification.priority) };
  if (notification.title !== undefined) headers.Title = headerValue(notification.title);
  if (notification.tags.length > 0) headers.Tags = headerValue(notification.tags.join(','));
  if (notification.click !== undefined) headers.Click = headerValue(notification.click);
  if (notification.markdown) headers.Markdown = 'yes';
  // ntfy ≥ 2.16 replaces the notification with the same sequence id instead of adding another.
  if (notification.sequence_id !== undefined) headers['X-Sequence-ID'] = headerValue(notification.sequence_id);
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  return headers;
}
