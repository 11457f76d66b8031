import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { compileSchema } from '../yaml/index.js';

const require = createRequire(import.meta.url);

/**
 * The standalone validator `npm run build` generates from the schema (scripts/build-validators.mjs).
 * Relative to this module, it holds from both `src/desired/` and `dist/desired/`: `dist/`
 * sits at the package root next to them. Outside `src/` because it is generated, not
 * written: tsc never sees it, and it cannot be committed stale.
 */
export const GENERATED_VALIDATOR_PATH = '../../dist/generated/desired-state-validator.cjs';

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
 * The schema validator: the one generated at build time, so no run compiles the schema
 * (100+ ms of CPU). Only a source tree that was never built compiles it here instead;
 * the test suite checks that the generated one exists and matches the schema.
 */
export function getDesiredStateValidator(): ValidateFunction {
  validator ??= loadGeneratedValidator() ?? compileSchema(readDesiredStateSchema());
  return validator;
}

/** The generated validator, or undefined when the build has not made it. */
export function loadGeneratedValidator(): ValidateFunction | undefined {
  try {
    return require(GENERATED_VALIDATOR_PATH) as ValidateFunction;
  } catch (error) {
    if (isModuleNotFound(error)) return undefined;
    throw error;
  }
}

function isModuleNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'MODULE_NOT_FOUND';
}
