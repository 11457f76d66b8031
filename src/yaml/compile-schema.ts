import { createRequire } from 'node:module';
import type * as Ajv2020Module from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { inlineSchemaRefs } from './inline-schema-refs.js';

const require = createRequire(import.meta.url);

/**
 * Annotations the schemas carry for editors (VS Code and the yaml-language-server show
 * them instead of generic pattern messages); ajv must know them to compile in strict mode.
 * {@link describeSchemaErrors} reads them back for its messages.
 */
const EDITOR_KEYWORDS = ['patternErrorMessage', 'errorMessage'];

/** The ajv instance that compiles file-format schemas; `source` keeps the code for standalone output. */
export type SchemaCompiler = InstanceType<typeof Ajv2020Module.Ajv2020>;

/**
 * An ajv set up the way {@link describeSchemaErrors} needs it: every error collected, each
 * with its schema and data (for enum values and did-you-mean), strict so a typo in the
 * schema fails at compile time. The runtime compiler and the build-time generator of
 * standalone validators share it, so both produce the same error objects. ajv is loaded on
 * first use: a run that uses only generated validators never loads its compiler (~30 ms).
 */
export function createSchemaCompiler(options: { readonly source?: boolean } = {}): SchemaCompiler {
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof Ajv2020Module;
  return new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    // `type: ["string", "null"]` is how a schema says "optional, null means absent"
    allowUnionTypes: true,
    keywords: EDITOR_KEYWORDS,
    ...(options.source ? { code: { source: true } } : {}),
  });
}

/**
 * Compiles a draft 2020-12 file-format schema with {@link createSchemaCompiler}, references
 * inlined so reporting many errors stays linear. Compiling costs 100+ ms for the
 * desired-state schema: callers keep the result, and that schema ships precompiled.
 */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  return createSchemaCompiler().compile(inlineSchemaRefs(schema));
}
