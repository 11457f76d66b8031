import { FAILSAFE_SCHEMA, Type, type Schema } from 'js-yaml';

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
    scalarType('null', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    scalarType('bool', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === 't' || text[0] === 'T']]),
    scalarType('int', [
      [/^0o[0-7]+$/, (text) => parseInt(text.substring(2), 8)],
      [/^[-+]?[0-9]+$/, (text) => parseInt(text, 10)],
      [/^0x[0-9a-fA-F]+$/, (text) => parseInt(text.substring(2), 16)],
    ]),
    scalarType('float', [
      [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, readSpecialFloat],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (text) => parseFloat(text)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (text) => parseFloat(text)],
    ]),
  ],
});

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
