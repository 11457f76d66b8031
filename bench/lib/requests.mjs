// The sandbox's request log, reduced to counts by endpoint, and the ideal time of a run:
// the sum over sequential phases of ceil(requests in the phase / parallelism) × latency.

/** Endpoints by method and path pattern, each with the phase it belongs to. */
const ENDPOINTS = [
  { label: 'GET keys list', method: 'GET', pattern: /^\/apiops\/projects\/[^/]+\/keys\/?$/, phase: 'read' },
  { label: 'GET env list', method: 'GET', pattern: /^\/apiops\/environments\/[^/]+\/?$/, phase: 'read' },
  // the current API generation lists a project's environments under the project
  { label: 'GET env list', method: 'GET', pattern: /^\/apiops\/projects\/[^/]+\/environments\/?$/, phase: 'read' },
  { label: 'GET projects', method: 'GET', pattern: /^\/apiops\/projects\/?$/, phase: 'read' },
  // --compare-material: one Export Key File per key, queued as each project's key list is in
  { label: 'GET key export', method: 'GET', pattern: /^\/apiops\/projects\/[^/]+\/keys\/[^/]+\/export-file\/?$/, phase: 'exports' },
  { label: 'GET key', method: 'GET', pattern: /^\/apiops\/projects\/[^/]+\/keys\/[^/]+\/?$/, phase: 'key reads' },
  { label: 'GET JWK list', method: 'GET', pattern: /^\/apiops\/projects\/[^/]+\/jwks\/?$/, phase: 'jwks' },
  { label: 'POST key', method: 'POST', pattern: /^\/apiops\/projects\/[^/]+\/keys\/?$/, phase: 'operations' },
  { label: 'PUT key', method: 'PUT', pattern: /^\/apiops\/projects\/[^/]+\/keys\/[^/]+\/?$/, phase: 'operations' },
  { label: 'DELETE key', method: 'DELETE', pattern: /^\/apiops\/projects\/[^/]+\/keys\/[^/]+\/?$/, phase: 'operations' },
];

/** Phases in the order they run; a phase starts only once the previous one is done. */
export const PHASES = ['read', 'exports', 'key reads', 'jwks', 'operations', 'other'];

function classify(entry) {
  const found = ENDPOINTS.find((e) => e.method === entry.method && e.pattern.test(entry.path));
  return found ?? { label: `${entry.method} ${entry.path.replace(/^\/apiops\//, '')}`, phase: 'other' };
}

/** Counts by endpoint label and by phase, and the statuses that were not 2xx. */
export function countRequests(log) {
  const byEndpoint = {};
  const byPhase = {};
  let failed = 0;
  for (const entry of log) {
    const { label, phase } = classify(entry);
    byEndpoint[label] = (byEndpoint[label] ?? 0) + 1;
    byPhase[phase] = (byPhase[phase] ?? 0) + 1;
    if (entry.status < 200 || entry.status >= 300) failed += 1;
  }
  return { total: log.length, byEndpoint, byPhase, failed };
}

/** Σ over phases of ceil(n / parallelism) × latency, in ms. */
export function idealMs(byPhase, parallelism, latencyMs) {
  return PHASES.reduce((sum, phase) => sum + Math.ceil((byPhase[phase] ?? 0) / parallelism) * latencyMs, 0);
}

export function formatCounts(byEndpoint) {
  return Object.entries(byEndpoint)
    .map(([label, n]) => `${label} ×${n}`)
    .join(', ');
}
