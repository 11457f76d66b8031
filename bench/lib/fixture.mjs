// The synthetic key population, shared by the seed, the desired-state files and the
// in-process planner input, so that "nothing to change" really matches. Secret-key material
// is base64 of fake text; private and public keys share one EC P-256 pair generated for
// this benchmark only (the loader checks that such material parses as a key). Never real keys.

export const TOKEN = 'bench-token';
export const ENVIRONMENTS = ['production', 'staging'];
const TYPES = ['SECRET_KEY', 'PRIVATE_KEY', 'PUBLIC_KEY'];

export const projectName = (p) => `proj-${String(p).padStart(4, '0')}`;
export const keyName = (k) => `key-${String(k).padStart(5, '0')}`;
export const newKeyName = (k) => `new-${String(k).padStart(5, '0')}`;

/** Key k of project p: type, description, and the environments it is deployed to, with alias and material. */
export function keyAt(p, k) {
  const project = projectName(p);
  const name = keyName(k);
  const type = hasJwk(k) ? 'PRIVATE_KEY' : TYPES[k % 3];
  const environments = [
    { name: 'production', alias: k % 3 === 0 ? `alias-${k}` : undefined, base64: fakeMaterial(project, name, 'production', type) },
  ];
  if (k % 2 === 0) environments.push({ name: 'staging', alias: undefined, base64: fakeMaterial(project, name, 'staging', type) });
  return {
    name,
    type,
    ...(type === 'SECRET_KEY' ? { algorithm: 'AES' } : {}),
    description: `Benchmark key ${k} of ${project}`,
    environments,
  };
}

/** One key in ten has a JWK made from it: the ones the 10% mix changes (see {@link changeOf}). */
export const hasJwk = (k) => k % 10 === 3;
export const jwkName = (k) => `jwk-${keyName(k)}`;

/** TEST ONLY: generated for the benchmark with node:crypto; not a real key. */
const BENCH_TEST_PRIVATE_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgX1WStwgXNWckpekF\nH7KZYDqhRSoE4AKz2rYyEtP5dkGhRANCAAQVodSJun1Y/R8NitxlMrX6Du8VpFA+\n8JJORSahJAT2gnH9t28O7LmWeZ9NXpmI6JE+2Trrkc6Iw23IbZOzzhkz\n-----END PRIVATE KEY-----\n';
/** TEST ONLY: the public half of {@link BENCH_TEST_PRIVATE_KEY}. */
const BENCH_TEST_PUBLIC_KEY =
  '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEFaHUibp9WP0fDYrcZTK1+g7vFaRQ\nPvCSTkUmoSQE9oJx/bdvDuy5lnmfTV6ZiOiRPtk665HOiMNtyG2Ts84ZMw==\n-----END PUBLIC KEY-----\n';
const PEM_BASE64 = {
  PRIVATE_KEY: Buffer.from(BENCH_TEST_PRIVATE_KEY, 'utf8').toString('base64'),
  PUBLIC_KEY: Buffer.from(BENCH_TEST_PUBLIC_KEY, 'utf8').toString('base64'),
};

export function fakeMaterial(project, key, environment, type = 'SECRET_KEY') {
  return PEM_BASE64[type] ?? Buffer.from(`TEST ONLY: fake benchmark material ${project}/${key}/${environment}`, 'utf8').toString('base64');
}

/**
 * The "10% changed" mix: key k with k % 10 == 3 changes, by turns (k / 10 rounded down,
 * modulo 3) an update (description), a delete (pruned: left out of the file) and a create
 * (a new key beside it). With 100 keys per project: 4 updates, 3 deletes, 3 creates.
 */
export function changeOf(k) {
  if (k % 10 !== 3) return 'none';
  return ['update', 'delete', 'create'][Math.floor(k / 10) % 3];
}
