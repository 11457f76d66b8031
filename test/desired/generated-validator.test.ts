import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  GENERATED_VALIDATOR_PATH,
  getDesiredStateValidator,
  loadGeneratedValidator,
  readDesiredStateSchema,
} from '../../src/desired/desired-state-schema.js';
import { compileSchema, generateValidatorCode, readYamlDocument } from '../../src/yaml/index.js';

// Resolved like the loader resolves it: relative to src/desired/.
const GENERATED_FILE = fileURLToPath(new URL(GENERATED_VALIDATOR_PATH, new URL('../../src/desired/', import.meta.url)));
const FIXTURE = fileURLToPath(new URL('./fixtures/full/apinizer-keys.yaml', import.meta.url));

const compiled = compileSchema(readDesiredStateSchema());

/** What a validator says about `data`: the verdict and the error objects the describer reads. */
function judge(validate: ReturnType<typeof compileSchema>, data: unknown): { valid: boolean; errors: unknown } {
  const valid = validate(data);
  return { valid, errors: structuredClone(validate.errors ?? null) };
}

describe('the generated desired-state validator (npm run build)', () => {
  it('exists, and the loader uses it instead of compiling the schema', () => {
    const generated = loadGeneratedValidator();
    expect(generated).toBeDefined();
    expect(getDesiredStateValidator()).toBe(generated);
  });

  it('is exactly what the schema generates today: the two cannot drift', () => {
    // on a mismatch: the schema (or ajv) changed since the last `npm run build`; build again
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(generateValidatorCode(readDesiredStateSchema()));
  });

  it('gives the same verdict and the same error objects as the schema compiled at run time', () => {
    const generated = loadGeneratedValidator()!;
    const corpus: unknown[] = [
      readYamlDocument({ content: readFileSync(FIXTURE), file: 'f.yaml' }).data,
      null,
      [],
      { version: 2 },
      { version: 1, extra: true },
      { version: 1, defaults: { jwkDeleteAction: 'nullify', prune: 'yes', maxDeletions: -1, ignore: 'x' } },
      { version: 1, projects: { '.': {}, ' lead': {}, ok: { keys: { k: { type: 'SECRET_KEY' } } } } },
      { version: 1, projects: { p: { keys: { k: { type: 'PUBLIC_KEY', algorithm: 'AES', environments: { e: {} } } } } } },
      { version: 1, projects: { p: { keys: { k: { type: 'PRIVATE_KEY', environments: { e: { content: { file: 'a', env: 'B' } } } } } } } },
      { version: 1, projects: { p: { keys: { k: { state: 'absent', descripton: 'typo', jwkDeleteAction: 'DELETE' } } } } },
    ];
    for (const data of corpus) expect(judge(generated, data)).toEqual(judge(compiled, data));
  });

  it('agrees with the compiled schema on near-documents', () => {
    const generated = loadGeneratedValidator()!;
    const word = fc.constantFrom(
      ...['version', 'defaults', 'projects', 'keys', 'type', 'state', 'algorithm', 'environments', 'content', 'file', 'env'],
      ...['base64', 'alias', 'description', 'protect', 'prune', 'ignore', 'maxDeletions', 'allowEmpty', 'jwkDeleteAction'],
      ...['jwkUpdateAction', 'updateScope', 'SECRET_KEY', 'PRIVATE_KEY', 'PUBLIC_KEY', 'AES', 'absent', 'NULLIFY', 'DELETE', '.', ''],
    );
    const scalar = fc.oneof(word, fc.string({ maxLength: 6 }), fc.integer({ min: -2, max: 3 }), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, scalar, tie('map'), fc.array(tie('any'), { maxLength: 2 })),
      map: fc.dictionary(word, tie('any'), { maxKeys: 4 }),
    })).map;
    fc.assert(
      fc.property(value, (body) => {
        const data = { version: 1, ...(body as object) };
        expect(judge(generated, data)).toEqual(judge(compiled, data));
      }),
      { numRuns: 300 },
    );
  });
});
