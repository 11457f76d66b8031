import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { compileSchema } from '../yaml/index.js';

const require = createRequire(import.meta.url);

let validator: ValidateFunction | undefined;

/**
 * The JSON Schema of the seed format, `schemas/sandbox-seed.schema.json`: the single
 * definition of what a seed may hold. The path is relative to this module and holds from
 * both `src/sandbox/` and `dist/sandbox/`, since `schemas/` sits at the package root.
 */
export function readSandboxSeedSchema(): Record<string, unknown> {
  return require('../../schemas/sandbox-seed.schema.json') as Record<string, unknown>;
}

/** The compiled seed validator, built on first use and reused. */
export function getSeedValidator(): ValidateFunction {
  validator ??= compileSchema(readSandboxSeedSchema());
  return validator;
}
