import { describe, expect, it } from '@jest/globals';
import { environmentsPath, jwksPath, keyPath, keysPath, olderEnvironmentsPath, projectsPath } from '../../src/apinizer/paths.js';

describe('paths', () => {
  it('builds the documented paths with trailing slashes', () => {
    expect(projectsPath()).toBe('projects/');
    expect(keysPath('P')).toBe('projects/P/keys/');
    expect(keyPath('P', 'k')).toBe('projects/P/keys/k/');
    expect(jwksPath('P')).toBe('projects/P/jwks/');
    expect(environmentsPath('P')).toBe('projects/P/environments/');
    expect(olderEnvironmentsPath('P')).toBe('environments/P');
  });

  it('encodes every segment on its own', () => {
    expect(keyPath('My Project', 'a/b#c?d%e')).toBe('projects/My%20Project/keys/a%2Fb%23c%3Fd%25e/');
    expect(keyPath('proje', 'anahtar-ğüşıöç-鍵')).toBe(`projects/proje/keys/${encodeURIComponent('anahtar-ğüşıöç-鍵')}/`);
  });

  it('keeps the segment boundaries when resolved against the API root', () => {
    const url = new URL(keyPath('a/../b', 'x y'), 'https://m.example.com/apiops/');
    expect(url.pathname).toBe('/apiops/projects/a%2F..%2Fb/keys/x%20y/');
  });

  it.each(['', '.', '..'])('refuses the name %j that no URL can address', (name) => {
    expect(() => keyPath('P', name)).toThrow(expect.objectContaining({ code: 'usage', fault: 'user' }));
    expect(() => keysPath(name)).toThrow(expect.objectContaining({ code: 'usage' }));
  });
});
