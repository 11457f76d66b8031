import { describe, expect, it } from '@jest/globals';
import { VERSION } from '../../src/common/version.js';
import fc from 'fast-check';
import { isCanonicalBase64 } from '../../src/sandbox/base64.js';
import { checkSeed } from '../../src/sandbox/check-seed.js';
import { SECRET_KEY_ALGORITHMS } from '../../src/sandbox/key-rules.js';
import { getSeedValidator, readSandboxSeedSchema } from '../../src/sandbox/seed-schema.js';
import type {
  SandboxSeed,
  SeedEnvironment,
  SeedJwk,
  SeedKey,
  SeedKeyEnvironment,
  SeedProject,
  SeedToken,
  SeedUser,
} from '../../src/sandbox/seed-types.js';
import { JWK_SOURCE_TYPES, SEED_PERMISSIONS } from '../../src/sandbox/seed-types.js';
import { findSchemaGaps, sortedNames as sorted, walkSchema, type Schema } from '../support/schema-walk.js';

const schema = readSandboxSeedSchema();
const { defs, fieldsOf } = walkSchema(schema);

/** The fields of `T` whose type admits `null`. */
type NullableFields<T> = { [K in keyof T]-?: null extends T[K] ? K : never }[keyof T];

// `satisfies Record<…, true>` makes tsc fail when a type gains or loses a field these lists miss:
// first the fields whose TypeScript type admits null (`null` means "as if absent"), then all of them
const NULLABLE = {
  seed: { projects: true, tokens: true, users: true } satisfies Record<NullableFields<SandboxSeed>, true>,
  project: { description: true, environments: true, keys: true, jwks: true } satisfies Record<NullableFields<SeedProject>, true>,
  environment: { type: true, description: true, accessUrl: true } satisfies Record<NullableFields<SeedEnvironment>, true>,
  key: { algorithm: true, description: true, environments: true } satisfies Record<NullableFields<SeedKey>, true>,
  keyEnvironment: { alias: true } satisfies Record<NullableFields<SeedKeyEnvironment>, true>,
  jwk: {
    sourceKey: true,
    sourceUrl: true,
    description: true,
    type: true,
    kid: true,
    useType: true,
    algorithm: true,
  } satisfies Record<NullableFields<SeedJwk>, true>,
  token: { expired: true } satisfies Record<NullableFields<SeedToken>, true>,
  user: {} satisfies Record<NullableFields<SeedUser>, true>,
};

const FIELDS = {
  seed: { ...NULLABLE.seed } satisfies Record<keyof SandboxSeed, true>,
  project: { name: true, ...NULLABLE.project } satisfies Record<keyof SeedProject, true>,
  environment: { name: true, id: true, ...NULLABLE.environment } satisfies Record<keyof SeedEnvironment, true>,
  key: { name: true, keyType: true, id: true, ...NULLABLE.key } satisfies Record<keyof SeedKey, true>,
  keyEnvironment: { name: true, content: true, ...NULLABLE.keyEnvironment } satisfies Record<keyof SeedKeyEnvironment, true>,
  jwk: { name: true, sourceType: true, ...NULLABLE.jwk } satisfies Record<keyof SeedJwk, true>,
  token: { token: true, projects: true, ...NULLABLE.token } satisfies Record<keyof SeedToken, true>,
  user: { username: true, password: true, projects: true, ...NULLABLE.user } satisfies Record<keyof SeedUser, true>,
};

type Part = keyof typeof FIELDS;

/** A valid seed with every field set, and where each part of it sits. */
function makeFullSeed(): { seed: Record<string, unknown>; parts: Record<Part, Record<string, unknown>> } {
  const environment = { name: 'production', id: 'env-1', type: 'PRODUCTION', description: 'd', accessUrl: 'https://gw.example.com' };
  const keyEnvironment = { name: 'production', content: Buffer.from('TEST ONLY').toString('base64'), alias: 'a' };
  const key = { name: 'k', keyType: 'SECRET_KEY', algorithm: 'AES', description: 'd', id: 'key-1', environments: [keyEnvironment] };
  const jwk = {
    name: 'j',
    sourceType: 'PRIVATE_KEY',
    sourceKey: 'k',
    description: 'd',
    type: 'RSA',
    kid: 'kid',
    useType: 'SIGNATURE',
    algorithm: 'RS256',
  };
  const project = { name: 'p', description: 'd', environments: [environment], keys: [key], jwks: [jwk] };
  const token = { token: 't', projects: { p: ['READ'] }, expired: false };
  const user = { username: 'u', password: 'pw', projects: '*' };
  const seed = { projects: [project], tokens: [token], users: [user] };
  return { seed, parts: { seed, project, environment, key, keyEnvironment, jwk, token, user } };
}

describe('schemas/sandbox-seed.schema.json', () => {
  it('is a valid draft 2020-12 schema that ajv compiles in strict mode', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`https://unpkg.com/apinizer-keys@${VERSION}/schemas/sandbox-seed.schema.json`);
    expect(() => getSeedValidator()).not.toThrow();
  });

  it('has the same fields as the seed types', () => {
    expect(fieldsOf(schema)).toEqual(sorted(FIELDS.seed));
    for (const part of Object.keys(FIELDS).filter((name) => name !== 'seed') as Part[]) {
      expect([part, fieldsOf(defs[part])]).toEqual([part, sorted(FIELDS[part])]);
    }
  });

  it('has the same closed sets as the sandbox', () => {
    expect((defs.jwk?.properties as Record<string, Schema>).sourceType?.enum).toEqual([...JWK_SOURCE_TYPES]);
    expect(((defs.grants?.additionalProperties as Schema).items as Schema).enum).toEqual([...SEED_PERMISSIONS]);
    expect(defs.secretKeyAlgorithm?.enum).toEqual([...SECRET_KEY_ALGORITHMS, null]);
  });

  it('accepts the full seed, and null exactly where the types allow it', () => {
    expect(checkSeed(makeFullSeed().seed).problems).toEqual([]);
    const mismatches: string[] = [];
    for (const part of Object.keys(FIELDS) as Part[]) {
      for (const field of Object.keys(FIELDS[part])) {
        const { seed, parts } = makeFullSeed();
        parts[part][field] = null;
        // the schema alone: without its environments, a project's keys break a rule, not the format
        const accepted = getSeedValidator()(seed);
        if (accepted !== Object.hasOwn(NULLABLE[part], field))
          mismatches.push(`${part}.${field}: null ${accepted ? 'accepted' : 'refused'}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('describes every property and forbids unknown fields everywhere', () => {
    expect(findSchemaGaps(schema)).toEqual({ undescribed: [], open: [] });
  });

  it("accepts exactly the base64 the sandbox's API accepts as content", () => {
    const content = (defs.keyEnvironment?.properties as Record<string, Schema>).content;
    const pattern = new RegExp(String(content?.pattern), 'u');
    const text = fc.oneof(
      fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(bytes).toString('base64')),
      fc.string({ unit: fc.constantFrom(...'AQgwBRhx09+/=Z'), maxLength: 9 }),
    );
    fc.assert(
      fc.property(text, (value) => pattern.test(value) === isCanonicalBase64(value)),
      { numRuns: 2000 },
    );
    // the two sides of the equivalence each occur: canonical, and off by its unused bits
    expect(pattern.test('QQ==')).toBe(true);
    expect(pattern.test('QR==')).toBe(false);
  });
});
