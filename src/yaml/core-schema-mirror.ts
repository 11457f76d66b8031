import { FAILSAFE_SCHEMA, Type, type Schema } from 'js-yaml';

// The patterns of `yaml`'s core schema tags, shared by the schema and mayBeNonStringKey.
const NULL_FORMS: readonly ScalarForm[] = [[/^(?:~|[Nn]ull|NULL)?$/, () => null]];
const BOOL_FORMS: readonly ScalarForm[] = [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === 't' || text[0] === 'T']];
const INT_FORMS: readonly ScalarForm[] = [
  [/^0o[0-7]+$/, (text) => parseInt(text.substring(2), 8)],
  [/^[-+]?[0-9]+$/, (text) => parseInt(text, 10)],
  [/^0x[0-9a-fA-F]+$/, (text) => parseInt(text.substring(2), 16)],
];
const FLOAT_FORMS: readonly ScalarForm[] = [
  [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, readSpecialFloat],
  [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (text) => parseFloat(text)],
  [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (text) => parseFloat(text)],
];

/**
 * A js-yaml schema that resolves plain scalars exactly as the `yaml` package's YAML 1.2
 * core schema does (the position-keeping reader's): same patterns, same conversions. Left
 * out on purpose, so they stay strings as in YAML 1.2: js-yaml's YAML 1.1 leftovers, i.e.
 * `0b…` and `1_000` numbers, timestamps, `!!binary`, `!!set`, `!!omap`, `!!pairs` and the
 * `<<` merge key. (`yes`/`on` are strings in both parsers anyway.)
 */
export const CORE_SCHEMA_MIRROR: Schema = FAILSAFE_SCHEMA.extend({
  // one type per tag: js-yaml keeps only the last type of a tag
  implicit: [
    scalarType('null', NULL_FORMS),
    scalarType('bool', BOOL_FORMS),
    scalarType('int', INT_FORMS),
    scalarType('float', FLOAT_FORMS),
  ],
});

/** What `String()` makes of the numbers no core-schema pattern matches: js-yaml's key for `.inf`, `-.inf`, `.nan`. */
const NON_FINITE_TEXTS = new Set(['Infinity', '-Infinity', 'NaN']);

/**
 * Whether a mapping key js-yaml returns as `key` may have been written as a scalar that
 * the core schema reads as a number, boolean or null: js-yaml stringifies such a key by its
 * value (`0x1F` becomes `"31"`, `.inf` `"Infinity"`), so the text no longer tells whether
 * it was quoted. Over-matches on purpose (a quoted `'12'` too): only the position-keeping
 * reader can tell, and it refuses the unquoted ones.
 */
export function mayBeNonStringKey(key: string): boolean {
  if (NON_FINITE_TEXTS.has(key)) return true;
  return [NULL_FORMS, BOOL_FORMS, INT_FORMS, FLOAT_FORMS].some((forms) => forms.some(([pattern]) => pattern.test(key)));
}

/** A pattern of a plain scalar and what it becomes, as in `yaml`'s core schema tags. */
type ScalarForm = readonly [RegExp, (text: string) => unknown];

function scalarType(name: string, forms: readonly ScalarForm[]): Type {
  const findForm = (data: unknown): ScalarForm | undefined =>
    typeof data === 'string' ? forms.find(([pattern]) => pattern.test(data)) : undefined;
  return new Type(`tag:yaml.org,2002:${name}`, {
    kind: 'scalar',
    resolve: (data: unknown) => findForm(data) !== undefined,
    construct: (data: string) => findForm(data)?.[1](data),
  });
}

function readSpecialFloat(text: string): number {
  if (text.slice(-3).toLowerCase() === 'nan') return NaN;
  return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}
