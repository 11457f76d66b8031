import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { compileSchema } from '../yaml/index.js';

const require = createRequire(import.meta.url);

let validator: ValidateFunction | undefined;

/**
 * The JSON Schema of the file format, `schemas/desired-state.schema.json`. The path is
 * relative to this module and holds from both `src/desired/` and `dist/desired/`, since
 * `schemas/` sits at the package root next to them.
 */
export function readDesiredStateSchema(): Record<string, unknown> {
  return require('../../schemas/desired-state.schema.json') as Record<string, unknown>;
}

/** The compiled schema validator, built on first use and reused (compiling costs milliseconds). */
export function getDesiredStateValidator(): ValidateFunction {
  validator ??= compileSchema(readDesiredStateSchema());
  return validator;
}
