/** Output documents checked against the published schemas in `schemas/`, the way a consumer would. */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';

/** The schema files tests check output against (`schemas/NAME.schema.json`). */
export type SchemaName = 'plan' | 'doctor-report' | 'recording' | 'validate-result' | 'sandbox-seed' | 'desired-state';

const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
const validators = new Map<string, ValidateFunction>();

/** Reads `schemas/NAME.schema.json` as parsed JSON. */
export function readSchema(name: SchemaName): { $id: string } & Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../schemas/${name}.schema.json`, import.meta.url), 'utf8')) as { $id: string } & Record<
    string,
    unknown
  >;
}

/**
 * Ajv's errors for `document` against the schema `name`, or against one of its `$defs` (empty = valid); each
 * schema is compiled once per test file.
 */
export function schemaErrors(name: SchemaName, document: unknown, def?: string): ErrorObject[] {
  const key = def === undefined ? name : `${name}#${def}`;
  let validate = validators.get(key);
  if (!validate) {
    const schema = readSchema(name);
    if (!ajv.getSchema(schema.$id)) ajv.addSchema(schema);
    validate = ajv.compile(def === undefined ? { $ref: schema.$id } : { $ref: `${schema.$id}#/$defs/${def}` });
    validators.set(key, validate);
  }
  return validate(document) ? [] : [...(validate.errors ?? [])];
}
