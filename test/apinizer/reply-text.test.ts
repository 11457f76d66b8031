import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readMissingResource, saysAlreadyExists, saysPermissionMissing, saysTokenExpired } from '../../src/apinizer/reply-text.js';
import { expandSecretForms, scrubMaterialLike, scrubSecrets } from '../../src/apinizer/scrub-secrets.js';

describe('what a Manager text says', () => {
  it.each([
    ['Key (name: my-key) is not found!', { kind: 'key', name: 'my-key' }],
    ['Key (name: a (b)) is not found!', { kind: 'key', name: 'a (b)' }],
    ['Project (MyProject) is not found!', { kind: 'project', name: 'MyProject' }],
    ['Project (MyProject) is not found or user does not have privilege to access it!', { kind: 'project', name: 'MyProject' }],
    ['Project(MyProject) was not found or user does not have privilege to access it!', { kind: 'project', name: 'MyProject' }],
    ['JWK (name: j) is not found!', { kind: 'JWK', name: 'j' }],
    ['Key not found', { kind: 'key' }],
  ])('%s', (text, expected) => {
    expect(readMissingResource(text)).toEqual(expected);
  });

  it.each([
    'Environment (name: prod) is not found!',
    'Key environment production is not found',
    'No endpoint GET /x',
    'An unexpected error occurred',
    'Key (name: k) is already exist!',
  ])('says nothing is missing: %s', (text) => {
    expect(readMissingResource(text)).toBeUndefined();
  });

  it('tells conflicts, missing permissions and expired tokens apart', () => {
    expect(saysAlreadyExists('Key (name: k) is already exist! Try update operation if want to change its value.')).toBe(true);
    expect(saysPermissionMissing('User does not have required permission for this operation!')).toBe(true);
    expect(saysPermissionMissing('Project (P) is not found or user does not have privilege to access it!')).toBe(false);
    expect(saysTokenExpired('Token was expired!')).toBe(true);
    expect(saysTokenExpired('token_expired')).toBe(true);
    expect(saysTokenExpired('Token is not valid!')).toBe(false);
  });
});

describe('scrubSecrets', () => {
  it('replaces every occurrence in any letter case, longest form first', () => {
    expect(scrubSecrets('a TOKEN-abcdef12 b token-ABCDEF12', ['token-abcdef12'])).toBe('a (sensitive) b (sensitive)');
  });

  it('leaves texts alone when no secret is given or none occurs', () => {
    expect(scrubSecrets('nothing here', [])).toBe('nothing here');
    expect(scrubSecrets('nothing here', ['token-abcdef12'])).toBe('nothing here');
  });

  it('expands base64 material to its decoded text and lines, never to short fragments', () => {
    const text = 'line-one-of-the-secret-text\nline-two-of-the-secret-text\nab';
    const forms = expandSecretForms(Buffer.from(text).toString('base64'));
    expect(forms).toContain(text);
    expect(forms).toContain('line-two-of-the-secret-text');
    expect(forms).not.toContain('ab');
  });
});

describe('scrubSecrets: a token inside the base64 of a larger text', () => {
  it.each([0, 1, 2, 5])('is found at any byte offset (%i bytes before it)', (before) => {
    const token = 'LEAKTOKEN123-abc';
    const echoed = Buffer.from(`${'x'.repeat(before)}Bearer ${token}&more`).toString('base64');
    const scrubbed = scrubSecrets(`could not read ${echoed}`, [token]);
    expect(scrubbed).toContain('(sensitive)');
    // What is left of the echo decodes to no more than a few characters of the token.
    const left = scrubbed.replace('could not read ', '').split('(sensitive)');
    for (const part of left) expect(Buffer.from(part, 'base64').toString('latin1')).not.toContain(token.slice(0, 4));
  });
});

describe('scrubMaterialLike: material the request did not carry whole', () => {
  const KEY_BASE64 = Buffer.from(
    '-----BEGIN PRIVATE KEY-----\nMIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDPtTq2zA1Xb8cN\n-----END PRIVATE KEY-----\n',
  ).toString('base64');
  const BODY_LINE = 'MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDPtTq2zA1Xb8cN';

  it.each([
    [
      'a value cut by Jackson',
      `Cannot deserialize value of type \`byte[]\` from String "${KEY_BASE64.slice(0, 120)}...[truncated 1200 chars]"`,
    ],
    ['base64 re-wrapped at 76 characters', `bad value: ${KEY_BASE64.slice(0, 76)}\r\n${KEY_BASE64.slice(76, 152)}`],
    ['a PEM body line without its armour', `invalid key: ${BODY_LINE}`],
    ['a base64url slice', `bad: ${KEY_BASE64.slice(4, 90).replace(/\+/g, '-').replace(/\//g, '_')}`],
    ['a PEM cut before its END line', `bad: -----BEGIN PRIVATE KEY-----\n${BODY_LINE.slice(0, 30)}`],
  ])('%s', (_name, text) => {
    const scrubbed = scrubMaterialLike(text);
    expect(scrubbed).not.toContain(KEY_BASE64.slice(0, 40));
    expect(scrubbed).not.toContain(KEY_BASE64.slice(76, 116));
    expect(scrubbed).not.toContain(BODY_LINE.slice(0, 24));
    expect(scrubbed).toMatch(/\(sensitive\)|\(PEM block removed\)/);
  });

  it.each([
    'Key (name: payments-partner-signing-key-production-2026) is not found!',
    'No endpoint PUT /apiops/projects/payments/keys/partner-signing-key-2026/deploy/',
    'Project 3f2b9c1e-8d4a-4c7b-9e2f-1a2b3c4d5e6f: key 64b7f0c2e4a1d3b5c6e7f8a9 failed',
    'sha256 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0 did not match',
    'org.springframework.http.converter.HttpMessageNotReadableException: JSON parse error',
    'AbstractJackson2HttpMessageConverterReadFailure, a class name with a digit',
    'Key Partner-Signing-Key-Production-2026-Rotation-Q4 is not deployed',
  ])('leaves names, paths, ids and class names readable: %s', (text) => {
    expect(scrubMaterialLike(text)).toBe(text);
  });

  it('the short last line of material wrapped at 76 characters goes with the lines before it', () => {
    fc.assert(
      fc.property(fc.noBias(fc.uint8Array({ minLength: 120, maxLength: 2400 })), fc.constantFrom('\n', '\r\n'), (bytes, eol) => {
        const base64 = Buffer.from(bytes).toString('base64');
        const scrubbed = scrubMaterialLike(`Cannot parse: ${base64.replace(/(.{76})/g, `$1${eol}`)} (at line 1)`);
        for (let at = 0; at + 16 <= base64.length; at += 8) expect(scrubbed).not.toContain(base64.slice(at, at + 16));
        expect(scrubbed.startsWith('Cannot parse: ')).toBe(true);
      }),
    );
  });

  // noBias: uniform bytes, as material is; fast-check's usual lean to small values would make runs of A.
  it('any 96 or more random bytes, as base64 or base64url, are removed from a text', () => {
    fc.assert(
      fc.property(fc.noBias(fc.uint8Array({ minLength: 96, maxLength: 600 })), fc.boolean(), (bytes, url) => {
        const encoded = Buffer.from(bytes).toString(url ? 'base64url' : 'base64');
        expect(scrubMaterialLike(`value "${encoded}" is invalid`)).toBe('value "(sensitive)" is invalid');
      }),
    );
  });
});
