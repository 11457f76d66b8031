/**
 * True for canonical, padded, non-empty base64 (what `Buffer#toString('base64')` writes).
 * Strict on purpose: a client that sends line-wrapped or unpadded base64 should find out
 * here rather than from a real Manager.
 */
export function isCanonicalBase64(text: string): boolean {
  if (text.length === 0 || text.length % 4 !== 0) return false;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return false;
  return Buffer.from(text, 'base64').toString('base64') === text;
}
