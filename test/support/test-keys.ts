import { generateKeyPairSync } from 'node:crypto';

/** A test-only key pair as PEM text (PKCS#8 private key, SPKI public key). */
export interface TestKeyPair {
  readonly privatePem: string;
  readonly publicPem: string;
}

const pairs = new Map<string, TestKeyPair>();

/**
 * A test-only RSA key pair, generated with node:crypto on first use of `label` in this test
 * process and reused after: never a real key, and different on every run, so a leak check
 * cannot match a key that happens to sit in a file somewhere. Desired-side PRIVATE_KEY and
 * PUBLIC_KEY material must parse as a key (the loader checks it); distinct labels give
 * distinct keys, so a leaked one names its source.
 */
export function makeTestKeyPair(label = 'default'): TestKeyPair {
  let pair = pairs.get(label);
  if (!pair) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    pair = {
      privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    };
    pairs.set(label, pair);
  }
  return pair;
}

/**
 * Material that the loader accepts for a key of `type`: a test key's PEM for PRIVATE_KEY and
 * PUBLIC_KEY (which must parse as such), `text` as is for a SECRET_KEY (any bytes).
 */
export function makeTestMaterial(type: string, text: string): string {
  if (type === 'PRIVATE_KEY') return makeTestKeyPair().privatePem;
  if (type === 'PUBLIC_KEY') return makeTestKeyPair().publicPem;
  return text;
}
