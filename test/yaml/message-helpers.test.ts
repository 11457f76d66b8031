import { describe, expect, it } from '@jest/globals';
import { formatPath } from '../../src/yaml/format-path.js';
import { redactSecretLike } from '../../src/yaml/redact-secret-like.js';
import { measureEditDistance, suggestName } from '../../src/yaml/suggest-name.js';

describe('suggestName', () => {
  const fields = ['state', 'type', 'description', 'protect', 'jwkDeleteAction', 'jwkUpdateAction', 'environments'];

  it('suggests a field within edit distance 2, ignoring case', () => {
    expect(suggestName('descripton', fields)).toBe('description');
    expect(suggestName('enviroments', fields)).toBe('environments');
    expect(suggestName('JwkDeleteActon', fields)).toBe('jwkDeleteAction');
    expect(suggestName('typ', fields)).toBe('type');
  });

  it('suggests nothing for distant names', () => {
    expect(suggestName('colour', fields)).toBeUndefined();
    expect(suggestName('x'.repeat(100), fields)).toBeUndefined();
  });

  it('measures Levenshtein distance', () => {
    expect(measureEditDistance('kitten', 'sitting')).toBe(3);
    expect(measureEditDistance('', 'abc')).toBe(3);
    expect(measureEditDistance('same', 'same')).toBe(0);
  });
});

describe('formatPath', () => {
  it('joins names with dots, indexes in brackets and quotes ambiguous names', () => {
    expect(formatPath([])).toBe('document');
    expect(formatPath(['projects', 'payments', 'keys', 'jwt-signing', 'type'])).toBe('projects.payments.keys.jwt-signing.type');
    expect(formatPath(['defaults', 'ignore', 0])).toBe('defaults.ignore[0]');
    expect(formatPath(['projects', 'a.b', 'keys', ' x'])).toBe('projects."a.b".keys." x"');
    expect(formatPath(['projects', 'tab\there'])).toBe('projects."tab\\there"');
  });
});

describe('redactSecretLike', () => {
  it('cuts out long base64-like runs', () => {
    expect(redactSecretLike('key "VEVTVC1TRUNSRVQtbm90LWEtcmVhbC1rZXk=" here')).toBe('key "…" here');
    expect(redactSecretLike('x AbCdEfGhIjKlMnOp1234 y')).toBe('x … y');
  });

  it('keeps ordinary words and field-name typos', () => {
    const text = 'Missing directives-end/doc-start indicator line; jwkDeleteActions; short A1b2';
    expect(redactSecretLike(text)).toBe(text);
  });
});
