import { createPrivateKey, createPublicKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { KeyType } from '../core/model/domain.js';

/** DER encodings tried for key files that are not PEM, most common first. */
const PRIVATE_DER_TYPES = ['pkcs8', 'pkcs1', 'sec1'] as const;
const PUBLIC_DER_TYPES = ['spki', 'pkcs1'] as const;

/**
 * Whether live material is the same key as the file's. Private and public keys are compared
 * as keys: both are parsed with node:crypto and their canonical DER (PKCS#8, SPKI) compared,
 * so line endings, PEM headers, PKCS#1 against PKCS#8, or a certificate against the key it
 * carries make no difference. A SECRET_KEY is compared as bytes: the Manager stores the base64
 * it was sent and Export Key File hands that text back, so base64 text of the file's bytes
 * counts as the same, and so do the raw bytes themselves. Live material that does not parse
 * differs. Pure: no I/O, nothing kept; the caller drops both buffers afterwards.
 */
export function isSameMaterial(type: KeyType, desired: Uint8Array, live: Uint8Array): boolean {
  // The usual answer, the file sent back as it was stored, costs no parse (~3 ms a key pair).
  if (equalBytes(desired, live)) return true;
  switch (type) {
    case 'PRIVATE_KEY':
      return isSameKey(readPrivateKey(desired), readPrivateKey(live), 'pkcs8') ?? false;
    case 'PUBLIC_KEY':
      return isSameKey(readPublicKey(desired), readPublicKey(live), 'spki') ?? false;
    case 'SECRET_KEY': {
      const decoded = decodeBase64Text(live);
      if (decoded === undefined) return false;
      try {
        return equalBytes(desired, decoded);
      } finally {
        decoded.fill(0);
      }
    }
  }
}

/** Equal canonical DER; undefined when the file's own material does not parse (then only equal bytes, checked first, match). */
function isSameKey(desired: KeyObject | undefined, live: KeyObject | undefined, type: 'pkcs8' | 'spki'): boolean | undefined {
  if (desired === undefined) return undefined;
  if (live === undefined || live.asymmetricKeyType !== desired.asymmetricKeyType) return false;
  const a = desired.export({ format: 'der', type });
  const b = live.export({ format: 'der', type });
  try {
    return equalBytes(a, b);
  } finally {
    a.fill(0);
    b.fill(0);
  }
}

function readPrivateKey(bytes: Uint8Array): KeyObject | undefined {
  const buffer = asBuffer(bytes);
  if (isPem(buffer)) return attempt(() => createPrivateKey({ key: buffer, format: 'pem' }));
  for (const type of PRIVATE_DER_TYPES) {
    const key = attempt(() => createPrivateKey({ key: buffer, format: 'der', type }));
    if (key !== undefined) return key;
  }
  return undefined;
}

function readPublicKey(bytes: Uint8Array): KeyObject | undefined {
  const buffer = asBuffer(bytes);
  // A PEM public key, certificate or private key: the public key it holds.
  if (isPem(buffer)) return attempt(() => createPublicKey({ key: buffer, format: 'pem' }));
  for (const type of PUBLIC_DER_TYPES) {
    const key = attempt(() => createPublicKey({ key: buffer, format: 'der', type }));
    if (key !== undefined) return key;
  }
  return undefined;
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

function isPem(buffer: Buffer): boolean {
  return buffer.toString('latin1').includes('-----BEGIN ');
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
