import { escapeMarkdownLineStart, escapeMarkdownText } from './markdown-text.js';
import { countNoun, describeJwkChange, describeJwkChangeTotals, type JwkChange } from './wording.js';

/** Caps on single pieces of one item, in escaped code units. */
const ADDRESS_LIMIT = 300;
const JWK_NAME_LIMIT = 100;
/** The JWK names of one key: past this, `and N more`. */
const JWK_NAMES_LIMIT = 400;

/**
 * The warning block naming every delete and update that deletes, detaches or re-parses JWKs
 * made from its key: the key, what happens to its JWKs and which setting (and where it was
 * set) says so, and the JWK names (up to about 400 code units per key, then `and N more`).
 * Keys are listed in plan order within `budget` code units, then counted; the head (with
 * the totals) and that count are always there, so not even one key can go unmentioned.
 * Such a change is easy to miss in a table among a thousand creates, and a detached JWK
 * stops validating tokens signed with the new key, with nothing to undo it.
 */
export function renderJwkWarning(changes: readonly JwkChange[], refused: boolean, budget: number): string {
  const totals = describeJwkChangeTotals(changes);
  const lead = refused ? `**This plan would affect ${totals.jwks}**` : `**Applying this plan affects ${totals.jwks}**`;
  const lines = ['> [!WARNING]', `> ${lead}: ${totals.effects}.`];
  const more = (left: number) =>
    `> - _${countNoun(left, 'more key')} whose JWKs change, not listed here; the plan's text or JSON output lists them all._`;
  let length = lines.join('\n').length;
  const reserve = more(changes.length).length + 1;
  for (const [i, entry] of changes.entries()) {
    const item = `> - ${escapeMarkdownLineStart(entry.address, ADDRESS_LIMIT)}: ${escapeMarkdownText(describeJwkChange(entry))}: ${listJwkNames(entry)}`;
    const last = i === changes.length - 1;
    if (length + item.length + 1 + (last ? 0 : reserve) > budget) {
      lines.push(more(changes.length - i));
      break;
    }
    lines.push(item);
    length += item.length + 1;
  }
  return lines.join('\n');
}

/** The key's JWK names, escaped and comma-separated, up to {@link JWK_NAMES_LIMIT}, then `and N more`. */
function listJwkNames(entry: JwkChange): string {
  const names = entry.affectedJwks.map((jwk) => escapeMarkdownText(jwk.name, JWK_NAME_LIMIT));
  const shown: string[] = [];
  let length = 0;
  for (const [i, name] of names.entries()) {
    const tail = i === names.length - 1 ? 0 : ` and ${names.length - i} more`.length;
    if (shown.length > 0 && length + name.length + 2 + tail > JWK_NAMES_LIMIT) return `${shown.join(', ')} and ${names.length - i} more`;
    shown.push(name);
    length += name.length + 2;
  }
  return shown.join(', ');
}
