import { readPemLabels, readPrivateKey, readPublicKey } from '../common/key-file.js';
import type { KeyType } from '../core/model/domain.js';

/**
 * Why material is unusable for a key of `type`, or undefined when it is fine. `source` says
 * where it came from (`file keys/a.pem`, `environment variable X`, `the inline base64`), for
 * messages. Catches empty content; a key of the wrong kind (a private key declared as
 * PUBLIC_KEY, which would publish it, or a public key or certificate declared as
 * PRIVATE_KEY); and content node:crypto cannot read as the declared kind: a PRIVATE_KEY must
 * parse as an unencrypted private key (PEM or DER), a PUBLIC_KEY as a public key or X.509
 * certificate (PEM, or DER SPKI / PKCS#1). A SECRET_KEY is raw bytes: any non-empty content.
 * The answer names PEM labels and the source only, never content (nor node's parse error,
 * which is no help to the user and not worth the risk).
 */
export function findMaterialProblem(type: KeyType | undefined, bytes: Uint8Array, source: string): string | undefined {
  if (isBlank(bytes)) return 'the content is empty';
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const labels = readPemLabels(buffer);
  const privateLabel = labels.find((label) => label.includes('PRIVATE KEY'));
  if (type === 'PUBLIC_KEY' && privateLabel) {
    return `the key type is PUBLIC_KEY, but the content is a private key (PEM ${privateLabel})`;
  }
  if (type === 'PRIVATE_KEY' && labels.length > 0 && !privateLabel && labels.every(isPublicLabel)) {
    return `the key type is PRIVATE_KEY, but the content holds no private key, only PEM ${[...new Set(labels)].join(', ')}`;
  }
  const isPem = labels.length > 0;
  switch (type) {
    case 'PRIVATE_KEY':
      return findPrivateKeyProblem(buffer, isPem, privateLabel, source);
    case 'PUBLIC_KEY':
      return findPublicKeyProblem(buffer, isPem, source);
    default:
      return undefined;
  }
}

function findPrivateKeyProblem(buffer: Buffer, isPem: boolean, privateLabel: string | undefined, source: string): string | undefined {
  if (readPrivateKey(buffer, isPem) !== undefined) return undefined;
  if (privateLabel === 'ENCRYPTED PRIVATE KEY' || buffer.includes('Proc-Type: 4,ENCRYPTED')) {
    return `${source} holds an encrypted private key; the Manager takes no passphrase, so give it unencrypted`;
  }
  if (!isPem && readPublicKey(buffer, false) !== undefined) {
    return 'the key type is PRIVATE_KEY, but the content holds no private key, only a public key (DER)';
  }
  return `${source} does not hold a private key that can be read (PEM, or DER PKCS#8, PKCS#1 or SEC1)`;
}

function findPublicKeyProblem(buffer: Buffer, isPem: boolean, source: string): string | undefined {
  if (isPem) return readPublicKey(buffer, true) !== undefined ? undefined : describeUnreadablePublic(source);
  if (readPrivateKey(buffer, false) !== undefined) return 'the key type is PUBLIC_KEY, but the content is a private key (DER)';
  return readPublicKey(buffer, false) !== undefined ? undefined : describeUnreadablePublic(source);
}

function describeUnreadablePublic(source: string): string {
  return `${source} does not hold a public key or certificate that can be read (PEM, or DER SPKI or PKCS#1)`;
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
