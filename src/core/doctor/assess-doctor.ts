import type { DoctorFacts, FactError, ProjectFacts, Reachability, TokenFacts, UrlFacts } from './doctor-facts.js';
import { DOCTOR_FORMAT_VERSION, type DoctorFinding, type DoctorProject, type DoctorReport } from './doctor-report.js';
import { inferApi, type ApiReading } from './infer-api.js';

/** A TLS certificate that expires sooner than this is a warning. */
const CERTIFICATE_WARNING_DAYS = 14;
/** A token from credentials that lives shorter than this may expire mid-run more than once. */
const SHORT_TOKEN_SECONDS = 300;

/** Judges what doctor found: every check with its verdict and what to do. Pure. */
export function assessDoctor(facts: DoctorFacts): DoctorReport {
  const api = inferApi(facts.exchanges, facts.environmentsApi);
  const findings: DoctorFinding[] = [
    ...assessUrl(facts.url),
    ...(facts.reachability === undefined ? [] : assessReachability(facts.reachability, facts.token)),
    ...(facts.token === undefined ? [] : assessToken(facts.token, facts.reachability?.proxy !== undefined)),
  ];
  const projects = facts.projects.map(summarizeProject);
  if (facts.token?.check?.status === 'accepted') {
    findings.push(...assessApi(api), ...assessScope(facts), ...facts.projects.flatMap(assessProject));
  }
  findings.push(...listUnknowables());
  return {
    formatVersion: DOCTOR_FORMAT_VERSION,
    ...(facts.url.baseUrl === undefined ? {} : { manager: facts.url.baseUrl }),
    ok: !findings.some((finding) => finding.status === 'problem'),
    scope: facts.scope,
    api,
    projects,
    findings,
  };
}

function assessUrl(url: UrlFacts): DoctorFinding[] {
  if (url.baseUrl === undefined) {
    return [
      {
        area: 'url',
        check: 'url.form',
        status: 'problem',
        message: url.refused ?? 'The Manager URL was refused.',
        fix: 'Set APINIZER_URL (or --url) to the Manager URL, e.g. https://manager.example.com.',
      },
    ];
  }
  const findings: DoctorFinding[] = [
    {
      area: 'url',
      check: 'url.form',
      status: 'ok',
      message: `API root ${url.baseUrl}${url.hadApiSegment ? '' : ' (/apiops added to the URL given)'}.`,
    },
  ];
  if (url.scheme === 'http' && url.loopback !== true) {
    findings.push({
      area: 'url',
      check: 'url.scheme',
      status: 'warning',
      message: 'The URL is plain http: the token and key material would cross the network unencrypted.',
      fix: 'Use the https URL of the Manager.',
    });
  }
  return findings;
}

function assessReachability(reach: Reachability, token: TokenFacts | undefined): DoctorFinding[] {
  const findings: DoctorFinding[] = [];
  const step = (check: string, status: DoctorFinding['status'], message: string, fix?: string) =>
    findings.push({ area: 'reachability', check, status, message, ...(fix === undefined ? {} : { fix }) });
  if (reach.proxy !== undefined) {
    const via = `Requests go through the proxy ${reach.proxy} (HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, not NO_PROXY): DNS, TCP and TLS to ${reach.host} are the proxy's to make, so they are not probed from here`;
    const failure = findProxyFailure(token);
    if (failure === undefined) step('reachability.proxy', 'ok', `${via}; the requests below go through it.`);
    else
      step(
        'reachability.proxy',
        'problem',
        `${via}, and the first request through it failed. ${failure.message}`,
        failure.hint ?? fixFor(failure),
      );
  }
  if (reach.dns.status === 'ok') step('reachability.dns', 'ok', `${reach.host} resolves to ${reach.dns.addresses.join(', ')}.`);
  else if (reach.dns.status === 'failed')
    step('reachability.dns', 'problem', `DNS: ${reach.dns.message}.`, 'Check the host name in APINIZER_URL and the DNS of this machine.');
  if (reach.tcp.status === 'ok') step('reachability.tcp', 'ok', `TCP connection to ${reach.tcp.address}:${reach.port} opened.`);
  else if (reach.tcp.status === 'failed')
    step(
      'reachability.tcp',
      'problem',
      `TCP: ${reach.tcp.message}.`,
      'Check the port in APINIZER_URL, that the Manager is running, and any firewall or proxy in between.',
    );
  if (reach.tls.status === 'ok') {
    const expiry = reach.tls.daysLeft === undefined ? '' : `, valid until ${reach.tls.validTo?.slice(0, 10)} (${reach.tls.daysLeft} days)`;
    const who = reach.tls.subject === undefined ? '' : ` for ${reach.tls.subject}`;
    const soon = reach.tls.daysLeft !== undefined && reach.tls.daysLeft < CERTIFICATE_WARNING_DAYS;
    step(
      'reachability.tls',
      soon ? 'warning' : 'ok',
      `TLS ${reach.tls.protocol ?? ''} handshake verified: certificate${who}${expiry}.`.replace('TLS  ', 'TLS '),
      soon ? "Renew the Manager's certificate before it expires: every run will fail then." : undefined,
    );
  } else if (reach.tls.status === 'failed') {
    step(
      'reachability.tls',
      'problem',
      `TLS: ${reach.tls.message}.`,
      "Check that the URL says https only for an HTTPS port, and the Manager's certificate; for a private CA, set NODE_EXTRA_CA_CERTS to the CA certificate file.",
    );
  }
  const refusal = token?.check?.status === 'failed' ? token.check.error : undefined;
  if (refusal?.code === 'redirect') step('reachability.redirect', 'problem', refusal.message, refusal.hint);
  else if (token?.check?.status === 'accepted') step('reachability.redirect', 'ok', 'No redirect: the API answered directly.');
  return findings;
}

/**
 * The first request's failure to get any answer through a proxy (code `network`: the proxy
 * down, refusing the tunnel, or silent), which is then the proxy's finding, not the token's.
 */
function findProxyFailure(token: TokenFacts | undefined): FactError | undefined {
  const error =
    token?.obtained?.status === 'failed' ? token.obtained.error : token?.check?.status === 'failed' ? token.check.error : undefined;
  return error?.code === 'network' ? error : undefined;
}

/** `proxied`: a network failure of the first request was already reported as the proxy's. */
function assessToken(token: TokenFacts, proxied: boolean): DoctorFinding[] {
  const findings: DoctorFinding[] = [];
  if (proxied && findProxyFailure(token) !== undefined) return findings;
  if (token.obtained?.status === 'failed') {
    return [
      {
        area: 'token',
        check: 'token.obtain',
        status: 'problem',
        message: `No token could be obtained from APINIZER_USERNAME/APINIZER_PASSWORD: ${token.obtained.error.message}`,
        fix: token.obtained.error.hint ?? 'Check the username and password.',
      },
    ];
  }
  const check = token.check;
  if (check?.status === 'accepted') {
    findings.push({
      area: 'token',
      check: 'token.accepted',
      status: 'ok',
      message: `The token is accepted: GET projects/ answered, ${check.visibleProjects} ${check.visibleProjects === 1 ? 'project' : 'projects'} visible.`,
    });
  } else if (check?.status === 'failed' && check.error.code !== 'redirect') {
    const refused = check.error.code === 'unauthorized' || check.error.code === 'token_expired';
    findings.push({
      area: refused ? 'token' : 'reachability',
      check: refused ? 'token.accepted' : 'reachability.api',
      status: 'problem',
      message: check.error.message,
      fix: check.error.hint ?? fixFor(check.error),
    });
  }
  if (token.kind === 'credentials' && token.obtained?.status === 'ok') {
    const seconds = token.obtained.expiresInSeconds;
    findings.push(
      seconds === undefined
        ? {
            area: 'token',
            check: 'token.lifetime',
            status: 'warning',
            message: 'A token was obtained from the credentials, but the Manager announced no lifetime (expires_in).',
            fix: 'Nothing to do: when it expires during a run, the tool obtains a new one once and retries.',
          }
        : {
            area: 'token',
            check: 'token.lifetime',
            status: seconds < SHORT_TOKEN_SECONDS ? 'warning' : 'ok',
            message: `A token was obtained from the credentials; it lives ${seconds} s (expires_in), and is renewed once if it expires during a run.`,
            ...(seconds < SHORT_TOKEN_SECONDS
              ? { fix: 'A long apply may need more than one renewal; ask for a longer token lifetime.' }
              : {}),
          },
    );
  } else if (token.kind === 'token' && check?.status === 'accepted') {
    findings.push({
      area: 'token',
      check: 'token.lifetime',
      status: 'unknown',
      message: "A personal token's lifetime is not visible through the API.",
      fix: 'When it expires, every command stops with token_expired: create a new token in Apinizer and update APINIZER_TOKEN.',
    });
  }
  return findings;
}

function assessApi(api: ApiReading): DoctorFinding[] {
  const findings: DoctorFinding[] = [
    api.generation === 'unknown'
      ? {
          area: 'api',
          check: 'api.generation',
          status: 'warning',
          message: `The replies fit no single API generation (${api.evidence.join('; ') || 'too few replies'}).`,
          fix: 'Plan reads every generation tolerantly; if plan or apply misbehave, run doctor --record FILE (with --anonymize if names are confidential) and report the file.',
        }
      : {
          area: 'api',
          check: 'api.generation',
          status: 'ok',
          message: `The Manager speaks the ${api.generation} API${api.generation === 'current' ? '' : ' (supported: an older generation)'}: ${api.evidence.join('; ')}.`,
        },
  ];
  if (api.resultCount === 'absent' || api.resultCount === 'mixed') {
    findings.push({
      area: 'api',
      check: 'api.resultCount',
      status: 'warning',
      message: 'Some list replies carry no resultCount, so whether a key list is complete can not be judged.',
      fix: 'Compare the key counts below with the Manager UI before the first apply that deletes.',
    });
  }
  return findings;
}

function assessScope(facts: DoctorFacts): DoctorFinding[] {
  const check = facts.token?.check;
  const listed = check?.status === 'accepted' ? check : undefined;
  if (listed?.resultCount !== undefined && listed.resultCount !== listed.visibleProjects) {
    return [assessProjectList(listed.visibleProjects, listed.resultCount, facts.scope)];
  }
  if (facts.scope !== 'visible' || facts.projects.length > 0) return [];
  return [
    {
      area: 'projects',
      check: 'projects.visible',
      status: 'warning',
      message: 'The token sees no project at all.',
      fix: "Give the token's user SECRETS + VIEW (or any permission) in the projects to manage.",
    },
  ];
}

/**
 * A project list whose `resultCount` is not its length: a warning, not a problem, because plan
 * and apply never read it (they address the file's projects by name); but without a file the
 * projects doctor checks are that list, and it must not pass for all of them.
 */
function assessProjectList(count: number, resultCount: number, scope: DoctorFacts['scope']): DoctorFinding {
  const about = (message: string, fix: string): DoctorFinding => ({
    area: 'projects',
    check: 'projects.list',
    status: 'warning',
    message,
    fix,
  });
  const report = 'report it with doctor --record FILE';
  if (resultCount < count) {
    return about(
      `GET projects/ listed ${count} ${count === 1 ? 'project' : 'projects'}, but its resultCount says ${resultCount}: the list and its count disagree, so whether it is complete can not be judged.`,
      `Compare the projects with the Manager UI; ${report}.`,
    );
  }
  const held = `GET projects/ listed ${count} of the ${resultCount} projects its resultCount counts`;
  return scope === 'visible'
    ? about(
        `${held}: only the ${count} listed are checked here, not every project the token sees.`,
        `This Manager pages or truncates the project list, which its reference does not document: name the projects to check in a desired-state file (-f), and ${report}.`,
      )
    : about(
        `${held}, so the count above is short; the projects of the file are read by name, so plan and apply are not affected.`,
        `This Manager pages or truncates the project list, which its reference does not document; ${report}.`,
      );
}

function assessProject(project: ProjectFacts): DoctorFinding[] {
  const about = (check: string, status: DoctorFinding['status'], message: string, fix?: string): DoctorFinding => ({
    area: 'projects',
    check,
    status,
    project: project.name,
    message,
    ...(fix === undefined ? {} : { fix }),
  });
  if ('error' in project.environments) {
    const error = project.environments.error;
    return [about('project.visible', 'problem', error.message, error.hint ?? fixFor(error))];
  }
  const names = project.environments.names;
  const findings = [about('project.visible', 'ok', `Project '${project.name}' is visible; environments: ${names.join(', ') || '(none)'}.`)];
  for (const missing of listMissing(project)) {
    findings.push(
      about(
        'project.environments',
        'problem',
        `Environment '${missing}' named in the file does not exist in project '${project.name}' (it has: ${names.join(', ') || 'none'}).`,
        'Fix the name in the file (names are case-sensitive) or create the environment in the Manager; until then plan refuses (unknown_environment).',
      ),
    );
  }
  if (project.keys !== undefined && 'error' in project.keys) {
    findings.push(about('project.keys', 'problem', project.keys.error.message, project.keys.error.hint ?? fixFor(project.keys.error)));
  } else if (project.keys !== undefined) {
    const { count, resultCount } = project.keys;
    if (resultCount !== undefined && resultCount > count) {
      findings.push(
        about(
          'project.keys',
          'problem',
          `The key list of '${project.name}' holds ${count} of ${resultCount} keys (resultCount): plan refuses to plan on half the truth.`,
          'This Manager pages or truncates key lists, which its reference does not document: report it with doctor --record FILE.',
        ),
      );
    } else if (resultCount !== undefined && resultCount < count) {
      findings.push(
        about(
          'project.keys',
          'warning',
          `The key list of '${project.name}' holds ${count} keys, but its resultCount says ${resultCount}: the list and its count disagree, so whether it is complete can not be judged.`,
          'Compare the keys with the Manager UI before the first apply that deletes; report it with doctor --record FILE.',
        ),
      );
    } else {
      const judged = resultCount === undefined ? 'no resultCount to check it against' : `complete (resultCount ${resultCount})`;
      findings.push(about('project.keys', 'ok', `'${project.name}': ${count} ${count === 1 ? 'key' : 'keys'}, list ${judged}.`));
    }
  }
  if (project.jwks !== undefined && 'error' in project.jwks) {
    findings.push(about('project.jwks', 'problem', project.jwks.error.message, project.jwks.error.hint ?? fixFor(project.jwks.error)));
  } else if (project.jwks?.resultCount !== undefined && project.jwks.resultCount > project.jwks.count) {
    // The client refuses such a list, so plan stops wherever it reads the JWKs a change affects.
    findings.push(
      about(
        'project.jwks',
        'problem',
        `The JWK list of '${project.name}' holds ${project.jwks.count} of ${project.jwks.resultCount} JWKs (resultCount): plan refuses to update or delete a key of this project on it.`,
        'This Manager pages or truncates JWK lists, which its reference does not document: report it with doctor --record FILE.',
      ),
    );
  } else if (project.jwks !== undefined) {
    findings.push(about('project.jwks', 'ok', `'${project.name}': ${project.jwks.count} ${project.jwks.count === 1 ? 'JWK' : 'JWKs'}.`));
  }
  return findings;
}

function summarizeProject(project: ProjectFacts): DoctorProject {
  const visible = !('error' in project.environments);
  const keys = project.keys !== undefined && !('error' in project.keys) ? project.keys : undefined;
  const jwks = project.jwks !== undefined && !('error' in project.jwks) ? project.jwks : undefined;
  const keyList: DoctorProject['keyList'] =
    keys?.resultCount === undefined
      ? 'unknown'
      : keys.resultCount > keys.count
        ? 'incomplete'
        : keys.resultCount === keys.count
          ? 'complete'
          : 'unknown';
  return {
    name: project.name,
    visible,
    ...('names' in project.environments ? { environments: project.environments.names } : {}),
    missingEnvironments: listMissing(project),
    ...(keys === undefined ? {} : { keys: keys.count }),
    ...(keys?.resultCount === undefined ? {} : { keysResultCount: keys.resultCount }),
    keyList,
    ...(jwks === undefined ? {} : { jwks: jwks.count }),
  };
}

function listMissing(project: ProjectFacts): string[] {
  if (!('names' in project.environments)) return [];
  const present = new Set(project.environments.names);
  return project.namedEnvironments.filter((name) => !present.has(name));
}

/** What reading can not tell, and how apply will report it. */
function listUnknowables(): DoctorFinding[] {
  return [
    {
      area: 'permissions',
      check: 'permissions.manage',
      status: 'unknown',
      message: 'Whether the token may create, change and delete keys (SECRETS + MANAGE) can not be known without writing.',
      fix: 'If it may not, apply reports each refused operation as failed with "missing permission", naming SECRETS + MANAGE and the project, and exits 1; grant it in every project of the file before the first apply.',
    },
    {
      area: 'permissions',
      check: 'permissions.deploy',
      status: 'unknown',
      message:
        'Whether the token may deploy and undeploy keys (SECRETS + DEPLOY_UNDEPLOY), which every create, update and delete does at once, can not be known without writing.',
      fix: 'If it may not, apply reports the operation as failed naming SECRETS + DEPLOY_UNDEPLOY, or as partial where an environment reports its deploy failed; grant it alongside SECRETS + MANAGE.',
    },
  ];
}

function fixFor(error: FactError): string {
  switch (error.code) {
    case 'forbidden':
      return "Give the token's user SECRETS + VIEW in the project.";
    case 'not_found':
      return "Check the project name (case-sensitive) and that the token's user has a permission in it.";
    case 'endpoint_not_found':
    case 'bad_reply':
      return 'Check that APINIZER_URL points to the Apinizer Manager itself (not a login page or proxy).';
    default:
      return 'Run doctor again with --debug; if it persists, report it with doctor --record FILE.';
  }
}
