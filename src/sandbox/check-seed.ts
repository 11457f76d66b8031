import { checkAgainstSchema, type SchemaViolation } from '../yaml/index.js';
import { checkSeedRules } from './check-seed-rules.js';
import { getSeedValidator } from './seed-schema.js';
import type { SandboxSeed } from './seed-types.js';

/** The outcome of checking a seed: the typed seed only when there are no problems. */
export type SeedCheck =
  | { readonly seed: SandboxSeed; readonly problems: readonly [] }
  | { readonly seed?: undefined; readonly problems: readonly SchemaViolation[] };

/**
 * Checks an untyped value (parsed YAML/JSON, or a seed built in code) against
 * `schemas/sandbox-seed.schema.json`, then, once its shape is right, against the rules a
 * schema cannot express ({@link checkSeedRules}). A valid value is returned as the seed.
 */
export function checkSeed(value: unknown): SeedCheck {
  const shapeProblems = checkAgainstSchema(getSeedValidator(), value);
  if (shapeProblems.length > 0) return { problems: shapeProblems };
  const seed = value as SandboxSeed;
  const ruleProblems = checkSeedRules(seed);
  return ruleProblems.length > 0 ? { problems: ruleProblems } : { seed, problems: [] };
}
