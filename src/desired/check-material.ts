import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeyType } from '../core/model/domain.js';

/** Matches PEM armour lines; only the label (e.g. `RSA PRIVATE KEY`) is captured, never the body. */
const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{1,40})-----/g;

/** DER encodings node:crypto is asked to try, most common first. */
const PRIVATE_DER_TYPES = ['pkcs8', 'pkcs1', 'sec1'] as const;
const PUBLIC_DER_TYPES = ['spki', 'pkcs1'] as const;

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
  if (isPem ? parsesPrivatePem(buffer) : parsesPrivateDer(buffer)) return undefined;
  if (privateLabel === 'ENCRYPTED PRIVATE KEY' || buffer.includes('Proc-Type: 4,ENCRYPTED')) {
    return `${source} holds an encrypted private key; the Manager takes no passphrase, so give it unencrypted`;
  }
  if (!isPem && parsesPublicDer(buffer)) {
    return 'the key type is PRIVATE_KEY, but the content holds no private key, only a public key (DER)';
  }
  return `${source} does not hold a private key that can be read (PEM, or DER PKCS#8, PKCS#1 or SEC1)`;
}

function findPublicKeyProblem(buffer: Buffer, isPem: boolean, source: string): string | undefined {
  if (isPem) return parses(() => createPublicKey(buffer)) ? undefined : describeUnreadablePublic(source);
  if (parsesPrivateDer(buffer)) return 'the key type is PUBLIC_KEY, but the content is a private key (DER)';
  return parsesPublicDer(buffer) ? undefined : describeUnreadablePublic(source);
}

function describeUnreadablePublic(source: string): string {
  return `${source} does not hold a public key or certificate that can be read (PEM, or DER SPKI or PKCS#1)`;
}

function parsesPrivatePem(buffer: Buffer): boolean {
  // OpenSSL skips other PEM blocks, so a certificate followed by its private key reads too
  return parses(() => createPrivateKey({ key: buffer, format: 'pem' }));
}

function parsesPrivateDer(buffer: Buffer): boolean {
  return PRIVATE_DER_TYPES.some((type) => parses(() => createPrivateKey({ key: buffer, format: 'der', type })));
}

function parsesPublicDer(buffer: Buffer): boolean {
  return PUBLIC_DER_TYPES.some((type) => parses(() => createPublicKey({ key: buffer, format: 'der', type })));
}

function parses(read: () => unknown): boolean {
  try {
    read();
    return true;
  } catch {
    return false;
  }
}

function readPemLabels(buffer: Buffer): string[] {
  // latin1 maps every byte to one character, so binary material cannot make decoding fail
  const text = buffer.toString('latin1');
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
