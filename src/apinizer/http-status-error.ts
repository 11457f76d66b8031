import { AppError, type ErrorCode, type Fault } from '../common/app-error.js';
import { quote, type CallContext } from './call-context.js';

/** The documented error body: `{"error": "<code>", "error_description": "<text>"}`. */
export interface ServerError {
  readonly serverCode?: string;
  readonly description?: string;
}

/** Facts about the failed call beyond its context. */
export interface StatusErrorFacts {
  readonly context: CallContext;
  /** How many retries preceded the final reply. */
  readonly retries: number;
  readonly cause: Error;
  /** Content type of the reply, for replies that were not JSON. */
  readonly contentType: string;
}

interface Classified {
  readonly code: ErrorCode;
  readonly fault: Fault;
  readonly message: string;
  readonly hint?: string;
}

/** Maps a non-2xx reply to an AppError with a message that says what failed and what to do. */
export function mapHttpStatus(status: number, server: ServerError, facts: StatusErrorFacts): AppError {
  const { context } = facts;
  const classified = classify(status, server, facts);
  return new AppError({
    ...classified,
    http: {
      method: context.method,
      path: context.path,
      status,
      serverCode: server.serverCode,
      description: server.description,
    },
    details:
      facts.retries > 0 && (classified.code === 'not_found' || classified.code === 'conflict')
        ? [
            `The call was retried ${facts.retries} time(s) after a failure; an earlier attempt may already have done the change.`,
          ]
        : [],
    cause: facts.cause,
  });
}

function classify(status: number, server: ServerError, facts: StatusErrorFacts): Classified {
  const { context } = facts;
  const failed = `Could not ${context.action}`;
  const said = describeServerSaid(status, server, facts.contentType);
  const description = server.description ?? '';
  if (status === 401) return unauthorized(server, facts);
  if (status === 403) return forbidden(said, context);
  const missing = whatIsMissing(status, description);
  if (missing !== undefined) return notFound(missing === 'project', said, context);
  if (status === 409 || (status === 400 && /already exist/i.test(description))) {
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
      hint: 'Wait a while and run again, or run fewer operations at once.',
    };
  }
  if (status >= 500) {
    return {
      code: 'server_error',
      fault: 'manager',
      message: `${failed}: the Manager at ${context.baseUrl} failed (${said})${afterRetries(facts.retries)}.`,
      hint: "Check the Manager's health and logs, then run again.",
    };
  }
  if (status === 400) {
    return {
      code: 'bad_request',
      fault: 'user',
      message: `${failed}: the Manager rejected the request (${said}).`,
      hint: 'Check the key in the file: its type, environments, alias and content.',
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

function unauthorized(server: ServerError, facts: StatusErrorFacts): Classified {
  const { context } = facts;
  const reason = server.serverCode ?? 'HTTP 401';
  const detail = server.description === undefined ? reason : `${reason}: ${server.description}`;
  if (context.auth === 'credentials') {
    return {
      code: 'unauthorized',
      fault: 'user',
      message: `Could not ${context.action}: the Manager at ${context.baseUrl} rejected the username and password from APINIZER_USERNAME/APINIZER_PASSWORD (${detail}).`,
      hint: 'Check APINIZER_USERNAME and APINIZER_PASSWORD, or set APINIZER_TOKEN to a personal API access token instead.',
    };
  }
  return {
    code: 'unauthorized',
    fault: 'user',
    message: `Could not ${context.action}: the Manager at ${context.baseUrl} rejected the API token as invalid or expired (${detail}).`,
    hint: 'Set APINIZER_TOKEN to a valid personal API access token, or set APINIZER_USERNAME and APINIZER_PASSWORD to obtain one.',
  };
}

function forbidden(said: string, context: CallContext): Classified {
  const project = context.project === undefined ? 'the project' : `project ${quote(context.project)}`;
  const hint = context.changes
    ? `The token's user needs the SECRETS + MANAGE permission in ${project}, and SECRETS + DEPLOY_UNDEPLOY because creating, updating and deleting a key deploys or undeploys it.`
    : `The token's user needs at least SECRETS + READ permission in ${project}.`;
  return {
    code: 'forbidden',
    fault: 'user',
    message: `Could not ${context.action}: permission denied in ${project} (${said}).`,
    hint,
  };
}

/**
 * What a reply says is missing. 404 is the documented answer for a project; a key or JWK is
 * reported as 400 "Key (name: k) is not found!". Other 400 "not found" texts (an unknown
 * environment in a key body) are validation errors, not missing resources.
 */
function whatIsMissing(status: number, description: string): 'project' | 'item' | undefined {
  const aboutItem = /^\W*(key|jwk)\b/i.test(description);
  if (status === 404) return aboutItem ? 'item' : 'project';
  if (status !== 400 || !/not found/i.test(description)) return undefined;
  if (aboutItem) return 'item';
  return /^\W*project\b/i.test(description) ? 'project' : undefined;
}

function notFound(projectMissing: boolean, said: string, context: CallContext): Classified {
  if (projectMissing && context.project !== undefined) {
    return {
      code: 'not_found',
      fault: 'user',
      message: `Could not ${context.action}: project ${quote(context.project)} was not found on the Manager at ${context.baseUrl}, or the token's user may not access it (${said}).`,
      hint: "Check the project name (names are case-sensitive) and that the token's user is a member of the project.",
    };
  }
  const what = context.subject === undefined ? 'the object' : `${context.subject.kind} ${quote(context.subject.name)}`;
  return {
    code: 'not_found',
    // The plan saw it a moment ago: the live state changed under us, nothing in the file is wrong.
    fault: 'manager',
    message: `Could not ${context.action}: ${what} was not found${inProject(context)} (${said}).`,
    hint: 'Someone may have changed the project since the plan was made; run plan again.',
  };
}

/** `HTTP 400 bad_request: Key (name: k) is not found!`, or the content type of a non-JSON reply. */
function describeServerSaid(status: number, server: ServerError, contentType: string): string {
  const code = server.serverCode === undefined ? '' : ` ${server.serverCode}`;
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
