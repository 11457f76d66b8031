/** Runs this long from the base64 alphabet could be key material. */
const TOKEN_RUN = /[A-Za-z0-9+/=_-]{16,}/g;

/**
 * Text from the user's file with anything that may be key material cut out, for echoing
 * in messages. A broken line can turn inline base64 into a field name or a stray token
 * (`{ base64:!!int "…" }` is one long key), so echoed names and parser fragments pass
 * through here. Lower-case hyphenated words and short camelCase identifiers (field-name
 * typos) are kept; long mixed runs become `…`.
 */
export function redactSecretLike(text: string): string {
  return text.replace(TOKEN_RUN, (run) => (looksLikeWord(run) ? run : '…'));
}

function looksLikeWord(run: string): boolean {
  if (/^[a-z][a-z/-]*$/.test(run)) return true;
  // random base64 this long almost never lacks digits and symbols and has this few capitals
  return /^[A-Za-z]{16,20}$/.test(run) && (run.match(/[A-Z]/g) ?? []).length <= 3;
}
