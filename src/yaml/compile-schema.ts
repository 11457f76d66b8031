import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { inlineSchemaRefs } from './inline-schema-refs.js';

/**
 * Annotations the schemas carry for editors (VS Code and the yaml-language-server show
 * them instead of generic pattern messages); ajv must know them to compile in strict mode.
 * {@link describeSchemaErrors} reads them back for its messages.
 */
const EDITOR_KEYWORDS = ['patternErrorMessage', 'errorMessage'];

/**
 * Compiles a draft 2020-12 file-format schema the way {@link describeSchemaErrors} needs it:
 * every error collected, each with its schema and data (for enum values and did-you-mean),
 * strict so a typo in the schema fails at compile time, and references inlined so reporting
 * many errors stays linear. Compiling costs milliseconds: callers keep the result.
 */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  return new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    // `type: ["string", "null"]` is how a schema says "optional, null means absent"
    allowUnionTypes: true,
    keywords: EDITOR_KEYWORDS,
  }).compile(inlineSchemaRefs(schema));
}
