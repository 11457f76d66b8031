import { X509Certificate, timingSafeEqual } from 'node:crypto';
import { holdsPemBlock, readPemLabels, readPrivateKey, readPublicKey } from '../common/key-file.js';
import type { KeyType } from '../core/model/domain.js';

/**
 * Whether live material is the same key as the file's. Private and public keys are compared
 * as keys, with node:crypto's `KeyObject.equals`, so line endings, PEM headers, PKCS#1 against
 * PKCS#8, or EC keys with or without their public point or with explicit curve parameters make
 * no difference; but a live private key where the file has a public key (or the reverse)
 * differs, and a certificate is compared as the certificate (a renewal for the same key is a
 * change to roll out). A SECRET_KEY: the Manager stores the base64 it was sent and Export Key
 * File hands that text back, so live base64 text is decoded and compared with the file's
 * bytes; only live bytes that are not base64 text are compared as they are (an export of the
 * raw key). Live material that does not parse differs. Pure: no I/O, nothing kept.
 */
export function isSameMaterial(type: KeyType, desired: Uint8Array, live: Uint8Array): boolean {
  switch (type) {
    case 'PRIVATE_KEY':
    case 'PUBLIC_KEY':
      // The usual answer, the file sent back as it was stored, costs no parse (~3 ms a key pair).
      return equalBytes(desired, live) || isSameAsymmetric(type, asBuffer(desired), asBuffer(live));
    case 'SECRET_KEY': {
      const decoded = decodeBase64Text(live);
      if (decoded === undefined) return equalBytes(desired, live);
      try {
        return equalBytes(desired, decoded);
      } finally {
        decoded.fill(0);
      }
    }
  }
}

/** What a key file holds, as far as the comparison cares. */
type KeyFileKind = 'certificate' | 'private' | 'public';

function isSameAsymmetric(type: 'PRIVATE_KEY' | 'PUBLIC_KEY', desired: Buffer, live: Buffer): boolean {
  const kind = kindOf(desired);
  if (kind !== kindOf(live)) return false;
  if (kind === 'certificate') {
    const a = readCertificate(desired);
    const b = readCertificate(live);
    return a !== undefined && b !== undefined && equalBytes(a, b);
  }
  const read = type === 'PRIVATE_KEY' || kind === 'private' ? readPrivateKey : readPublicKey;
  const a = read(desired, holdsPemBlock(desired));
  const b = read(live, holdsPemBlock(live));
  return a !== undefined && b !== undefined && a.type === b.type && a.equals(b);
}

/** A PEM says what it holds in its label; DER is tried as a private key first. */
function kindOf(buffer: Buffer): KeyFileKind | undefined {
  if (holdsPemBlock(buffer)) {
    // Any block: OpenSSL writes "EC PARAMETERS" before "EC PRIVATE KEY", and chains follow a key.
    const labels = readPemLabels(buffer);
    if (labels.some((label) => label.includes('PRIVATE KEY'))) return 'private';
    return labels.some((label) => label.includes('CERTIFICATE')) ? 'certificate' : 'public';
  }
  if (readPrivateKey(buffer, false) !== undefined) return 'private';
  if (readCertificate(buffer) !== undefined) return 'certificate';
  return readPublicKey(buffer, false) !== undefined ? 'public' : undefined;
}

/** The DER of a certificate (PEM or DER), or undefined if it is none. */
function readCertificate(buffer: Buffer): Buffer | undefined {
  return attempt(() => new X509Certificate(buffer).raw);
}

/** The bytes a base64 text stands for (whitespace and line breaks allowed), or undefined if it is not base64. */
function decodeBase64Text(bytes: Uint8Array): Uint8Array | undefined {
  const text = asBuffer(bytes).toString('latin1').replace(/\s+/g, '');
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** node:crypto's parse errors say nothing useful here, and are not worth the risk of quoting. */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
