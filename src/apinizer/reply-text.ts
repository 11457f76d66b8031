/**
 * What a Manager's error text says. The current reference answers most problems with a 400
 * and a descriptive text, so the text — not the status alone — tells a missing key from a
 * missing project, a conflict or a missing permission.
 */

/** A resource a reply says does not exist. */
export interface MissingResource {
  readonly kind: 'project' | 'key' | 'JWK';
  /** The name the text gives, when it gives one. */
  readonly name?: string;
}

// `Key (name: my-key) is not found!`, `Project (P) is not found or user does not have
// privilege to access it!`, legacy `Project(P) was not found …`, `JWK (name: j) is not found!`.
const NAMED_MISSING = /^\W*(project|key|jwk)\s*\(\s*(?:name:\s*)?(.*)\)\s*(?:is|was)\s+not\s+found/i;
// A project by any wording ("Project not found for name: (P)"); a key or JWK only by the bare
// sentence: "Key environment production is not found" is about something else.
const UNNAMED_MISSING = /^\W*(?:(project)\b[^.!]*\bnot\s+found|(key|jwk)\s+(?:(?:is|was)\s+)?not\s+found\W*$)/i;

/** The resource the text says is not found, or undefined when it says no such thing. */
export function readMissingResource(text: string | undefined): MissingResource | undefined {
  if (text === undefined) return undefined;
  const named = NAMED_MISSING.exec(text);
  if (named !== null) return { kind: toKind(named[1]!), name: named[2]!.trim() };
  const unnamed = UNNAMED_MISSING.exec(text);
  return unnamed === null ? undefined : { kind: toKind((unnamed[1] ?? unnamed[2])!) };
}

/** `Key (name: k) is already exist! …`. */
export function saysAlreadyExists(text: string | undefined): boolean {
  return text !== undefined && /already exist/i.test(text);
}

/** `User does not have required permission for this operation!` (never the project-not-found text, checked first). */
export function saysPermissionMissing(text: string | undefined): boolean {
  return text !== undefined && /(does not have|lacks?)\s+(the\s+)?required\s+permission|permission\s+denied|not\s+permitted/i.test(text);
}

/** `Token was expired!`, OAuth `token_expired`, `expired token`. */
export function saysTokenExpired(text: string | undefined): boolean {
  return text !== undefined && /\btoken[\s_]+(?:was|is|has\s+been|has)?\s*expired\b|\bexpired[\s_]+token\b/i.test(text);
}

/** `Token is not valid!`, OAuth `invalid_token`: the Manager no longer takes a token it once gave (after a restart). */
export function saysTokenInvalid(text: string | undefined): boolean {
  return text !== undefined && /\btoken[\s_]+is[\s_]+not[\s_]+valid\b|\binvalid[\s_]+token\b/i.test(text);
}

function toKind(word: string): MissingResource['kind'] {
  const lower = word.toLowerCase();
  return lower === 'project' ? 'project' : lower === 'key' ? 'key' : 'JWK';
}
