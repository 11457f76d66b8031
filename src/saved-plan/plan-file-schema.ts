import { createRequire } from 'node:module';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';

const require = createRequire(import.meta.url);

let validator: ValidateFunction | undefined;

/**
 * The validator of `schemas/plan.schema.json`, compiled on first use: `apply FILE` checks a
 * whole plan file against it before trusting any field, so a hand-edited file is refused
 * as such, never met as an internal error halfway through. ajv is required here, not
 * imported at the top: every command loads this module, only `apply FILE` needs the compiler.
 * The paths hold from `src/` and `dist/`.
 */
export function getPlanFileValidator(): ValidateFunction {
  if (validator === undefined) {
    const { Ajv2020: Compiler } = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
    // strictTypes off: the schema's oneOf branches name their required fields without repeating the type.
    validator = new Compiler({ strictTypes: false }).compile(require('../../schemas/plan.schema.json') as Record<string, unknown>);
  }
  return validator;
}
