import { createRequire } from 'node:module';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

const require = createRequire(import.meta.url);

let validator: ValidateFunction | undefined;

/**
 * The validator of `schemas/plan.schema.json`, compiled on first use: `apply FILE` checks a
 * whole plan file against it before trusting any field, so a hand-edited file is refused
 * as such, never met as an internal error halfway through. The path holds from `src/` and `dist/`.
 */
export function getPlanFileValidator(): ValidateFunction {
  // strictTypes off: the schema's oneOf branches name their required fields without repeating the type.
  validator ??= new Ajv2020({ strictTypes: false }).compile(require('../../schemas/plan.schema.json') as Record<string, unknown>);
  return validator;
}
