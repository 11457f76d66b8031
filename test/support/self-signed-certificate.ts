import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether `openssl` is on this machine; the TLS tests are skipped without it. */
export const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0;

/** A throwaway EC key and self-signed certificate for `commonName`, valid one day: TEST ONLY. */
export function makeSelfSignedCertificate(commonName: string): { key: Buffer; cert: Buffer } {
  const directory = mkdtempSync(join(tmpdir(), 'apinizer-keys-tls-'));
  try {
    const [key, cert] = [join(directory, 'key.pem'), join(directory, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${commonName}`,
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
