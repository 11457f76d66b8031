import { AppError } from '../common/app-error.js';

/** The Manager's API root in the two forms the client needs. */
export interface ManagerBase {
  /** `https://host[/prefix]/apiops`, for messages. */
  readonly baseUrl: string;
  /** `baseUrl` plus `/`: got resolves request paths against it. */
  readonly prefixUrl: string;
}

const API_SEGMENT = '/apiops';

/**
 * Turns the Manager URL as the user wrote it (`https://m.example.com`, `…/apiops`, `…/apiops/`,
 * or behind a path prefix) into the API root. Query and fragment are dropped: they have no
 * meaning for an API root, and keeping them would corrupt every request path.
 */
export function normalizeManagerUrl(url: string): ManagerBase {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    // The text is not echoed: it may hold credentials (user:password@host).
    throw usageError('The Manager URL is not a valid URL.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw usageError(`The Manager URL must start with http:// or https://, got '${parsed.protocol}'.`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    // Credentials in the URL would end up in every message that names the Manager.
    throw usageError('The Manager URL must not contain a user name or password.');
  }
  let path = parsed.pathname.replace(/\/+$/, '');
  if (!path.endsWith(API_SEGMENT)) path += API_SEGMENT;
  const baseUrl = `${parsed.origin}${path}`;
  return { baseUrl, prefixUrl: `${baseUrl}/` };
}

function usageError(message: string): AppError {
  return new AppError({
    code: 'usage',
    fault: 'user',
    message,
    hint: 'Set APINIZER_URL (or --url) to the Manager URL, e.g. https://manager.example.com.',
  });
}
