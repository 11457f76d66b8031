import { isRecord } from '../../common/json.js';
import type { RecordedExchange } from '../model/recording.js';

type NameKind = 'project' | 'key' | 'jwk' | 'environment';

/** Free-text fields that may name hosts, people or purposes: replaced whole when anonymizing. */
const FREE_TEXT_FIELDS = new Set(['description', 'accessUrl', 'sourceUrl', 'kid', 'alias']);

/** Fields whose values are the API's own words (SUCCESS, SECRET_KEY, AES, PRODUCTION, ...), never names: kept even when a name equals one. */
const FIXED_VALUE_FIELDS = new Set(['status', 'keyType', 'algorithm', 'type', 'sourceType', 'useType', 'token_type', 'success']);

/** Characters a name is made of, for finding it inside a message without matching part of a longer word. */
const NAME_CHAR = /[\p{L}\p{N}_.-]/u;

/**
 * Replaces project, key, JWK and environment names consistently: one name gets one stand-in
 * (`project-1`, `key-2`, …) everywhere, in path segments, query values, bodies and inside
 * the Manager's messages; descriptions, aliases and URLs become `(anonymized)`. Names are
 * taken from where the API puts them (path segments, list entries), not guessed from text.
 */
export function anonymizeExchanges(exchanges: readonly RecordedExchange[]): RecordedExchange[] {
  const names = withEncodedForms(collectNames(exchanges));
  const replace = (text: string): string => names.get(text) ?? replaceInText(text, names);
  return exchanges.map((exchange) => ({
    ...exchange,
    // Only the segments where the API puts names: the fixed words of a path (auth, token,
    // keys, ...) stay, or the recording would no longer replay when a name equals one.
    path: exchange.path
      .split('/')
      .map((segment, index, segments) =>
        isNameSegment(segments.map(safeDecode), index) ? encodeURIComponent(replace(safeDecode(segment))) : segment,
      )
      .join('/'),
    ...(exchange.location === undefined ? {} : { location: '(anonymized)' }),
    query: Object.fromEntries(Object.entries(exchange.query).map(([name, value]) => [name, replace(value)])),
    ...(exchange.requestBody === undefined ? {} : { requestBody: anonymizeValue(exchange.requestBody, replace) }),
    ...(exchange.replyBody === undefined ? {} : { replyBody: anonymizeValue(exchange.replyBody, replace) }),
  }));
}

function anonymizeValue(value: unknown, replace: (text: string) => string, field?: string): unknown {
  if (typeof value === 'string') {
    if (field !== undefined && FIXED_VALUE_FIELDS.has(field)) return value;
    return field !== undefined && FREE_TEXT_FIELDS.has(field) && value !== '' ? '(anonymized)' : replace(value);
  }
  if (Array.isArray(value)) return value.map((item) => anonymizeValue(item, replace));
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, anonymizeValue(item, replace, name)]));
}

/** Every name the exchanges carry, each with its stand-in, numbered per kind in order of first appearance. */
function collectNames(exchanges: readonly RecordedExchange[]): Map<string, string> {
  const names = new Map<string, string>();
  const counters: Record<NameKind, number> = { project: 0, key: 0, jwk: 0, environment: 0 };
  const add = (kind: NameKind, name: unknown) => {
    if (typeof name !== 'string' || name === '' || names.has(name)) return;
    counters[kind] += 1;
    names.set(name, `${kind}-${counters[kind]}`);
  };
  for (const exchange of exchanges) {
    const segments = exchange.path.split('/').map(safeDecode);
    if (segments[0] === 'projects' && segments.length > 2) add('project', segments[1]);
    if (segments[0] === 'environments' && segments.length > 1) add('project', segments[1]);
    if (segments[2] === 'keys' && segments.length > 4) add('key', segments[3]);
    if (segments[2] === 'jwks' && segments.length > 4) add('jwk', segments[3]);
    if (exchange.query['environmentName'] !== undefined) add('environment', exchange.query['environmentName']);
    const list = isRecord(exchange.replyBody) ? exchange.replyBody['resultList'] : undefined;
    if (!Array.isArray(list)) continue;
    const kind = listKind(segments);
    for (const item of list.filter(isRecord)) {
      if (kind !== undefined) add(kind, item['name']);
      const entries = item['cryptoKeyInfoEnvironmentList'];
      if (Array.isArray(entries)) for (const entry of entries.filter(isRecord)) add('environment', entry['environmentName']);
    }
  }
  return names;
}

function listKind(segments: readonly string[]): NameKind | undefined {
  if (segments[0] === 'projects' && segments.length <= 2) return 'project';
  if (segments[0] === 'environments' || segments[2] === 'environments') return 'environment';
  if (segments[2] === 'keys') return 'key';
  if (segments[2] === 'jwks') return 'jwk';
  return undefined;
}

/** Each known name inside a text, where it stands as a whole word; longest names first. */
function replaceInText(text: string, names: ReadonlyMap<string, string>): string {
  let result = text;
  for (const name of [...names.keys()].sort((a, b) => b.length - a.length)) {
    let from = 0;
    for (let index = result.indexOf(name, from); index !== -1; index = result.indexOf(name, from)) {
      const before = result[index - 1];
      const after = result[index + name.length];
      const whole = (before === undefined || !NAME_CHAR.test(before)) && (after === undefined || !NAME_CHAR.test(after));
      const replacement = whole ? names.get(name)! : name;
      result = result.slice(0, index) + replacement + result.slice(index + name.length);
      from = index + replacement.length;
    }
  }
  return result;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Whether a path segment is where the API puts a name: `projects/{p}/...`, `environments/{p}`, `.../keys/{k}/`, `.../jwks/{j}/`. */
function isNameSegment(segments: readonly string[], index: number): boolean {
  if (index === 1) return (segments[0] === 'projects' && segments.length > 2) || segments[0] === 'environments';
  return index === 3 && segments[0] === 'projects' && (segments[2] === 'keys' || segments[2] === 'jwks');
}

/** The names with their percent-encoded forms too (a Manager's texts quote paths as sent: `Acme%20%C3%96deme`). */
function withEncodedForms(names: ReadonlyMap<string, string>): Map<string, string> {
  const all = new Map(names);
  for (const [name, standIn] of names) {
    const encoded = encodeURIComponent(name);
    if (encoded !== name && !all.has(encoded)) all.set(encoded, standIn);
  }
  return all;
}
