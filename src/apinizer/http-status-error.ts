import { AppError, type ErrorCode, type Fault, type HttpContext } from '../common/app-error.js';
import { quote, type CallContext } from './call-context.js';
import {
  readMissingResource,
  saysAlreadyExists,
  saysPermissionMissing,
  saysTokenExpired,
  saysTokenInvalid,
  type MissingResource,
} from './reply-text.js';
import { TOKEN_PATH } from './paths.js';
import type { ServerError } from './server-error.js';

export type { ServerError } from './server-error.js';

/** Facts about the failed call beyond its context. */
export interface StatusErrorFacts {
  readonly context: CallContext;
  /** How many retries preceded the final reply. */
  readonly retries: number;
  readonly cause?: Error;
  /** Content type of the reply, for replies that were not JSON. */
  readonly contentType: string;
}

interface Classified {
  readonly code: ErrorCode;
  readonly fault: Fault;
  readonly message: string;
  readonly hint?: string;
  readonly missing?: MissingResource;
}

/**
 * Maps a failed reply to an AppError that says what failed and what to do. Classified by
 * status **and** text, since the current reference answers a missing project, key or
 * permission with a 400 and a text, the older ones with 404/403. A 2xx whose envelope says
 * FAILURE is classified the same way by its text.
 */
export function mapHttpStatus(status: number, server: ServerError, facts: StatusErrorFacts): AppError {
  const { context } = facts;
  const classified = classify(status, server, facts);
  const http: HttpContext = {
    method: context.method,
    path: context.path,
    status,
    serverCode: server.serverCode,
    description: server.description,
    ...(classified.missing === undefined ? {} : { missing: classified.missing }),
  };
  return new AppError({
    code: classified.code,
    fault: classified.fault,
    message: classified.message,
    hint: classified.hint,
    http,
    details:
      facts.retries > 0 && (classified.code === 'not_found' || classified.code === 'conflict')
        ? [`The call was retried ${facts.retries} time(s) after a failure; an earlier attempt may already have done the change.`]
        : [],
    cause: facts.cause,
  });
}

function classify(status: number, server: ServerError, facts: StatusErrorFacts): Classified {
  const { context } = facts;
  const failed = `Could not ${context.action}`;
  const said = describeServerSaid(status, server, facts.contentType);
  const text = server.description;
  // A 2xx FAILURE from the token endpoint is a refused login like its 401.
  if (status === 401 || (status < 300 && context.path.endsWith(TOKEN_PATH))) return unauthorized(status, server, facts);
  if (status === 404 && server.noSuchEndpoint) return noSuchEndpoint(said, context);
  const textual = status === 400 || status === 404 || status === 403 || status === 409 || (status >= 200 && status < 300);
  const missing = textual ? readMissingResource(text) : undefined;
  if (missing !== undefined) return notFound(missing, said, context);
  if (status === 403 || (textual && saysPermissionMissing(text))) return forbidden(said, context);
  if (status === 404) return noSuchEndpoint(said, context);
  if (status === 409 || (textual && saysAlreadyExists(text))) {
    const what = context.subject === undefined ? 'The object' : `The ${context.subject.kind} ${quote(context.subject.name)}`;
    return {
      code: 'conflict',
      fault: 'manager',
      message: `${failed}: ${what} already exists${inProject(context)} (${said}).`,
      hint: 'Someone may have changed the project since the plan was made; run plan again.',
    };
  }
  if (status === 429) {
    return {
      code: 'rate_limited',
      fault: 'manager',
      message: `${failed}: the Manager at ${context.baseUrl} is rate limiting requests (${said})${afterRetries(facts.retries)}.`,
      hint: 'Wait a while and run again, or run fewer operations at once (--parallelism).',
    };
  }
  if (status >= 500 || (status >= 200 && status < 300)) {
    return {
      code: 'server_error',
      fault: 'manager',
      message:
        status < 300
          ? `${failed}: the Manager at ${context.baseUrl} reported a failure (${said}).`
          : `${failed}: the Manager at ${context.baseUrl} failed (${said})${afterRetries(facts.retries)}.`,
      hint: "Check the Manager's health and logs, then run again.",
    };
  }
  if (status === 400) {
    return {
      code: 'bad_request',
      fault: 'user',
      message: `${failed}: the Manager rejected the request (${said}).`,
      hint: hintForRefusedRequest(context),
    };
  }
  if (status >= 400) {
    // 405, 415 and the like: the Manager does not speak this API as documented.
    return {
      code: 'bad_request',
      fault: 'manager',
      message: `${failed}: the Manager at ${context.baseUrl} does not accept ${context.method} ${context.path} (${said}).`,
      hint: 'Check that the URL points to the Apinizer Manager and that its version is supported.',
    };
  }
  return {
    code: 'bad_reply',
    fault: 'manager',
    message: `${failed}: the Manager at ${context.baseUrl} gave an unexpected reply (${said}).`,
    hint: 'Check that the URL points to the Apinizer Manager (not a login page or proxy).',
  };
}

/** A refused write of a key points at the file's key; a refused read of one (an export) at the key in the Manager. */
function hintForRefusedRequest(context: CallContext): string | undefined {
  if (context.subject?.kind !== 'key') return undefined;
  return context.changes
    ? 'Check the key in the file: its type, algorithm, environments, alias and content.'
    : 'Check the key in the Manager (it may have changed since it was listed), then run again; if it looks right there, report the reply (run with --debug).';
}

function unauthorized(status: number, server: ServerError, facts: StatusErrorFacts): Classified {
  const { context } = facts;
  const reason = server.serverCode ?? `HTTP ${status}`;
  const detail = server.description === undefined ? reason : `${reason}: ${server.description}`;
  const expired = saysTokenExpired(server.description) || saysTokenExpired(server.serverCode);
  if (context.auth === 'credentials') {
    // A token fetched with the password and then refused (a Manager restart drops them) can be
    // fetched again like an expired one; the client renews once, so this text is seen only
    // when the new token was refused too. The token endpoint's own 401 is about the password.
    const renewable =
      !context.path.endsWith(TOKEN_PATH) && (expired || saysTokenInvalid(server.description) || saysTokenInvalid(server.serverCode));
    return {
      code: renewable ? 'token_expired' : 'unauthorized',
      fault: 'user',
      message: renewable
        ? `Could not ${context.action}: the Manager at ${context.baseUrl} refused the token obtained with APINIZER_USERNAME/APINIZER_PASSWORD, and a new one too (${detail}).`
        : `Could not ${context.action}: the Manager at ${context.baseUrl} rejected the username and password from APINIZER_USERNAME/APINIZER_PASSWORD (${detail}).`,
      hint: renewable
        ? "Check the Manager's clock and token lifetime settings, then run again."
        : 'Check APINIZER_USERNAME and APINIZER_PASSWORD, or set APINIZER_TOKEN to a personal API access token instead.',
    };
  }
  if (expired) {
    return {
      code: 'token_expired',
      fault: 'user',
      message: `Could not ${context.action}: the API token has expired (${detail}); a personal token can not be renewed by this tool.`,
      hint: 'Create a new personal API access token in the Manager and set APINIZER_TOKEN to it, or set APINIZER_USERNAME and APINIZER_PASSWORD so that expired tokens are fetched again.',
    };
  }
  return {
    code: 'unauthorized',
    fault: 'user',
    message: `Could not ${context.action}: the Manager at ${context.baseUrl} rejected the API token (${detail}).`,
    hint: 'Set APINIZER_TOKEN to a valid personal API access token, or set APINIZER_USERNAME and APINIZER_PASSWORD to obtain one.',
  };
}

function forbidden(said: string, context: CallContext): Classified {
  const project = context.project === undefined ? 'the project' : `project ${quote(context.project)}`;
  if (context.permission !== undefined) {
    return {
      code: 'forbidden',
      fault: 'user',
      message: `Could not ${context.action}: the token's user lacks ${context.permission} in ${project} (${said}).`,
      hint: `Grant the token's user ${context.permission} in ${project}, or run without the option that needs it.`,
    };
  }
  const hint = context.changes
    ? `The token's user needs SECRETS + MANAGE in ${project} to change keys, and SECRETS + DEPLOY_UNDEPLOY there because creating, updating and deleting a key deploys or undeploys it.`
    : `The token's user needs at least SECRETS + VIEW in ${project}.`;
  return {
    code: 'forbidden',
    fault: 'user',
    message: `Could not ${context.action}: the token's user lacks a permission in ${project} (${said}).`,
    hint,
  };
}

/** A 404 that names nothing missing: an HTML page from a proxy, a Spring error page, an empty body. */
function noSuchEndpoint(said: string, context: CallContext): Classified {
  return {
    code: 'endpoint_not_found',
    fault: 'user',
    message: `Could not ${context.action}: the Manager at ${context.baseUrl} has no endpoint ${context.method} ${context.path} (${said}); the URL may be wrong.`,
    hint: 'Check APINIZER_URL: it must be the Manager itself (with its path prefix, if it has one), not a gateway, proxy or login page.',
  };
}

function notFound(missing: MissingResource, said: string, context: CallContext): Classified {
  if (missing.kind === 'project') {
    const name = context.project ?? missing.name ?? '?';
    return {
      code: 'not_found',
      fault: 'user',
      missing,
      message: `Could not ${context.action}: project ${quote(name)} was not found on the Manager at ${context.baseUrl}, or the token's user may not access it (${said}).`,
      hint: "Check the project name (names are case-sensitive) and that the token's user is a member of the project.",
    };
  }
  const what = missing.name === undefined ? `the ${missing.kind}` : `${missing.kind} ${quote(missing.name)}`;
  return {
    code: 'not_found',
    // The plan saw it a moment ago: the live state changed under us, nothing in the file is wrong.
    fault: 'manager',
    missing,
    message: `Could not ${context.action}: ${what} was not found${inProject(context)} (${said}).`,
    hint: 'Someone may have changed the project since the plan was made; run plan again.',
  };
}

/** `HTTP 400: Key (name: k) is not found!`, or the content type of a reply without a text. */
function describeServerSaid(status: number, server: ServerError, contentType: string): string {
  const code = server.serverCode === undefined || server.noSuchEndpoint ? '' : ` ${server.serverCode}`;
  if (server.description !== undefined) return `HTTP ${status}${code}: ${server.description}`;
  if (server.serverCode !== undefined) return `HTTP ${status}${code}`;
  return `HTTP ${status}, ${contentType}`;
}

function inProject(context: CallContext): string {
  return context.project === undefined ? '' : ` in project ${quote(context.project)}`;
}

function afterRetries(retries: number): string {
  return retries > 0 ? `, still after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '';
}
