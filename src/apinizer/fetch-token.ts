import { Secret } from '../common/secret.js';
import type { TrafficListeners } from './events.js';
import { isRecord, readString } from '../common/json.js';
import type { CallContext } from './call-context.js';
import { resolveLimits } from './client-options.js';
import { createHttpInstance } from './http-instance.js';
import { normalizeManagerUrl } from './manager-url.js';
import { TOKEN_PATH } from './paths.js';
import { mapHttpStatus } from './http-status-error.js';
import { badReply, describeBody, saysFailure } from './reply-envelope.js';
import { readServerError } from './server-error.js';
import { sendCall } from './send-call.js';

/** A username and password to exchange for a token. */
export interface FetchTokenOptions extends TrafficListeners {
  /** Manager URL, as for the client. */
  readonly url: string;
  /** The Apinizer username. */
  readonly clientId: string;
  /** The Apinizer password. */
  readonly clientSecret: Secret<string>;
  /** Default 30000. */
  readonly timeoutMs?: number;
  /** As for the client: `''` connects directly; absent, from the environment. */
  readonly proxy?: string;
}

/** A token obtained from credentials, and the lifetime the Manager announced for it. */
export interface TokenGrant {
  readonly token: Secret<string>;
  /** `expires_in` of the reply, in seconds; absent when the Manager gave none (or not a number). */
  readonly expiresInSeconds?: number;
}

/**
 * Obtains a bearer token with the OAuth2 client-credentials grant (`POST /apiops/auth/token`).
 * Not retried: it is a POST, and a wrong password retried is still wrong.
 */
export async function fetchToken(options: FetchTokenOptions): Promise<Secret<string>> {
  return (await fetchTokenGrant(options)).token;
}

/** {@link fetchToken}, with the token's announced lifetime (for `doctor`). */
export async function fetchTokenGrant(options: FetchTokenOptions): Promise<TokenGrant> {
  const { baseUrl, prefixUrl } = normalizeManagerUrl(options.url);
  const limits = resolveLimits({ timeoutMs: options.timeoutMs, retries: 0 });
  const secret = options.clientSecret.reveal();
  // --debug shows the token request too (method, path, status; never the body).
  const http = createHttpInstance({
    ...limits,
    prefixUrl,
    proxy: options.proxy,
    onRequest: options.onRequest,
    onRetry: options.onRetry,
    onExchange: options.onExchange,
  });
  const context: CallContext = {
    baseUrl,
    method: 'POST',
    path: new URL(TOKEN_PATH, prefixUrl).pathname,
    action: `obtain an API token for user '${options.clientId}'`,
    changes: false,
    auth: 'credentials',
    timeoutMs: limits.timeoutMs,
    ...(http.proxy === undefined ? {} : { proxy: http.proxy.display }),
    secrets: [secret, ...(http.proxy?.secrets ?? [])],
  };
  try {
    const body = await sendCall(
      http.got,
      {
        method: 'POST',
        path: TOKEN_PATH,
        form: { grant_type: 'client_credentials', client_id: options.clientId, client_secret: secret },
      },
      context,
    );
    const token = isRecord(body) ? readString(body, 'access_token') : undefined;
    // Some pages of the reference show the token endpoint answering with the usual envelope;
    // a FAILURE there is a refused login, said in the Manager's words, whatever the status.
    if ((token === undefined || token === '') && saysFailure(body)) {
      throw mapHttpStatus(200, readServerError(body, context.secrets), { context, retries: 0, contentType: 'application/json' });
    }
    if (token === undefined || token === '') {
      throw badReply(context, 'a JSON object with access_token', isRecord(body) ? 'one without it' : describeBody(body));
    }
    const raw = isRecord(body) ? body['expires_in'] : undefined;
    const expiresIn = typeof raw === 'number' || (typeof raw === 'string' && raw.trim() !== '') ? Number(raw) : Number.NaN;
    return { token: new Secret(token), ...(Number.isFinite(expiresIn) && expiresIn >= 0 ? { expiresInSeconds: expiresIn } : {}) };
  } finally {
    http.close();
  }
}
