import { describe, expect, it } from '@jest/globals';
import { readMissingResource, saysAlreadyExists, saysPermissionMissing, saysTokenExpired } from '../../src/apinizer/reply-text.js';
import { expandSecretForms, scrubSecrets } from '../../src/apinizer/scrub-secrets.js';

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
