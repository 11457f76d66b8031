import type { SandboxHandle, SandboxSeed } from '../../src/sandbox/index.js';

/** The loose shape of any sandbox reply body, for assertions. */
export interface ApiBody {
  success?: boolean;
  status?: string;
  resultList?: Array<Record<string, unknown>>;
  resultCount?: number;
  resultMessage?: string;
  error?: string;
  error_description?: string;
  retry_after?: number;
  deploymentResult?: {
    success: boolean;
    message?: string;
    environmentResults?: Array<{ environmentName: string; success: boolean; message: string }>;
    responseTime?: number;
    detail?: string | null;
    detailList?: DetailEntry[];
  };
  access_token?: string;
  token_type?: string;
  expires_in?: number;
}

/** One entry of the OpenAPI `DeploymentResult` form (per environment, then per pod). */
export interface DetailEntry {
  success: boolean;
  responseTime: number;
  envName: string | null;
  podName: string | null;
  podIp: string | null;
  detail: string | null;
  detailList: DetailEntry[];
}

export interface CallResult {
  status: number;
  body: ApiBody;
  headers: Headers;
}

export interface CallOptions {
  /** Bearer token; default the handle's full-access token; null for none. */
  token?: string | null;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** One HTTP call with global fetch; `path` is appended to the sandbox URL as given (already encoded). */
export async function call(sandbox: SandboxHandle, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? sandbox.token : options.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(sandbox.url + path, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as ApiBody), headers: response.headers };
}

/** `/apiops/projects/{project}/keys/{key}/` with both names URL-encoded. */
export function keyPath(project: string, key?: string): string {
  const base = `/apiops/projects/${encodeURIComponent(project)}/keys/`;
  return key === undefined ? base : `${base}${encodeURIComponent(key)}/`;
}

/** `/apiops/projects/{project}/jwks/{jwk}/` with both names URL-encoded. */
export function jwkPath(project: string, jwk?: string): string {
  const base = `/apiops/projects/${encodeURIComponent(project)}/jwks/`;
  return jwk === undefined ? base : `${base}${encodeURIComponent(jwk)}/`;
}

/** Base64 of a labelled fake material. */
export function material(label: string): string {
  return Buffer.from(`-----BEGIN TEST SECRET-----\n${label}\n-----END TEST SECRET-----\n`).toString('base64');
}

/** A create/update body with one entry per environment. */
export function keyBody(
  name: string,
  environments: Record<string, string>,
  keyType = 'PRIVATE_KEY',
  description = '',
): Record<string, unknown> {
  return {
    name,
    description,
    keyType,
    cryptoKeyInfoEnvironmentList: Object.entries(environments).map(([environmentName, content]) => ({
      environmentName,
      content,
      alias: null,
    })),
  };
}

/** A small seed shared by the test files: one project with two environments and JWKs made from a key. */
export const TEST_SEED: SandboxSeed = {
  projects: [
    {
      name: 'payments',
      description: 'Payments team',
      environments: [{ name: 'production', id: 'env-prod', type: 'PRODUCTION' }, { name: 'staging' }],
      keys: [
        {
          name: 'jwt-signing',
          keyType: 'PRIVATE_KEY',
          description: 'Signs tokens',
          environments: [
            { name: 'production', content: material('jwt production'), alias: 'signing' },
            { name: 'staging', content: material('jwt staging') },
          ],
        },
        { name: 'partner-public', keyType: 'PUBLIC_KEY', environments: [{ name: 'production', content: material('partner') }] },
      ],
      jwks: [
        { name: 'jwt-public', sourceType: 'PRIVATE_KEY', sourceKey: 'jwt-signing' },
        { name: 'partner', sourceType: 'URL', sourceUrl: 'https://example.com/jwks.json' },
      ],
    },
    { name: 'internal', description: 'Not for readers', environments: [{ name: 'production' }] },
  ],
  tokens: [
    { token: 'full', projects: '*' },
    { token: 'reader', projects: { payments: ['READ'] } },
    { token: 'manager', projects: { payments: ['MANAGE'] } },
    { token: 'old', projects: '*', expired: true },
  ],
  users: [{ username: 'admin', password: 'admin-password', projects: '*' }],
};
