import type { SandboxSeed } from './seed-types.js';

/** Base64 of clearly fake, labelled material: nothing here is a real key. */
function fakeMaterial(label: string): string {
  const text = [
    '-----BEGIN TEST SECRET-----',
    `apinizer-keys sandbox demo material: ${label}`,
    'not a real key',
    '-----END TEST SECRET-----',
    '',
  ].join('\n');
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * The default sandbox state: project `demo` with production and staging, three keys of
 * different types, a JWK made from a key and a URL JWK; token `demo-token` and user
 * `admin`/`admin-password`, both with every permission.
 */
export const DEMO_SEED: SandboxSeed = {
  projects: [
    {
      name: 'demo',
      description: 'Demo project for apinizer-keys',
      environments: [
        { name: 'production', id: 'env-demo-production', type: 'PRODUCTION', description: 'Production gateway' },
        { name: 'staging', id: 'env-demo-staging', type: 'TEST', description: 'Staging gateway' },
      ],
      keys: [
        {
          name: 'jwt-signing',
          keyType: 'PRIVATE_KEY',
          description: 'Signs access tokens',
          environments: [
            { name: 'production', content: fakeMaterial('jwt-signing production'), alias: 'signing' },
            { name: 'staging', content: fakeMaterial('jwt-signing staging'), alias: 'signing' },
          ],
        },
        {
          name: 'partner-verify',
          keyType: 'PUBLIC_KEY',
          description: 'Verifies partner callbacks',
          environments: [{ name: 'production', content: fakeMaterial('partner-verify production') }],
        },
        {
          name: 'webhook-hmac',
          keyType: 'SECRET_KEY',
          algorithm: 'AES',
          description: 'Shared HMAC secret for webhooks',
          environments: [
            { name: 'production', content: fakeMaterial('webhook-hmac production') },
            { name: 'staging', content: fakeMaterial('webhook-hmac staging') },
          ],
        },
      ],
      jwks: [
        { name: 'jwt-public', description: 'Public half of jwt-signing', sourceType: 'PRIVATE_KEY', sourceKey: 'jwt-signing' },
        {
          name: 'partner-jwks',
          description: 'Partner key set',
          sourceType: 'URL',
          sourceUrl: 'https://partner.example.com/.well-known/jwks.json',
        },
      ],
    },
  ],
  tokens: [{ token: 'demo-token', projects: '*' }],
  users: [{ username: 'admin', password: 'admin-password', projects: '*' }],
};
