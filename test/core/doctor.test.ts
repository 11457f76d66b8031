/** The pure parts of doctor: reading the API generation, judging facts, anonymizing a recording. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { anonymizeExchanges } from '../../src/core/doctor/anonymize-exchanges.js';
import { assessDoctor } from '../../src/core/doctor/assess-doctor.js';
import type { DoctorFacts } from '../../src/core/doctor/doctor-facts.js';
import { inferApi } from '../../src/core/doctor/infer-api.js';
import type { RecordedExchange } from '../../src/core/model/recording.js';

const get = (path: string, replyBody: unknown, status = 200): RecordedExchange => ({ method: 'GET', path, query: {}, status, replyBody });
const keyList = (envelope: Record<string, unknown>, entry: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  get('projects/p/keys/', {
    ...envelope,
    resultList: [{ id: 'k1', name: 'k', keyType: 'SECRET_KEY', ...extra, cryptoKeyInfoEnvironmentList: [entry] }],
    resultCount: 1,
  });

describe('inferApi', () => {
  it.each([
    [
      'current',
      'current' as const,
      [keyList({ status: 'SUCCESS' }, { environmentName: 'production', alias: 'a', source: null }, { algorithm: 'AES' })],
    ],
    ['2026-01', 'older' as const, [keyList({ success: true }, { environmentId: 'e1', content: '(redacted)', alias: 'a' })]],
    [
      'legacy',
      'older' as const,
      [keyList({ status: 'SUCCESS' }, { environmentName: 'production', privateKey: '(redacted)', publicKey: null })],
    ],
  ])('reads %s from its replies', (generation, path, exchanges) => {
    expect(inferApi(exchanges, path).generation).toBe(generation);
  });

  it('calls replies that fit no generation unknown, and says why', () => {
    // The current environments path, but material in the key list: no published generation does both.
    const reading = inferApi([keyList({ status: 'SUCCESS' }, { environmentName: 'production', content: '(redacted)' })], 'current');
    expect(reading.generation).toBe('unknown');
    expect(reading.evidence).toContain('key lists return (encrypted) content (2026-01); it is never recorded');
  });

  it('notices list replies without resultCount', () => {
    expect(inferApi([get('projects/p/keys/', { status: 'SUCCESS', resultList: [] })], 'current').resultCount).toBe('absent');
  });
});

const baseFacts: DoctorFacts = {
  url: { baseUrl: 'https://m.example.com/apiops', scheme: 'https', hadApiSegment: false, loopback: false },
  reachability: {
    host: 'm.example.com',
    port: 443,
    dns: { status: 'ok', addresses: ['192.0.2.1'] },
    tcp: { status: 'ok', address: '192.0.2.1' },
    tls: { status: 'ok', subject: 'm.example.com', validTo: '2027-01-01T00:00:00.000Z', daysLeft: 5 },
  },
  token: { kind: 'token', check: { status: 'accepted', visibleProjects: 1 } },
  scope: 'file',
  environmentsApi: 'current',
  exchanges: [keyList({ status: 'SUCCESS' }, { environmentName: 'production', alias: 'a' }, { algorithm: 'AES' })],
  projects: [
    {
      name: 'p',
      namedEnvironments: ['production', 'qa'],
      environments: { names: ['production'] },
      keys: { count: 1, resultCount: 1 },
      jwks: { count: 0 },
    },
  ],
};

describe('assessDoctor', () => {
  it('makes a missing environment a problem, a certificate about to expire a warning, and what writing would tell unknown', () => {
    const report = assessDoctor(baseFacts);
    expect(report.ok).toBe(false);
    const byStatus = (status: string) => report.findings.filter((finding) => finding.status === status).map((finding) => finding.check);
    expect(byStatus('problem')).toEqual(['project.environments']);
    expect(byStatus('warning')).toEqual(['reachability.tls']);
    expect(byStatus('unknown')).toEqual(['token.lifetime', 'permissions.manage', 'permissions.deploy']);
    expect(report.projects).toEqual([
      {
        name: 'p',
        visible: true,
        environments: ['production'],
        missingEnvironments: ['qa'],
        keys: 1,
        keysResultCount: 1,
        keyList: 'complete',
        jwks: 0,
      },
    ]);
    for (const finding of report.findings) if (finding.status !== 'ok') expect(finding.fix).toEqual(expect.any(String));
  });

  it('is ok when nothing is a problem', () => {
    const report = assessDoctor({ ...baseFacts, projects: [{ ...baseFacts.projects[0]!, namedEnvironments: ['production'] }] });
    expect(report.ok).toBe(true);
  });

  it('stops at a refused URL, and says what to do', () => {
    const report = assessDoctor({ url: { refused: 'The Manager URL is not a valid URL.' }, scope: 'visible', projects: [], exchanges: [] });
    expect(report.ok).toBe(false);
    expect(report.manager).toBeUndefined();
    expect(report.findings[0]).toMatchObject({ check: 'url.form', status: 'problem', message: 'The Manager URL is not a valid URL.' });
  });

  it('warns of a project list whose resultCount differs from it, saying what that means for the scope', () => {
    const listing = (visibleProjects: number, resultCount: number) => ({
      kind: 'token' as const,
      check: { status: 'accepted' as const, visibleProjects, resultCount },
    });
    const warningOf = (facts: DoctorFacts) => assessDoctor(facts).findings.find((finding) => finding.check === 'projects.list');
    // With a file, plan reads its projects by name: only the count is short.
    expect(warningOf({ ...baseFacts, token: listing(1, 7) })).toMatchObject({
      status: 'warning',
      message: expect.stringContaining('listed 1 of the 7 projects its resultCount counts, so the count above is short'),
    });
    // Without one, the projects checked are that list, and a list of none is not "no project at all".
    const visible = assessDoctor({ ...baseFacts, scope: 'visible', projects: [], token: listing(0, 3) });
    expect(visible.findings.filter((finding) => finding.area === 'projects')).toEqual([
      expect.objectContaining({
        check: 'projects.list',
        status: 'warning',
        message: expect.stringContaining('only the 0 listed are checked'),
      }),
    ]);
    expect(warningOf({ ...baseFacts, token: listing(2, 1) })).toMatchObject({
      status: 'warning',
      message:
        'GET projects/ listed 2 projects, but its resultCount says 1: the list and its count disagree, so whether it is complete can not be judged.',
    });
    expect(warningOf({ ...baseFacts, token: listing(1, 1) })).toBeUndefined();
  });

  it('calls a key list longer than its resultCount a warning and its completeness unknown, not complete', () => {
    const report = assessDoctor({ ...baseFacts, projects: [{ ...baseFacts.projects[0]!, keys: { count: 2, resultCount: 1 } }] });
    expect(report.findings.find((finding) => finding.check === 'project.keys')).toMatchObject({
      status: 'warning',
      message:
        "The key list of 'p' holds 2 keys, but its resultCount says 1: the list and its count disagree, so whether it is complete can not be judged.",
      fix: expect.any(String),
    });
    expect(report.projects[0]).toMatchObject({ keys: 2, keysResultCount: 1, keyList: 'unknown' });
  });

  it('makes a JWK list shorter than its resultCount a problem, as plan refuses it', () => {
    const report = assessDoctor({ ...baseFacts, projects: [{ ...baseFacts.projects[0]!, jwks: { count: 1, resultCount: 3 } }] });
    expect(report.findings.find((finding) => finding.check === 'project.jwks')).toMatchObject({
      status: 'problem',
      message: expect.stringContaining("The JWK list of 'p' holds 1 of 3 JWKs (resultCount)"),
      fix: expect.any(String),
    });
  });

  it('warns of plain http to a host that is not this machine', () => {
    const report = assessDoctor({ ...baseFacts, url: { ...baseFacts.url, scheme: 'http' } });
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'url.scheme', status: 'warning' }));
  });
});

/** Names that no fixed word of the API or its messages contains. */
const nameArb = fc.stringMatching(/^zq[a-z]{3,8}$/);

describe('anonymizeExchanges', () => {
  it('replaces every project, key and environment name consistently, everywhere', () => {
    fc.assert(
      fc.property(fc.uniqueArray(nameArb, { minLength: 3, maxLength: 6 }), (names) => {
        const [project, environment, ...keys] = names as [string, string, ...string[]];
        const exchanges: RecordedExchange[] = [
          get('projects/', { status: 'SUCCESS', resultList: [{ id: 'p1', name: project, description: `team ${project}` }] }),
          get(`projects/${project}/environments/`, {
            status: 'SUCCESS',
            resultList: [{ id: 'e1', name: environment, accessUrl: 'https://gw' }],
          }),
          get(`projects/${project}/keys/`, {
            status: 'SUCCESS',
            resultList: keys.map((key, index) => ({
              id: `k${index}`,
              name: key,
              cryptoKeyInfoEnvironmentList: [{ environmentName: environment }],
            })),
          }),
          get(`projects/${project}/keys/${keys[0]}/`, { status: 'FAILURE', resultMessage: `Key (name: ${keys[0]}) is not found!` }, 400),
        ];
        const anonymized = anonymizeExchanges(exchanges);
        const text = JSON.stringify(anonymized);
        for (const name of names) expect(text).not.toContain(name);
        // Ids stay; the same name has the same stand-in in paths, lists and messages.
        expect(text).toContain('"id":"k0"');
        const stand = (anonymized[0]!.replyBody as { resultList: { name: string }[] }).resultList[0]!.name;
        expect(anonymized[2]!.path).toBe(`projects/${stand}/keys/`);
        const keyStand = (anonymized[2]!.replyBody as { resultList: { name: string }[] }).resultList[0]!.name;
        expect(anonymized[3]!.path).toBe(`projects/${stand}/keys/${keyStand}/`);
        expect(anonymized[3]!.replyBody).toEqual({ status: 'FAILURE', resultMessage: `Key (name: ${keyStand}) is not found!` });
        const stands = new Set([
          stand,
          ...(anonymized[2]!.replyBody as { resultList: { name: string }[] }).resultList.map((key) => key.name),
        ]);
        expect(stands.size).toBe(1 + keys.length);
      }),
    );
  });

  it("keeps the API's own path words and values when a name equals one, and replaces percent-encoded names and redirect targets", () => {
    const token: RecordedExchange = { method: 'POST', path: 'auth/token', query: {}, status: 200, replyBody: { token_type: 'Bearer' } };
    const anonymized = anonymizeExchanges([
      get('projects/', { status: 'SUCCESS', resultList: [{ name: 'auth' }, { name: 'Acme Ödeme' }] }),
      get('projects/auth/keys/', {
        status: 'SUCCESS',
        resultList: [{ name: 'keys', keyType: 'SECRET_KEY', algorithm: 'AES' }, { name: 'AES' }],
      }),
      token,
      get(
        'environments/Acme%20%C3%96deme',
        { error_description: 'No endpoint GET /apiops/projects/Acme%20%C3%96deme/environments/.' },
        404,
      ),
      { method: 'GET', path: 'projects/', query: {}, status: 302, location: 'https://sso.corp.example/login?project=auth' },
    ]);
    expect(anonymized[1]!.path).toBe('projects/project-1/keys/');
    expect(anonymized[1]!.replyBody).toEqual({
      status: 'SUCCESS',
      resultList: [{ name: 'key-1', keyType: 'SECRET_KEY', algorithm: 'AES' }, { name: 'key-2' }],
    });
    expect(anonymized[2]!.path).toBe('auth/token');
    expect(JSON.stringify(anonymized[3])).not.toContain('Acme');
    expect(anonymized[4]!.location).toBe('(anonymized)');
  });

  it('does not touch a name inside a longer word', () => {
    const [anonymized] = anonymizeExchanges([get('projects/', { resultList: [{ name: 'pay' }], note: 'payments pay' })]);
    expect(anonymized!.replyBody).toEqual({ resultList: [{ name: 'project-1' }], note: 'payments project-1' });
  });
});
