import { createRequire } from 'node:module';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { inlineSchemaRefs } from './inline-schema-refs.js';

const require = createRequire(import.meta.url);

/**
 * Annotations the schema carries for editors (VS Code and the yaml-language-server show
 * them instead of generic pattern messages); ajv must know them to compile in strict mode.
 */
const EDITOR_KEYWORDS = ['patternErrorMessage', 'errorMessage'];

let validator: ValidateFunction | undefined;

/**
 * The JSON Schema of the file format, `schemas/desired-state.schema.json`. The path is
 * relative to this module and holds from both `src/desired/` and `dist/desired/`, since
 * `schemas/` sits at the package root next to them.
 */
export function readDesiredStateSchema(): Record<string, unknown> {
  return require('../../schemas/desired-state.schema.json') as Record<string, unknown>;
}

/**
 * The compiled schema validator, built on first use and reused (compiling costs milliseconds).
 * It is compiled with references inlined, so reporting many errors stays linear.
 */
export function getDesiredStateValidator(): ValidateFunction {
  validator ??= new Ajv2020({
    allErrors: true,
    // verbose keeps parentSchema and data on each error, for enum values and did-you-mean
    verbose: true,
    strict: true,
    keywords: EDITOR_KEYWORDS,
  }).compile(inlineSchemaRefs(readDesiredStateSchema()));
  return validator;
}
