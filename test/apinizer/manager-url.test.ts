import { describe, expect, it } from '@jest/globals';
import { AppError } from '../../src/common/app-error.js';
import { normalizeManagerUrl } from '../../src/apinizer/manager-url.js';

describe('normalizeManagerUrl', () => {
  it.each([
    ['https://m.example.com', 'https://m.example.com/apiops'],
    ['https://m.example.com/', 'https://m.example.com/apiops'],
    ['https://m.example.com/apiops', 'https://m.example.com/apiops'],
    ['https://m.example.com/apiops/', 'https://m.example.com/apiops'],
    ['https://m.example.com/apiops//', 'https://m.example.com/apiops'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/apiops'],
    ['https://m.example.com/gateway/', 'https://m.example.com/gateway/apiops'],
    ['  https://M.Example.com/apiops?x=1#y ', 'https://m.example.com/apiops'],
  ])('%s → %s', (input, expected) => {
    const base = normalizeManagerUrl(input);
    expect(base.baseUrl).toBe(expected);
    expect(base.prefixUrl).toBe(`${expected}/`);
  });

  it.each(['ftp://m.example.com', 'file:///etc/passwd', 'm.example.com', 'not a url', ''])(
    'rejects %j as a usage error of the user',
    (input) => {
      let caught: unknown;
      try {
        normalizeManagerUrl(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect(caught).toMatchObject({ code: 'usage', fault: 'user' });
    },
  );

  it('rejects credentials in the URL without echoing them', () => {
    let caught: unknown;
    try {
      normalizeManagerUrl('https://admin:hunter22@m.example.com');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'usage', fault: 'user' });
    expect(JSON.stringify(caught) + String((caught as Error).message)).not.toContain('hunter22');
  });
});
