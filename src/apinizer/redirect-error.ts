import { AppError } from '../common/app-error.js';
import type { CallContext } from './call-context.js';
import { scrubSecrets } from './scrub-secrets.js';

/**
 * A 3xx reply. A management client never follows redirects: the outcome of a DELETE must
 * come from the Manager it was sent to, and the redirected request would carry the token to
 * wherever `Location` points.
 */
export function redirectError(status: number, location: string | undefined, context: CallContext): AppError {
  const described = describeLocation(location, context.baseUrl);
  // A Location may carry what the request did (a session path with the token in it).
  const target = described === undefined ? undefined : scrubSecrets(described, context.secrets);
  // Only the same host over https is an upgrade to suggest: another host (a login page, or
  // whatever a proxy or attacker names) must not be offered as the place to send the token.
  const toHttps = target !== undefined && isUpgradeOfHost(target, context.baseUrl);
  return new AppError({
    code: 'redirect',
    fault: toHttps ? 'user' : 'manager',
    message:
      `Could not ${context.action}: the Manager at ${context.baseUrl} answered HTTP ${status} redirecting to ` +
      `${target ?? '(no Location header)'}; redirects are not followed, nothing was done by this call.`,
    hint: toHttps
      ? `The Manager wants HTTPS: set APINIZER_URL to ${suggestHttps(target, context.baseUrl)}.`
      : 'Set APINIZER_URL to the Manager itself, not to an address that redirects (a proxy, a login page or a load balancer).',
    http: { method: context.method, path: context.path, status },
  });
}

/** The absolute redirect target without query (it may carry tokens) and without credentials. */
function describeLocation(location: string | undefined, baseUrl: string): string | undefined {
  if (location === undefined || location === '') return undefined;
  try {
    const url = new URL(location, baseUrl);
    url.username = '';
    url.password = '';
    return `${url.origin}${url.pathname}`;
  } catch {
    return '(an invalid Location header)';
  }
}

function isUpgradeOfHost(target: string, baseUrl: string): boolean {
  if (!baseUrl.startsWith('http://') || !target.startsWith('https://')) return false;
  try {
    return new URL(target).hostname === new URL(baseUrl).hostname;
  } catch {
    return false;
  }
}

/** The https origin the redirect names, with the Manager's path prefix (before /apiops). */
function suggestHttps(target: string, baseUrl: string): string {
  const prefix = new URL(baseUrl).pathname.replace(/\/apiops$/, '');
  return `${new URL(target).origin}${prefix}`;
}
