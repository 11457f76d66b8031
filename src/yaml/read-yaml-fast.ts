import { load } from 'js-yaml';
import { CORE_SCHEMA_MIRROR, mayBeNonStringKey } from './core-schema-mirror.js';
import { isLineOriented } from './is-line-oriented.js';

/**
 * Text the fast parser is not trusted with, because the two parsers may read it
 * differently or only the position-keeping reader enforces a guarantee on it:
 * - tags, anchors and aliases (`!`, `&`, `*` where a token starts): unsupported tags and
 *   alias bombs are refused there, and js-yaml has no alias limit;
 * - explicit keys (`? `), directives (`%` at a line start), merge keys (`<<`), and a flow
 *   collection used as a key (`]:` / `}:`), which js-yaml and `yaml` stringify differently;
 * - a line starting with `---` or `...` not followed by a space (js-yaml takes `---a` for
 *   a document start, `yaml` and the YAML spec for a plain scalar);
 * - a block scalar with an explicit indentation indicator (`|2`, `>-1`), whose
 *   whitespace-only lines js-yaml keeps and `yaml` drops;
 * - a `#` right after a quote or a closing bracket, a comment js-yaml allows there and
 *   `yaml` refuses (a comment needs white space before it);
 * - tabs, a lone CR, control and other non-printable characters, NEL, line and paragraph
 *   separators and a BOM inside the text, whose handling differs between parsers.
 * It over-matches (a `*` after a space inside quotes, `a ? b` in a description): such a
 * file is just read the slow way. Only the speed depends on this list, never the result.
 */
const NEEDS_SLOW_READER =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /(?:^|[\s[{,:])[!&*]|(?:^|[\s[{,])\?(?=\s|$)|^%|^(?:---|\.\.\.)(?=[^\s])|[|>][-+]?[0-9]|[\]}"']#|<<|[\]}]\s*:|\t|\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/mu;

/**
 * Keys longer than this go to the slow reader: `yaml` refuses an implicit key that runs
 * more than 1024 characters (escapes included) before its `:`, js-yaml has no such limit.
 */
const MAX_FAST_KEY_LENGTH = 150;

/** What {@link readPlainYamlFast} returns when it can vouch for the data. */
export interface FastYamlResult {
  readonly data: unknown;
}

/**
 * The plain data of one YAML document read with js-yaml (10–20× faster than the
 * position-keeping reader, and no syntax tree to collect), or undefined whenever the
 * answer could differ from what {@link readYamlDocument} would produce or refuse: a
 * construct listed at {@link NEEDS_SLOW_READER}, a scalar spanning lines or a block
 * scalar ({@link isLineOriented}), a key that may have been written as a number, boolean
 * or null ({@link mayBeNonStringKey}: js-yaml stringifies those by value, losing what the
 * position-keeping reader refuses; `~` even becomes `"null"`), an over-long key, or anything
 * js-yaml rejects (syntax, duplicate keys, several documents, nesting too deep). The
 * caller then reads the file with positions, which decides and words every error.
 * `text` is already decoded and within the size limit ({@link readDocumentText}).
 */
export function readPlainYamlFast(text: string): FastYamlResult | undefined {
  if (NEEDS_SLOW_READER.test(text) || !isLineOriented(text)) return undefined;
  let data: unknown;
  try {
    data = load(text, { schema: CORE_SCHEMA_MIRROR, json: false });
  } catch {
    return undefined;
  }
  // an empty document is null in `yaml`, undefined in js-yaml
  if (data === undefined) data = null;
  return hasOnlyPlainKeys(data) ? { data } : undefined;
}

/** Every mapping key is one both parsers spell the same, and a string in both. Iterative: no stack to overflow. */
function hasOnlyPlainKeys(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (key.length > MAX_FAST_KEY_LENGTH || mayBeNonStringKey(key)) return false;
      pending.push(item);
    }
  }
  return true;
}
