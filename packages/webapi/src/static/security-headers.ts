/**
 * The headers of every console response. The Content-Security-Policy allows only the console's
 * own files (no inline script or style, no plugin, no framing) and calls to this API and the
 * sign-in provider: its issuer (discovery) and, for a Cognito issuer, the region's managed-login
 * domains, where Cognito's token endpoint lives.
 */
export function consoleSecurityHeaders(issuer: string | undefined): Record<string, string> {
  const connect = ["'self'", ...signInOrigins(issuer)];
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** `https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc` → its origin and `https://*.auth.eu-west-1.amazoncognito.com`. */
function signInOrigins(issuer: string | undefined): string[] {
  if (!issuer) return [];
  const url = new URL(issuer);
  const region = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1];
  return region ? [url.origin, `https://*.auth.${region}.amazoncognito.com`] : [url.origin];
}
