/**
 * Reading a key file (PEM or DER) as node:crypto sees it, for the two places that must agree
 * on what counts as a readable key: the check of the file's material and the comparison with
 * the live material. Nothing here keeps, returns or quotes the material itself.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** Matches PEM armour lines; only the label (e.g. `RSA PRIVATE KEY`) is captured, never the body. */
const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{1,40})-----/g;

/** DER encodings node:crypto is asked to try, most common first. */
const PRIVATE_DER_TYPES = ['pkcs8', 'pkcs1', 'sec1'] as const;
const PUBLIC_DER_TYPES = ['spki', 'pkcs1'] as const;

/** Whether a PEM block begins anywhere in the bytes: key files may carry text before it. */
export function holdsPemBlock(bytes: Uint8Array): boolean {
  // latin1 maps every byte to one character, so binary material cannot make decoding fail
  return asBuffer(bytes).toString('latin1').includes('-----BEGIN ');
}

/**
 * Whether the bytes begin with a PEM block (after whitespace), looking at the first 4 KiB
 * only: stricter than {@link holdsPemBlock}, for a reply that must be a key file and nothing
 * else (an HTML page quoting a PEM is not one).
 */
export function beginsWithPem(bytes: Uint8Array): boolean {
  return asBuffer(bytes).subarray(0, 4096).toString('latin1').trimStart().startsWith('-----BEGIN ');
}

/** The labels of every PEM block, in order (none: the file is not PEM). */
export function readPemLabels(buffer: Buffer): string[] {
  if (!holdsPemBlock(buffer)) return [];
  return [...buffer.toString('latin1').matchAll(PEM_BEGIN)].map((match) => match[1] ?? '');
}

/**
 * The private key of a PEM file (OpenSSL skips other blocks, so a certificate before the key
 * reads too) or of DER PKCS#8, PKCS#1 or SEC1; undefined if there is none that can be read.
 */
export function readPrivateKey(buffer: Buffer, pem: boolean): KeyObject | undefined {
  if (pem) return attempt(() => createPrivateKey({ key: buffer, format: 'pem' }));
  for (const type of PRIVATE_DER_TYPES) {
    const key = attempt(() => createPrivateKey({ key: buffer, format: 'der', type }));
    if (key !== undefined) return key;
  }
  return undefined;
}

/**
 * The public key of a PEM file (a public key, a certificate, or a private key: the public key
 * it holds) or of DER SPKI or PKCS#1; undefined if there is none that can be read.
 */
export function readPublicKey(buffer: Buffer, pem: boolean): KeyObject | undefined {
  if (pem) return attempt(() => createPublicKey({ key: buffer, format: 'pem' }));
  for (const type of PUBLIC_DER_TYPES) {
    const key = attempt(() => createPublicKey({ key: buffer, format: 'der', type }));
    if (key !== undefined) return key;
  }
  return undefined;
}

/** node:crypto's parse errors say nothing useful here, and are not worth the risk of quoting. */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
