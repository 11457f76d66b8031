/**
 * End-to-end scenarios in a few lines: what the sandbox holds (a seed) and what the file asks
 * for (a desired-state YAML), built from plain data so that each test file states only how its
 * scenario differs. Material is test-only base64 text, never real keys.
 */
import { stringify } from 'yaml';
import type { RawContent, RawKey, RawProject } from '../../src/desired/document-body.js';
import type { SeedJwk, SeedKey, SeedProject } from '../../src/sandbox/index.js';

/** Base64 content of a seeded key per environment name, with the alias where it has one. */
export type SeedContents = Readonly<Record<string, string | { readonly content: string; readonly alias: string }>>;

/** A seeded project with its environments (names), keys and JWKs. */
export function seedProject(
  name: string,
  environments: readonly string[],
  keys: readonly SeedKey[],
  jwks?: readonly SeedJwk[],
): SeedProject {
  return {
    name,
    environments: environments.map((environment) => ({ name: environment })),
    keys,
    ...(jwks ? { jwks } : {}),
  };
}

/** A seeded key of `keyType` deployed with `contents`; `fields` adds or overrides the rest. */
export function seedKey(name: string, keyType: string, contents: SeedContents, fields: Partial<SeedKey> = {}): SeedKey {
  return {
    name,
    keyType,
    environments: Object.entries(contents).map(([environment, content]) =>
      typeof content === 'string' ? { name: environment, content } : { name: environment, ...content },
    ),
    ...fields,
  };
}

/** A seeded SECRET_KEY with a description. */
export function seedSecret(name: string, description: string | undefined, contents: SeedContents): SeedKey {
  return seedKey(name, 'SECRET_KEY', contents, description === undefined ? {} : { description });
}

/** A seeded JWK made from the key `sourceKey` (a PRIVATE_KEY by default). */
export function seedKeyJwk(name: string, sourceKey: string, sourceType: SeedJwk['sourceType'] = 'PRIVATE_KEY'): SeedJwk {
  return { name, sourceType, sourceKey };
}

/** A seeded JWK read from a URL, made from no key. */
export function seedUrlJwk(name: string): SeedJwk {
  return { name, sourceType: 'URL', sourceUrl: 'https://example.com/jwks.json' };
}

/** Where an environment's material comes from, or the whole environment entry when it has an alias. */
export type Source = RawContent | { readonly alias: string; readonly content: RawContent };

/** A desired key: an AES SECRET_KEY unless `fields` says otherwise, with each environment's source. */
export function wantKey(description: string | undefined, sources: Readonly<Record<string, Source>>, fields: RawKey = {}): RawKey {
  const environments = Object.fromEntries(
    Object.entries(sources).map(([environment, source]) => [environment, 'content' in source ? source : { content: source }]),
  );
  const type = fields.type ?? 'SECRET_KEY';
  return {
    type,
    ...(type === 'SECRET_KEY' ? { algorithm: 'AES' } : {}),
    ...(description === undefined ? {} : { description }),
    environments,
    ...fields,
  };
}

/** A desired key of type PRIVATE_KEY. */
export function wantPrivateKey(description: string | undefined, sources: Readonly<Record<string, Source>>, fields: RawKey = {}): RawKey {
  return wantKey(description, sources, { type: 'PRIVATE_KEY', ...fields });
}

/** The text of a desired-state file (version 1) asking for `projects`, with optional `defaults`. */
export function desiredFile(projects: Readonly<Record<string, RawProject>>, defaults?: object): string {
  return stringify({ version: 1, ...(defaults ? { defaults } : {}), projects });
}

/** The body of a key update as the Manager's UI would send it (a change made by hand): a SECRET_KEY with `contents`. */
export function handEditBody(name: string, description: string, contents: Readonly<Record<string, string>>): unknown {
  return {
    name,
    keyType: 'SECRET_KEY',
    description,
    cryptoKeyInfoEnvironmentList: Object.entries(contents).map(([environmentName, content]) => ({ environmentName, content })),
  };
}
