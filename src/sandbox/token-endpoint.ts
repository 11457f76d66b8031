import { randomBytes } from 'node:crypto';
import { isRecord } from '../common/json.js';
import type { ApiHandler } from './api-context.js';
import { oauthError } from './http-error.js';
import { jsonReply } from './http-io.js';

/**
 * `POST /apiops/auth/token` with `grant_type=client_credentials`. Credentials come from the
 * form body or, as OAuth also allows, from a Basic Authorization header. Issued tokens carry
 * the user's grants and expire after the sandbox's token lifetime. Errors are OAuth-style in
 * every generation.
 */
export const issueToken: ApiHandler = (context, request) => {
  const fields = readFields(request.body, request.headers['content-type']);
  if (fields['grant_type'] !== 'client_credentials') {
    // The current reference documents this code and text; the older sandbox wording stays for the older ones.
    if (context.api === 'current') throw oauthError(400, 'unsupported_grant_type', 'GrantType value must be client_credentials!');
    throw oauthError(400, 'bad_request', 'Unsupported grant_type: only client_credentials is supported.');
  }
  const basic = readBasic(request.headers.authorization);
  const username = fields['client_id'] ?? basic?.username;
  const password = fields['client_secret'] ?? basic?.password;
  const user = username === undefined ? undefined : context.state.users.get(username);
  if (!user || user.password !== password) throw oauthError(401, 'unauthorized_client', 'Bad credentials');
  const token = `sbx-${randomBytes(18).toString('base64url')}`;
  const lifetime = context.tokenLifetimeSeconds;
  context.state.tokens.set(token, { grants: user.grants, expired: false, issued: { expiresAt: Date.now() + lifetime * 1000, uses: 0 } });
  // Rounded up: announcing 0 for a sub-second test lifetime would read as "already expired".
  return jsonReply(200, { access_token: token, token_type: 'Bearer', expires_in: Math.ceil(lifetime) });
};

function readFields(body: Buffer, contentType: string | undefined): Record<string, string> {
  const text = body.toString('utf8');
  if (contentType?.toLowerCase().includes('application/json')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw oauthError(400, 'bad_request', 'Malformed JSON in request body.');
    }
    if (!isRecord(value)) throw oauthError(400, 'bad_request', 'Request body must be a JSON object.');
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function readBasic(header: string | undefined): { username: string; password: string } | undefined {
  const match = header === undefined ? null : /^Basic\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return { username: decodeLeniently(decoded.slice(0, colon)), password: decodeLeniently(decoded.slice(colon + 1)) };
}

/** OAuth says to form-encode Basic credentials, but many clients do not; take them raw then. */
function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
