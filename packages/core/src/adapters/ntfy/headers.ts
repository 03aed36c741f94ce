import type { Notification } from '../../ports/notifier';

/**
 * fetch only sends Latin-1 header values and ntfy decodes RFC 2047 encoded-words in its
 * headers, so any value outside printable ASCII (emoji, accents, newlines) goes base64-encoded
 * rather than making fetch throw.
 */
export function headerValue(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** The publish headers ntfy reads (https://docs.ntfy.sh/publish/). */
export function ntfyHeaders(notification: Notification, token: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { Priority: String(notification.priority) };
  if (notification.title !== undefined) headers.Title = headerValue(notification.title);
  if (notification.tags.length > 0) headers.Tags = headerValue(notification.tags.join(','));
  if (notification.click !== undefined) headers.Click = headerValue(notification.click);
  if (notification.markdown) headers.Markdown = 'yes';
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  return headers;
}
