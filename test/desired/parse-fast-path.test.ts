import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AppError, formatErrorLine } from '../../src/common/app-error.js';
import { Secret } from '../../src/common/secret.js';
import { mergeDesiredDocuments } from '../../src/desired/merge-desired-documents.js';
import {
  parseDesiredDocument,
  parseWithoutPositions,
  parseWithPositions,
  type DocumentInput,
  type ParsedDocument,
} from '../../src/desired/parse-desired-document.js';

// Both paths must accept and reject the same documents and make the same desired state:
// the fast one (js-yaml, lazy positions) may only ever answer where the position-keeping
// one agrees, and where it declines, the answer is the slow path's.

const FILE = 'fast.yaml';
const FIXTURE = fileURLToPath(new URL('./fixtures/full/apinizer-keys.yaml', import.meta.url));

/** Scalars the two parsers (YAML 1.1 habits vs 1.2) or their schemas could read differently. */
const TRICKY = [
  ...['yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'ON', '~', 'null', 'Null', 'NULL', 'true', 'True', 'FALSE', 'tRue'],
  ...['1', '0o17', '017', '0x1F', '0X1F', '0b101', '1_000', '1,000', '2001-12-14', '2001-12-14T21:59:43Z', '12:30:00'],
  ...['1e3', '1E3', '.5', '5.', '+1', '-0', '+0.0', '.inf', '-.Inf', '+.INF', '.NaN', '.nan', '1:20', '<<', '=', ''],
  ...['123456789012345678901234567890', '0.1e-400', ' lead', 'trail ', 'a: b', 'a #b', '#x', '-x', '- x', '?x', '? x'],
  ...['@x', '`x', '%x', 'a\nb', 'a\n\nb', 'é', '😀', '"q"', "'s'", '[x]', '{x}', '*x', '&x', '!x', '\\', 'a\\nb', 'a\tb'],
  ...['__proto__', 'constructor', 'toString', 'hasOwnProperty', '...', '---', 'a,b', 'x:', ':x', 'a]b', '\u0085', '\u2028'],
];
const ENUMS = ['SECRET_KEY', 'PRIVATE_KEY', 'PUBLIC_KEY', 'AES', 'HMAC', 'NULLIFY', 'DELETE', 'UPDATE', 'SAME_PROJECT', 'absent'];

/** How a scalar is written: every style, including plain where it may not even be valid YAML. */
type Style = 'plain' | 'single' | 'double' | 'json' | 'literal' | 'folded';

function writeScalar(text: string, style: Style, indent: string): string {
  switch (style) {
    case 'plain':
      return text;
    case 'single':
      return `'${text.replaceAll("'", "''")}'`;
    case 'double':
      return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n').replaceAll('\t', '\\t')}"`;
    case 'json':
      return JSON.stringify(text);
    case 'literal':
    case 'folded':
      return `${style === 'literal' ? '|' : '>'}-\n${text
        .split('\n')
        .map((line) => `${indent}  ${line}`)
        .join('\n')}`;
  }
}

const text = fc.oneof(fc.constantFrom(...TRICKY), fc.constantFrom(...ENUMS), fc.string({ maxLength: 8 }), fc.constantFrom('k', 'prod'));
const style = fc.constantFrom<Style>('plain', 'plain', 'plain', 'single', 'double', 'json', 'literal', 'folded');
const keyStyle = fc.constantFrom<Style>('plain', 'plain', 'single', 'double');
const scalar = fc.record({ text, style });
const name = fc.record({ text: fc.oneof(text, fc.constantFrom('payments', 'jwt', 'production')), style: keyStyle });

const environment = fc.record({
  name,
  alias: fc.option(scalar, { nil: undefined }),
  source: fc.constantFrom('file', 'env', 'env', 'file', 'base64', 'none', 'two'),
  value: scalar,
  flow: fc.boolean(),
});
const enumValue = fc.record({ text: fc.constantFrom(...ENUMS), style: keyStyle });
const plain = (...texts: string[]): fc.Arbitrary<{ text: string; style: Style }> =>
  fc.record({ text: fc.constantFrom(...texts), style: fc.constant<Style>('plain') });
/** A setting's value: mostly of the right kind for the field (tricky spellings included), sometimes anything. */
const SETTING_VALUES: Readonly<Record<string, fc.Arbitrary<{ text: string; style: Style }>>> = {
  jwkDeleteAction: fc.record({ text: fc.constantFrom('NULLIFY', 'DELETE', 'nullify'), style: keyStyle }),
  updateScope: fc.record({ text: fc.constantFrom('SAME_PROJECT', 'ALL_PROJECTS'), style: keyStyle }),
  prune: plain('true', 'false', 'True', 'FALSE', 'yes', 'on', '~'),
  allowEmpty: plain('true', 'false', 'TRUE', 'off'),
  maxDeletions: plain('3', '0x3', '0o3', '+3', '1e1', '3.0', '-1', '1_0'),
  ignore: plain('[]', '[ prod-* ]', '[ "*" ]', '[a, b]', '[ yes, ~ ]', "[ 'x' ]"),
  protect: plain('[]', '[ prod-* ]', '[ "*" ]', '[a, b]', '[ on, 017 ]'),
};
const setting = (fields: string[]): fc.Arbitrary<[string, { text: string; style: Style }]> =>
  fc
    .constantFrom(...fields)
    .chain((field) => fc.tuple(fc.constant(field), fc.oneof({ arbitrary: SETTING_VALUES[field]!, weight: 5 }, scalar)));
const keyField = fc.oneof(
  { arbitrary: fc.tuple(fc.constant('description'), scalar), weight: 4 },
  { arbitrary: fc.tuple(fc.constantFrom('state', 'algorithm', 'jwkDeleteAction'), enumValue), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom('type', 'state', 'protect', 'descripton'), scalar), weight: 1 },
);
const key = fc.record({
  name,
  type: fc.option(enumValue, { nil: undefined, freq: 5 }),
  fields: fc.uniqueArray(keyField, { maxLength: 3, selector: ([field]) => field }),
  environments: fc.array(environment, { maxLength: 2 }),
});
const project = fc.record({
  name,
  settings: fc.uniqueArray(setting(['prune', 'allowEmpty', 'maxDeletions', 'jwkDeleteAction', 'updateScope']), {
    maxLength: 2,
    selector: ([field]) => field,
  }),
  keys: fc.array(key, { maxLength: 3 }),
});
const documentShape = fc.record({
  version: fc.oneof(
    fc.constantFrom('1', '1.0', '0x1', '0o1', '+1', '1e0', '01', '"1"', '2', '0', 'one', '!!int 1', '&v 1'),
    fc.constant('1'),
  ),
  defaults: fc.option(
    fc.uniqueArray(setting(['jwkDeleteAction', 'prune', 'ignore', 'protect', 'maxDeletions']), {
      minLength: 1,
      maxLength: 3,
      selector: ([field]) => field,
    }),
    { nil: undefined, freq: 2 },
  ),
  projects: fc.array(project, { maxLength: 3 }),
  indent: fc.constantFrom('  ', '    '),
  crlf: fc.boolean(),
  marker: fc.constantFrom('', '---\n', '%YAML 1.2\n---\n', '# comment\n'),
  trailer: fc.constantFrom('', '', '', '', '', '...\n', '# end\n', '---\nversion: 1\n'),
});

type Shape = typeof documentShape extends fc.Arbitrary<infer T> ? T : never;

/** Writes a generated shape as YAML text, block or flow, the way people write these files. */
function writeDocument(shape: Shape): string {
  const i = shape.indent;
  const out: string[] = [`version: ${shape.version}`];
  if (shape.defaults) {
    out.push('defaults:');
    for (const [field, value] of shape.defaults) out.push(`${i}${field}: ${writeScalar(value.text, value.style, i)}`);
  }
  if (shape.projects.length > 0) out.push('projects:');
  for (const p of shape.projects) {
    out.push(`${i}${writeScalar(p.name.text, p.name.style, i)}:`);
    for (const [field, value] of p.settings) out.push(`${i}${i}${field}: ${writeScalar(value.text, value.style, i + i)}`);
    if (p.keys.length > 0) out.push(`${i}${i}keys:`);
    const k3 = i + i + i;
    for (const k of p.keys) {
      out.push(`${k3}${writeScalar(k.name.text, k.name.style, k3)}:`);
      if (k.type) out.push(`${k3}${i}type: ${writeScalar(k.type.text, k.type.style, k3 + i)}`);
      for (const [field, value] of k.fields) out.push(`${k3}${i}${field}: ${writeScalar(value.text, value.style, k3 + i)}`);
      if (k.environments.length > 0) out.push(`${k3}${i}environments:`);
      const e5 = k3 + i + i;
      for (const env of k.environments) {
        const envName = writeScalar(env.name.text, env.name.style, e5);
        const value = writeScalar(
          env.value.text,
          env.flow && env.value.style !== 'literal' && env.value.style !== 'folded' ? env.value.style : 'json',
          e5,
        );
        const content =
          env.source === 'none' ? '{}' : env.source === 'two' ? `{ file: a.pem, env: ${value} }` : `{ ${env.source}: ${value} }`;
        const alias = env.alias
          ? `alias: ${writeScalar(env.alias.text, env.alias.style === 'literal' || env.alias.style === 'folded' ? 'double' : env.alias.style, e5)}, `
          : '';
        if (env.flow) out.push(`${e5}${envName}: { ${alias}content: ${content} }`);
        else {
          out.push(`${e5}${envName}:`);
          if (env.alias) out.push(`${e5}${i}${alias.slice(0, -2)}`);
          out.push(`${e5}${i}content: ${content}`);
        }
      }
    }
  }
  const body = `${shape.marker}${out.join('\n')}\n${shape.trailer}`;
  return shape.crlf ? body.replaceAll('\n', '\r\n') : body;
}

/** A desired state with every lazy location read and every secret revealed, for comparison. */
function expose(documents: readonly ParsedDocument[]): unknown {
  const reveal = (value: unknown): unknown => {
    if (value instanceof Secret) return { secret: value.reveal() };
    if (Array.isArray(value)) return value.map(reveal);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, reveal(inner)]));
    }
    return value;
  };
  return reveal(mergeDesiredDocuments(documents));
}

type Outcome = { ok: true; doc: ParsedDocument } | { ok: false; error: AppError };

function attempt(parse: () => ParsedDocument): Outcome {
  try {
    return { ok: true, doc: parse() };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ok: false, error };
  }
}

const describeOutcome = (outcome: Outcome): unknown =>
  outcome.ok
    ? { body: outcome.doc.body, state: expose([outcome.doc]) }
    : { code: outcome.error.code, text: formatErrorLine(outcome.error), location: outcome.error.location, details: outcome.error.details };

/** Checks one document on both paths; says which path answered. */
function checkBothPaths(content: string | Uint8Array): 'fast' | 'slow' | 'rejected' {
  const input: DocumentInput = { content, file: FILE, baseDir: '/work' };
  const slow = attempt(() => parseWithPositions(input));
  const fast = (() => {
    try {
      return parseWithoutPositions(input);
    } catch (error) {
      // only the shared size and UTF-8 checks may throw here, and then exactly as the slow path does
      expect(slow.ok).toBe(false);
      expect(error).toEqual(!slow.ok && slow.error);
      return undefined;
    }
  })();
  const combined = attempt(() => parseDesiredDocument(input));
  if (fast) {
    // the fast path answered: the slow one must accept the same and make the same desired state
    expect(slow.ok).toBe(true);
    if (slow.ok) {
      expect(fast.body).toStrictEqual(slow.doc.body);
      expect(fast.sha256).toBe(slow.doc.sha256);
      expect(expose([fast])).toStrictEqual(expose([slow.doc]));
    }
  }
  expect(describeOutcome(combined)).toStrictEqual(describeOutcome(slow));
  return fast ? 'fast' : slow.ok ? 'slow' : 'rejected';
}

describe('parseDesiredDocument: the fast path and the position-keeping path agree', () => {
  it('on generated documents with tricky scalars, every scalar style, block and flow, CRLF, markers', () => {
    const seen = { fast: 0, slow: 0, rejected: 0 };
    fc.assert(
      fc.property(documentShape, (shape) => {
        seen[checkBothPaths(writeDocument(shape))] += 1;
      }),
      { numRuns: 1000 },
    );
    // not vacuous: the generator reaches all three outcomes
    expect(seen.fast).toBeGreaterThan(50);
    expect(seen.slow).toBeGreaterThan(5);
    expect(seen.rejected).toBeGreaterThan(50);
  });

  it('on the full fixture, which takes the fast path', () => {
    expect(checkBothPaths(readFileSync(FIXTURE))).toBe('fast');
  });

  it.each([
    ['an alias bomb', 'version: 1\na: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c, *c]\n'],
    ['a merge key', 'version: 1\nprojects:\n  p: &p { keys: {} }\n  q:\n    <<: *p\n'],
    ['a duplicate key', 'version: 1\nprojects:\n  p: {}\n  p: {}\n'],
    ['an unknown tag', 'version: 1\nprojects: !custom {}\n'],
    ['a YAML 1.1 directive', '%YAML 1.1\n---\nversion: 1\nprojects:\n  p:\n    prune: yes\n'],
    ['a null key', 'version: 1\nprojects:\n  ~: {}\n'],
    ['number keys', 'version: 1\nprojects:\n  1.10: {}\n  p:\n    keys: { 0x1F: { state: absent }, .inf: { state: absent } }\n'],
    ['quoted number keys', 'version: 1\nprojects:\n  "1.10": {}\n  p:\n    keys: { \'0x1F\': { state: absent } }\n'],
    ['a boolean key', 'version: 1\nprojects:\n  true: {}\n'],
    ['an empty key', 'version: 1\nprojects:\n  "": {}\n'],
    ['a collection key', 'version: 1\nprojects:\n  [p]: {}\n'],
    ['an explicit key', 'version: 1\nprojects:\n  ? p\n  : {}\n'],
    ['a long key', `version: 1\nprojects:\n  ${'p'.repeat(1100)}: {}\n`],
    ['a tab', 'version: 1\nprojects:\n\tp: {}\n'],
    ['a version 2', 'version: 2\n'],
    ['an octal version', 'version: 0o1\n'],
    ['YAML 1.1 booleans', 'version: 1\nprojects:\n  p:\n    prune: yes\n    allowEmpty: on\n'],
    ['two documents', 'version: 1\n---\nversion: 1\n'],
    ['an empty file', ''],
    ['bytes that are not UTF-8', new Uint8Array([0x76, 0x3a, 0x20, 0xff, 0x0a])],
  ])('on %s', (_what, content) => {
    checkBothPaths(content);
  });
});
