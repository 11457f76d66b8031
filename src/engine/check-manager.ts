import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ApinizerClient, TokenGrant } from '../apinizer/client.js';
import { toAppError } from '../common/app-error.js';
import { createLimiter, type Limiter } from '../common/limiter.js';
import { USER_AGENT } from '../common/version.js';
import { assessDoctor } from '../core/doctor/assess-doctor.js';
import type { DoctorFacts, FactError, ProjectFacts, Reachability, TokenFacts, UrlFacts } from '../core/doctor/doctor-facts.js';
import type { DoctorReport } from '../core/doctor/doctor-report.js';
import { makeRecording } from '../core/doctor/make-recording.js';

export { serializeRecording } from '../core/doctor/make-recording.js';
import type { DesiredState } from '../core/model/desired-state.js';
import type { RecordedExchange, Recording } from '../core/model/recording.js';
import { resolveConnection, type Connection, type ConnectionSource } from './connection.js';
import { loadDesired } from './load-desired.js';
import type { Workspace } from './workspace.js';

/** What to check: the desired-state files (`-f`), as for plan; none and no default file: every visible project. */
export interface DoctorRequest {
  readonly files: readonly string[];
  /** Replace names in the recording (`--anonymize`). */
  readonly anonymize?: boolean;
}

/** The report, and the recording of every exchange of the check (redacted). */
export interface DoctorResult {
  readonly report: DoctorReport;
  readonly recording: Recording;
}

const DEFAULT_FILE = 'apinizer-keys.yaml';

/**
 * `doctor`: a read-only check of a Manager. Reaches the host step by step (DNS, TCP, TLS),
 * authenticates, reads each project in scope (environments, keys, JWKs; never a single key,
 * never material), and judges what it found. Sends no write. Problems are findings, not
 * errors: only a bad desired-state file or connection setting throws.
 */
export async function checkManager(request: DoctorRequest, connection: ConnectionSource, workspace: Workspace): Promise<DoctorResult> {
  const desired = await loadDesiredIfAny(request.files, workspace);
  const exchanges: RecordedExchange[] = [];
  // Resolved after the files loaded, as plan does: a broken file is the error reported first.
  const facts = await gatherFacts(desired, resolveConnection(connection), exchanges);
  return {
    report: assessDoctor(facts),
    recording: makeRecording(exchanges, { anonymize: request.anonymize === true, recordedBy: USER_AGENT }),
  };
}

async function loadDesiredIfAny(files: readonly string[], workspace: Workspace): Promise<DesiredState | undefined> {
  if (files.length === 0) {
    const found = await stat(resolve(workspace.cwd, DEFAULT_FILE)).catch(() => undefined);
    if (!found?.isFile()) return undefined;
  }
  return loadDesired({ files }, workspace);
}

async function gatherFacts(desired: DesiredState | undefined, connection: Connection, exchanges: RecordedExchange[]): Promise<DoctorFacts> {
  const api = await import('../apinizer/client.js');
  const scope = desired === undefined ? 'visible' : 'file';
  const base: Omit<DoctorFacts, 'url'> = { scope, projects: [], exchanges };
  let url: UrlFacts;
  try {
    const { baseUrl } = api.normalizeManagerUrl(connection.url);
    const parsed = new URL(baseUrl);
    url = {
      baseUrl,
      scheme: parsed.protocol === 'https:' ? 'https' : 'http',
      hadApiSegment: /\/apiops\/*$/.test(new URL(connection.url.trim()).pathname),
      loopback: isLoopback(parsed.hostname),
    };
  } catch (error) {
    return { ...base, url: { refused: toAppError(error).message } };
  }
  // Behind a proxy the direct probes would fail where every request succeeds: skip them. The
  // requests below go through the proxy as plan's do, so they tell whether it lets us through.
  const proxy = api.resolveProxy(url.baseUrl!, connection.proxy);
  const reachability: Reachability =
    proxy === undefined
      ? await api.probeReachability(url.baseUrl!, connection.timeoutMs ?? 30_000)
      : describeProxied(url.baseUrl!, proxy.display);
  if (hasFailedProbe(reachability)) return { ...base, url, reachability };

  const listeners = { ...connection.listeners, onExchange: (exchange: RecordedExchange) => void exchanges.push(exchange) };
  const { credentials, timeoutMs } = connection;
  const tokenFacts: { kind: TokenFacts['kind']; obtained?: TokenFacts['obtained'] } = {
    kind: credentials.kind === 'token' ? 'token' : 'credentials',
  };
  const fetchGrant =
    credentials.kind === 'password'
      ? () =>
          api.fetchTokenGrant({
            url: connection.url,
            clientId: credentials.username,
            clientSecret: credentials.password,
            timeoutMs,
            proxy: connection.proxy,
            ...listeners,
          })
      : undefined;
  let grant: TokenGrant | undefined;
  if (fetchGrant !== undefined) {
    try {
      grant = await fetchGrant();
      tokenFacts.obtained = { status: 'ok', ...(grant.expiresInSeconds === undefined ? {} : { expiresInSeconds: grant.expiresInSeconds }) };
    } catch (error) {
      return { ...base, url, reachability, token: { ...tokenFacts, obtained: { status: 'failed', error: toFactError(error) } } };
    }
  }
  const client = api.createApinizerClient({
    url: connection.url,
    token: credentials.kind === 'token' ? credentials.token : grant!.token,
    ...(fetchGrant === undefined ? {} : { renewToken: async () => (await fetchGrant()).token }),
    timeoutMs,
    retries: connection.retries,
    retryBaseDelayMs: connection.retryBaseDelayMs,
    maxSockets: connection.parallelism,
    proxy: connection.proxy,
    ...listeners,
  });
  try {
    let visible: string[];
    try {
      visible = (await client.listProjects()).map((project) => project.name);
    } catch (error) {
      return { ...base, url, reachability, token: { ...tokenFacts, check: { status: 'failed', error: toFactError(error) } } };
    }
    // The client takes the project list as it comes (doctor is its only reader); the count beside it says whether it is whole.
    const listedCount = readRecordedList('projects/', exchanges).resultCount;
    const token: TokenFacts = {
      ...tokenFacts,
      check: { status: 'accepted', visibleProjects: visible.length, ...(listedCount === undefined ? {} : { resultCount: listedCount }) },
    };
    const limit = createLimiter(connection.parallelism);
    // Sorted, so that the report reads the same whatever order the Manager or the files list them in.
    const targets = (desired === undefined ? visible.map((name) => ({ name, named: [] })) : listDesiredProjects(desired)).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    const projects = await Promise.all(targets.map((target) => readProject(client, limit, target.name, target.named, exchanges)));
    return { ...base, url, reachability, token, projects, ...optionalApi(client.environmentsApi()) };
  } finally {
    client.close();
  }
}

/** Each project of the file, with the environment names its present keys use. */
function listDesiredProjects(desired: DesiredState): { name: string; named: string[] }[] {
  return desired.projects.map((project) => {
    const named = new Set<string>();
    for (const key of project.keys) if (key.state === 'present') for (const environment of key.environments) named.add(environment.name);
    return { name: project.name, named: [...named].sort() };
  });
}

/** Environments first (they say whether the project is visible at all), then keys and JWKs side by side. */
async function readProject(
  client: ApinizerClient,
  limit: Limiter,
  name: string,
  named: readonly string[],
  exchanges: readonly RecordedExchange[],
): Promise<ProjectFacts> {
  let environments: string[];
  try {
    environments = (await limit(() => client.listEnvironments(name))).map((environment) => environment.name);
  } catch (error) {
    return { name, namedEnvironments: named, environments: { error: toFactError(error) } };
  }
  const [keys, jwks] = await Promise.all([
    readCount(limit, () => client.listKeys(name), `projects/${encodeURIComponent(name)}/keys/`, exchanges),
    readCount(limit, () => client.listJwks(name), `projects/${encodeURIComponent(name)}/jwks/`, exchanges),
  ]);
  return { name, namedEnvironments: named, environments: { names: environments }, keys, jwks };
}

/**
 * How many entries a list holds and its `resultCount`, read from the recorded reply: the
 * client refuses an incomplete list, and doctor's job is to show the two numbers.
 */
async function readCount(
  limit: Limiter,
  read: () => Promise<unknown[]>,
  path: string,
  exchanges: readonly RecordedExchange[],
): Promise<{ count: number; resultCount?: number } | { error: FactError }> {
  let failure: unknown;
  let count: number | undefined;
  try {
    count = (await limit(read)).length;
  } catch (error) {
    failure = error;
  }
  const { listed, resultCount } = readRecordedList(path, exchanges);
  if (count === undefined && !(toAppError(failure).code === 'incomplete_list' && listed !== undefined))
    return { error: toFactError(failure) };
  return { count: count ?? listed!, ...(resultCount === undefined ? {} : { resultCount }) };
}

/**
 * The entries and `resultCount` of the last 200 reply to `GET path`, as recorded; a count the
 * client would take (a whole number, or one in a string), else none.
 */
function readRecordedList(path: string, exchanges: readonly RecordedExchange[]): { listed?: number; resultCount?: number } {
  const reply = [...exchanges].reverse().find((exchange) => exchange.method === 'GET' && exchange.path === path && exchange.status === 200);
  const body = reply?.replyBody as { resultList?: unknown; resultCount?: unknown } | undefined;
  const raw = body?.resultCount;
  const resultCount = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
  return {
    ...(Array.isArray(body?.resultList) ? { listed: body.resultList.length } : {}),
    ...(typeof resultCount === 'number' && Number.isInteger(resultCount) && resultCount >= 0 ? { resultCount } : {}),
  };
}

function toFactError(error: unknown): FactError {
  const appError = toAppError(error);
  return { code: appError.code, message: appError.message, ...(appError.hint === undefined ? {} : { hint: appError.hint }) };
}

function optionalApi(api: 'current' | 'older' | undefined): { environmentsApi?: 'current' | 'older' } {
  return api === undefined ? {} : { environmentsApi: api };
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** A step that was tried and failed: no request could get through, so none is sent. Skipped steps (behind a proxy) are no failure. */
function hasFailedProbe(reachability: Reachability): boolean {
  return [reachability.dns, reachability.tcp, reachability.tls].some((step) => step.status === 'failed');
}

/** Reachability through a proxy: the host and port the proxy is asked for, nothing probed directly. */
function describeProxied(baseUrl: string, proxy: string): Reachability {
  const parsed = new URL(baseUrl);
  const port = parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
  return { host: parsed.hostname, port, proxy, dns: { status: 'skipped' }, tcp: { status: 'skipped' }, tls: { status: 'skipped' } };
}
