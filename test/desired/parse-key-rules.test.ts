import { describe, expect, it } from '@jest/globals';
import { loadDesiredState } from '../../src/desired/load-desired-state.js';
import { KEY_HEAD, makeTempDir, parseErrors, parseText, writeFiles } from './helpers.js';

const ENVIRONMENTS = '        environments: { prod: { content: { env: K } } }\n';

describe('parseDesiredDocument: the algorithm of a key', () => {
  it('takes AES, DES, DESede and RSA for a SECRET_KEY, and loads it into the key', async () => {
    for (const algorithm of ['AES', 'DES', 'DESede', 'RSA']) {
      const doc = parseText(`${KEY_HEAD}      k:\n        type: SECRET_KEY\n        algorithm: ${algorithm}\n${ENVIRONMENTS}`);
      expect(doc.body.projects?.payments?.keys?.k?.algorithm).toBe(algorithm);
    }
    const dir = await makeTempDir();
    await writeFiles(dir, {
      'apinizer-keys.yaml': `${KEY_HEAD}      k:\n        type: SECRET_KEY\n        algorithm: DESede\n${ENVIRONMENTS}`,
    });
    const state = await loadDesiredState({ files: [], cwd: dir });
    expect(state.projects[0]?.keys[0]?.algorithm).toBe('DESede');
  });

  it('requires it for a SECRET_KEY, saying which values there are', () => {
    expect(parseErrors(`${KEY_HEAD}      k:\n        type: SECRET_KEY\n${ENVIRONMENTS}`).lines).toEqual([
      'f.yaml:5:7: projects.payments.keys.k: missing required field "algorithm" (a SECRET_KEY needs one of AES, DES, DESede, RSA).',
    ]);
  });

  it('keeps the algorithm requirement apart from other missing fields', () => {
    expect(parseErrors(`${KEY_HEAD}      k:\n        type: SECRET_KEY\n`).lines).toEqual([
      'f.yaml:5:7: projects.payments.keys.k: missing required field "algorithm" (a SECRET_KEY needs one of AES, DES, DESede, RSA).',
      'f.yaml:5:7: projects.payments.keys.k: missing required field "environments".',
    ]);
  });

  it('is case-sensitive and suggests the right casing', () => {
    const { code, lines } = parseErrors(`${KEY_HEAD}      k:\n        type: SECRET_KEY\n        algorithm: aes\n${ENVIRONMENTS}`);
    expect(code).toBe('invalid_document');
    expect(lines).toEqual([
      'f.yaml:7:20: projects.payments.keys.k.algorithm: expected one of AES, DES, DESede, RSA, found "aes"; did you mean AES?',
    ]);
    expect(parseErrors(`${KEY_HEAD}      k:\n        type: SECRET_KEY\n        algorithm: Blowfish\n${ENVIRONMENTS}`).lines).toEqual([
      'f.yaml:7:20: projects.payments.keys.k.algorithm: expected one of AES, DES, DESede, RSA, found "Blowfish".',
    ]);
  });

  it('suggests the casing for the other closed sets too', () => {
    expect(parseErrors(`${KEY_HEAD}      k:\n        type: secret_key\n        algorithm: AES\n${ENVIRONMENTS}`).lines).toEqual([
      'f.yaml:6:15: projects.payments.keys.k.type: expected one of SECRET_KEY, PRIVATE_KEY, PUBLIC_KEY, found "secret_key"; did you mean SECRET_KEY?',
    ]);
  });

  it('refuses it for private and public keys and for keys being deleted', () => {
    const { lines } = parseErrors(`${KEY_HEAD}      a:
        type: PRIVATE_KEY
        algorithm: RSA
${ENVIRONMENTS}      b:
        type: PUBLIC_KEY
        algorithm: AES
${ENVIRONMENTS}      c:
        state: absent
        algorithm: AES
`);
    expect(lines).toEqual([
      'f.yaml:7:9: projects.payments.keys.a.algorithm: is allowed only with type: SECRET_KEY (private and public keys have no algorithm).',
      'f.yaml:11:9: projects.payments.keys.b.algorithm: is allowed only with type: SECRET_KEY (private and public keys have no algorithm).',
      'f.yaml:15:9: projects.payments.keys.c.algorithm: is not allowed with state: absent (a key being deleted takes only state, description, protect and jwkDeleteAction).',
    ]);
  });
});

describe('parseDesiredDocument: names that cannot be a URL path segment', () => {
  it('refuses . and .. as project and key names, where they are written', () => {
    const rule = 'cannot be used: . and .. cannot be addressed as a URL path segment.';
    const { code, lines } = parseErrors(`version: 1
projects:
  ".": {}
  "..": {}
  ok:
    keys:
      "..":
        state: absent
      .:
        state: absent
`);
    expect(code).toBe('invalid_document');
    expect(lines).toEqual([
      `f.yaml:3:3: projects: project name "." ${rule}`,
      `f.yaml:4:3: projects: project name ".." ${rule}`,
      `f.yaml:7:7: projects.ok.keys: key name ".." ${rule}`,
      `f.yaml:9:7: projects.ok.keys: key name "." ${rule}`,
    ]);
  });

  it('still accepts names with dots in them, and refuses empty ones as before', () => {
    const doc = parseText('version: 1\nprojects:\n  "...":\n    keys:\n      .hidden: { state: absent }\n      v1.2: { state: absent }\n');
    expect(Object.keys(doc.body.projects?.['...']?.keys ?? {})).toEqual(['.hidden', 'v1.2']);
    expect(parseErrors('version: 1\nprojects:\n  p:\n    keys:\n      "": { state: absent }\n').lines).toEqual([
      'f.yaml:5:7: projects.p.keys: key name "" must not be empty, start or end with whitespace, or contain control characters.',
    ]);
  });
});
