import type { ErrorObject } from 'ajv/dist/2020.js';
import { formatPath, quoteAlways } from './format-path.js';
import { describeType, describeValue, previewValue } from './describe-value.js';
import { redactSecretLike } from './redact-secret-like.js';
import { suggestName } from './suggest-name.js';
import type { PathSegment } from './yaml-locator.js';
import { isRecord } from '../common/json.js';

/** One schema violation, before it is given a file location. */
export interface SchemaViolation {
  /** Path of the offending entry. */
  readonly path: readonly PathSegment[];
  /** Point at the entry's key (unknown or badly named fields, missing fields) or at its value. */
  readonly at: 'key' | 'value';
  readonly message: string;
}

type AnySchema = Readonly<Record<string, unknown>>;

/**
 * Turns ajv's errors into messages a user can act on: they name the path, say what was
 * expected, list the valid values of closed sets and suggest near-miss field names.
 * Values are echoed only for enums and consts, never for patterns, so key material in
 * a malformed `base64` stays out of the output; echoed names pass through
 * {@link redactSecretLike}.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], data: unknown): SchemaViolation[] {
  const violations: SchemaViolation[] = [];
  const seen = new Set<string>();
  for (const error of mergeRequiredErrors(errors)) {
    const violation = describeSchemaError(error, data);
    if (!violation) continue;
    const id = JSON.stringify([violation.path, violation.message]);
    if (seen.has(id)) continue;
    seen.add(id);
    violations.push({ ...violation, message: endSentence(violation.message) });
  }
  return violations;
}

/**
 * One `required` error per mapping, listing every missing field, instead of one per field.
 * A requirement that explains itself (`errorMessage`, e.g. a SECRET_KEY's algorithm) keeps
 * its own error, so its reason is not pinned on the other fields.
 */
function mergeRequiredErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const merged: ErrorObject[] = [];
  const missingByPath = new Map<string, string[]>();
  for (const error of errors) {
    if (error.keyword !== 'required') {
      merged.push(error);
      continue;
    }
    const reason: unknown = isRecord(error.parentSchema) ? error.parentSchema['errorMessage'] : undefined;
    const id = JSON.stringify([error.instancePath, typeof reason === 'string' ? reason : null]);
    const missing = missingByPath.get(id);
    if (missing) {
      if (!missing.includes(String(error.params.missingProperty))) missing.push(String(error.params.missingProperty));
      continue;
    }
    // the list is shared with the map, so later fields of the same mapping land in this error
    const list = [String(error.params.missingProperty)];
    missingByPath.set(id, list);
    merged.push({ ...error, params: { missing: list } });
  }
  return merged;
}

function describeSchemaError(error: ErrorObject, data: unknown): SchemaViolation | undefined {
  const path = parseInstancePath(error.instancePath, data);
  const params: Readonly<Record<string, unknown>> = error.params;
  const parent: AnySchema = isRecord(error.parentSchema) ? error.parentSchema : {};
  const where = formatPath(path);

  // propertyNames reports twice: once from the name's own schema, once as a summary we skip
  if (error.propertyName !== undefined) {
    const name = error.propertyName;
    const hint = describeNameRule(error.keyword, parent);
    return {
      path: [...path, name],
      at: 'key',
      message: `${where}: ${describeNameKind(path)} ${quoteAlways(redactSecretLike(name))} ${hint}`,
    };
  }

  switch (error.keyword) {
    case 'if':
    case 'propertyNames':
      return undefined;
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = Object.keys(isRecord(parent.properties) ? parent.properties : {});
      const suggestion = suggestName(field, known);
      const tail = suggestion
        ? `; did you mean ${quoteAlways(suggestion)}?`
        : known.length > 0
          ? ` (expected one of ${known.join(', ')})`
          : '';
      return { path: [...path, field], at: 'key', message: `${where}: unknown field ${quoteAlways(redactSecretLike(field))}${tail}` };
    }
    case 'required': {
      const missing = Array.isArray(params.missing) ? params.missing.map((field) => quoteAlways(String(field))) : [];
      const noun = missing.length === 1 ? 'field' : 'fields';
      // a conditional requirement says why (e.g. a SECRET_KEY needs its algorithm)
      const why = typeof parent.errorMessage === 'string' ? ` (${parent.errorMessage})` : '';
      return { path, at: 'key', message: `${where}: missing required ${noun} ${missing.join(' and ')}${why}` };
    }
    case 'type':
      return { path, at: 'value', message: `${where}: expected ${describeType(String(params.type))}, found ${describeValue(error.data)}` };
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map(String) : [];
      const suggestion = suggestCasing(error.data, allowed);
      const tail = suggestion === undefined ? '' : `; did you mean ${suggestion}?`;
      return { path, at: 'value', message: `${where}: expected one of ${allowed.join(', ')}, found ${previewValue(error.data)}${tail}` };
    }
    case 'const':
      return { path, at: 'value', message: `${where}: expected ${JSON.stringify(params.allowedValue)}, found ${previewValue(error.data)}` };
    case 'pattern': {
      const hint = typeof parent.patternErrorMessage === 'string' ? parent.patternErrorMessage : 'has an invalid form';
      return { path, at: 'value', message: `${where}: ${hint}` };
    }
    case 'minLength':
      return { path, at: 'value', message: `${where}: must not be empty` };
    case 'minimum':
      return { path, at: 'value', message: `${where}: must be at least ${String(params.limit)}` };
    case 'minProperties':
    case 'maxProperties':
      return { path, at: 'value', message: `${where}: ${describeEntryCount(path, parent, error.data)}` };
    case 'not':
      return {
        path,
        at: 'key',
        message: `${where}: ${typeof parent.errorMessage === 'string' ? parent.errorMessage : 'is not allowed here'}`,
      };
    default:
      return { path, at: 'value', message: `${where}: ${error.message ?? 'is invalid'}` };
  }
}

/**
 * JSON Pointer (`/projects/a~1b`) to path segments; `~1` and `~0` are its escapes.
 * Segments into lists become numbers, which the pointer itself cannot tell apart from
 * names like `0`, so the data is walked alongside.
 */
function parseInstancePath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let current = data;
  for (const raw of pointer.slice(1).split('/')) {
    const name = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) {
      path.push(Number(name));
      current = current[Number(name)] as unknown;
    } else {
      path.push(name);
      current = isRecord(current) && Object.hasOwn(current, name) ? current[name] : undefined;
    }
  }
  return path;
}

/** Messages are sentences: they end with a full stop unless they ask a question. */
function endSentence(message: string): string {
  return /[.?!]$/.test(message) ? message : `${message}.`;
}

/** What a refused mapping key breaks: the name pattern, or a rule with its own message (`.` and `..`). */
function describeNameRule(keyword: string, parent: AnySchema): string {
  if (keyword === 'pattern' && typeof parent.patternErrorMessage === 'string') return parent.patternErrorMessage;
  if (keyword === 'not' && typeof parent.errorMessage === 'string') return parent.errorMessage;
  return 'is not a valid name';
}

/**
 * The allowed value that a string differs from only in letter case (`aes` → `AES`): closed
 * sets are case-sensitive, as the Manager is. Near misses of other kinds are left to the
 * listed values, which are few.
 */
function suggestCasing(value: unknown, allowed: readonly string[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return allowed.find((candidate) => candidate !== value && candidate.toLowerCase() === lower);
}

function describeNameKind(parentPath: readonly PathSegment[]): string {
  switch (parentPath.at(-1)) {
    case 'projects':
      return 'project name';
    case 'keys':
      return 'key name';
    case 'environments':
      return 'environment name';
    default:
      return 'name';
  }
}

function describeEntryCount(path: readonly PathSegment[], parent: AnySchema, data: unknown): string {
  if (parent.maxProperties === 1 && isRecord(parent.properties)) {
    const known = Object.keys(parent.properties);
    const choices = known.join(', ');
    // unknown names may be swallowed material from a broken line
    const given = (isRecord(data) ? Object.keys(data) : []).map((field) =>
      known.includes(field) ? field : quoteAlways(redactSecretLike(field)),
    );
    return given.length === 0
      ? `expected exactly one of ${choices}, found none`
      : `expected exactly one of ${choices}, found ${given.join(' and ')}`;
  }
  return `expected at least ${String(parent.minProperties)} entries`;
}
