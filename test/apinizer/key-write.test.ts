import { describe, expect, it } from '@jest/globals';
import { Secret } from '../../src/common/secret.js';
import { buildKeyBody } from '../../src/apinizer/key-write.js';

describe('buildKeyBody', () => {
  it('builds the documented body, revealing the content only there', () => {
    const key = {
      name: 'k',
      description: 'd',
      keyType: 'SECRET_KEY' as const,
      environments: [
        { environmentName: 'prod', alias: 'a', content: new Secret('c2VjcmV0') },
        { environmentName: 'test', content: new Secret('dGVzdA==') },
      ],
    };
    expect(JSON.stringify(key)).not.toContain('c2VjcmV0');
    expect(buildKeyBody(key)).toEqual({
      name: 'k',
      description: 'd',
      keyType: 'SECRET_KEY',
      cryptoKeyInfoEnvironmentList: [
        { environmentName: 'prod', content: 'c2VjcmV0', alias: 'a' },
        { environmentName: 'test', content: 'dGVzdA==' },
      ],
    });
  });
});
