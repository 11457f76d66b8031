import type { ValidateFunction } from 'ajv/dist/2020.js';
import { sortByLocation, type Violation } from './create-violations-error.js';
import { describeSchemaErrors, type SchemaViolation } from './describe-schema-errors.js';
import type { YamlLocator } from './yaml-locator.js';

/**
 * The schema violations of `data`, described for users; empty when it is valid. A rejection
 * without an error we can show is still one violation at the root, never a silent pass.
 */
export function checkAgainstSchema(validate: ValidateFunction, data: unknown): SchemaViolation[] {
  if (validate(data)) return [];
  const described = describeSchemaErrors(validate.errors ?? [], data);
  return described.length > 0 ? described : [{ path: [], at: 'value', message: 'The document does not match the schema.' }];
}

/**
 * Violations given their place in the file, in file order. Every one is located (cheap: the
 * locator indexes mappings), so the ones shown under the 50-error cap are the first in the file.
 */
export function locateViolations(violations: readonly SchemaViolation[], locator: YamlLocator): Violation[] {
  return sortByLocation(
    violations.map((violation) => ({
      message: violation.message,
      location: violation.at === 'key' ? locator.locateKey(violation.path) : locator.locateValue(violation.path),
    })),
  );
}
