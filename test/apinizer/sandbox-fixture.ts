import { createHash } from 'node:crypto';
import { afterEach } from '@jest/globals';
import { createApinizerClient, type ApinizerClient, type ClientOptions } from '../../src/apinizer/client.js';
import { type AppError } from '../../src/common/app-error.js';
import { Secret } from '../../src/common/secret.js';
import type { SandboxHandle, SandboxOptions } from '../../src/sandbox/index.js';
import { catchAppErrorAsync, expectNoSecretsIn } from '../support/catch-app-error.js';
import { useSandbox } from '../support/use-sandbox.js';

/** A seed and helpers shared by the client's sandbox tests. */

export const b64 = (text: string): string => Buffer.from(text).toString('base64');
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const SIGNING_PROD = '-----BEGIN PRIVATE KEY-----\nprod signing material\n-----END PRIVATE KEY-----\n';
export const SIGNING_TEST = '-----BEGIN PRIVATE KEY-----\ntest signing material\n-----END PRIVATE KEY-----\n';
export const HMAC_TEST = 'hmac secret bytes';

export const ODD_PROJECT = 'My Shop/Ünïcode #1?%';
export const ODD_KEY = 'a b/c#d?e%f ü 鍵';

export const TOKENS = {
  readOnly: 'tok-read-only-7c1d2e3f4a5b',
  manageOnly: 'tok-manage-no-deploy-9e8d7c6b',
  expired: 'tok-expired-1a2b3c4d5e6f',
} as const;

export const USER = { username: 'alice', password: 'correct horse battery staple' } as const;

/** Seed with the two projects every sandbox test starts from. */
export function makeSeed() {
  return {
    projects: [
      {
        name: 'Shop',
        description: 'the shop',
        environments: [
          { name: 'production', id: 'env-prod' },
          { name: 'test', id: 'env-test' },
        ],
        keys: [
          {
            name: 'signing',
            keyType: 'PRIVATE_KEY',
            description: 'JWT signing',
            environments: [
              { name: 'production', content: b64(SIGNING_PROD), alias: 'sig-prod' },
              { name: 'test', content: b64(SIGNING_TEST) },
            ],
          },
          { name: 'hmac', keyType: 'SECRET_KEY', algorithm: 'AES', environments: [{ name: 'test', content: b64(HMAC_TEST) }] },
        ],
        jwks: [
          { name: 'signing-jwk', sourceType: 'PRIVATE_KEY' as const, sourceKey: 'signing' },
          { name: 'remote', sourceType: 'URL' as const, sourceUrl: 'https://idp.example.com/jwks' },
        ],
      },
      {
        name: ODD_PROJECT,
        environments: [{ name: 'prod ü', id: 'env-odd' }],
        keys: [],
        jwks: [],
      },
    ],
    tokens: [
      { token: TOKENS.readOnly, projects: { Shop: ['READ' as const] } },
      { token: TOKENS.manageOnly, projects: { Shop: ['READ' as const, 'MANAGE' as const] } },
      { token: TOKENS.expired, projects: '*' as const, expired: true },
    ],
    users: [{ username: USER.username, password: USER.password, projects: '*' as const }],
  };
}

/** A client with fast retries; every client made is closed by {@link closeClients}. */
export function makeClientFactory(defaults: () => Pick<ClientOptions, 'url'> & { token: string }) {
  const made: ApinizerClient[] = [];
  const make = (options: Partial<ClientOptions> & { tokenText?: string } = {}): ApinizerClient => {
    const base = defaults();
    const client = createApinizerClient({
      url: base.url,
      retryBaseDelayMs: 5,
      ...options,
      token: options.token ?? new Secret(options.tokenText ?? base.token),
    });
    made.push(client);
    return client;
  };
  const closeAll = (): void => {
    for (const client of made.splice(0)) client.close();
  };
  return { make, closeAll };
}

/**
 * The AppError a call fails with, after checking that no text of it (message, hint, JSON
 * form, stack, cause) contains any of the given secrets.
 */
export async function failureOf(promise: Promise<unknown>, secrets: readonly string[]): Promise<AppError> {
  const error = await catchAppErrorAsync(promise);
  expectNoSecretsIn(error, secrets);
  return error;
}

/** A SECRET_KEY (AES) of project Shop's `test` environment, as the client takes it to create or update. */
export function makeSecretKeyInput(name: string) {
  return {
    name,
    description: '',
    keyType: 'SECRET_KEY' as const,
    algorithm: 'AES' as const,
    environments: [{ environmentName: 'test', content: new Secret(b64('x')) }],
  };
}

/**
 * One sandbox for the file (on {@link makeSeed} unless `options` say otherwise) and a client
 * factory aimed at it; the clients are closed after each test, then `reset` puts back what a
 * test may have changed.
 */
export function useSandboxClients(options: SandboxOptions = {}, reset: (sandbox: SandboxHandle) => void = () => {}) {
  const sandbox = useSandbox({ port: 0, seed: makeSeed(), ...options });
  const clients = makeClientFactory(() => ({ url: sandbox.url, token: sandbox.token }));
  afterEach(() => {
    clients.closeAll();
    reset(sandbox);
  });
  return { sandbox, clients };
}
