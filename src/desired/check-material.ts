import type { KeyType } from '../core/model/domain.js';

/** Matches PEM armour lines; only the label (e.g. `RSA PRIVATE KEY`) is captured, never the body. */
const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{1,40})-----/g;

/**
 * Why material is unusable for a key of `type`, or undefined when it looks fine. Catches
 * empty content and, for PEM text, a key of the wrong kind: a private key declared as
 * PUBLIC_KEY (which would publish it) or a public key or certificate declared as PRIVATE_KEY.
 * The answer names PEM labels only, never content.
 */
export function findMaterialProblem(type: KeyType | undefined, bytes: Uint8Array): string | undefined {
  if (isBlank(bytes)) return 'the content is empty';
  const labels = readPemLabels(bytes);
  if (labels.length === 0) return undefined;
  const privateLabel = labels.find((label) => label.includes('PRIVATE KEY'));
  if (type === 'PUBLIC_KEY' && privateLabel) {
    return `the key type is PUBLIC_KEY, but the content is a private key (PEM ${privateLabel})`;
  }
  if (type === 'PRIVATE_KEY' && !privateLabel && labels.every(isPublicLabel)) {
    return `the key type is PRIVATE_KEY, but the content holds no private key, only PEM ${[...new Set(labels)].join(', ')}`;
  }
  return undefined;
}

function readPemLabels(bytes: Uint8Array): string[] {
  // latin1 maps every byte to one character, so binary material cannot make decoding fail
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!text.includes('-----BEGIN ')) return [];
  return [...text.matchAll(PEM_BEGIN)].map((match) => match[1] ?? '');
}

function isPublicLabel(label: string): boolean {
  return label.endsWith('PUBLIC KEY') || label.includes('CERTIFICATE');
}

/** No bytes, or only ASCII whitespace: nothing a key could be made from. */
function isBlank(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return true;
}
