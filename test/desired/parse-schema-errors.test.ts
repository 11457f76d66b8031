import { describe, expect, it } from '@jest/globals';
import { VERSION } from '../../src/common/version.js';
import { catchAppError, KEY_HEAD, parseErrors, parseText } from './helpers.js';

describe('parseDesiredDocument: schema violations are located and explained', () => {
  it('reports a wrong type at the value', () => {
    const { code, lines } = parseErrors(`${KEY_HEAD}      jwt:
        type: SECRET_KEY
        algorithm: AES
        description: 42
        environments:
          prod: { content: { env: JWT } }
`);
    expect(code).toBe('invalid_document');
    expect(lines).toEqual(['f.yaml:8:22: projects.payments.keys.jwt.description: expected a string, found an integer.']);
  });

  it('lists the valid values of a bad enum', () => {
    const { lines } = parseErrors(`${KEY_HEAD}      jwt:
        type: PRIVATE_KY
        environments:
          prod: { content: { env: JWT } }
`);
    expect(lines).toEqual([
      'f.yaml:6:15: projects.payments.keys.jwt.type: expected one of SECRET_KEY, PRIVATE_KEY, PUBLIC_KEY, found "PRIVATE_KY".',
    ]);
  });

  it('points at an unknown field and suggests the near miss', () => {
    const { lines } = parseErrors(`${KEY_HEAD}      jwt:
        type: SECRET_KEY
        algorithm: AES
        descripton: Signs tokens
        environments:
          prod: { content: { env: JWT } }
`);
    expect(lines).toEqual(['f.yaml:8:9: projects.payments.keys.jwt: unknown field "descripton"; did you mean "description"?']);
  });

  it('lists the allowed fields when nothing is close', () => {
    const { lines } = parseErrors('version: 1\ndefaults:\n  colour: red\n');
    expect(lines).toEqual([
      'f.yaml:3:3: defaults: unknown field "colour" (expected one of jwkDeleteAction, jwkUpdateAction, updateScope, prune, ignore, protect, maxDeletions, compareMaterial).',
    ]);
  });

  it('points a missing required field at the mapping that lacks it', () => {
    const { lines } = parseErrors(`${KEY_HEAD}      jwt:
        description: no type, no environments
`);
    expect(lines).toEqual(['f.yaml:5:7: projects.payments.keys.jwt: missing required fields "type" and "environments".']);
  });

  it('requires content in an environment and exactly one source', () => {
    const { lines } = parseErrors(`${KEY_HEAD}      jwt:
        type: SECRET_KEY
        algorithm: AES
        environments:
          prod: { alias: a }
          test: { content: { env: A, file: a.pem } }
          dev: { content: {} }
`);
    expect(lines).toEqual([
      'f.yaml:9:11: projects.payments.keys.jwt.environments.prod: missing required field "content".',
      'f.yaml:10:28: projects.payments.keys.jwt.environments.test.content: expected exactly one of file, env, base64, found env and file.',
      'f.yaml:11:27: projects.payments.keys.jwt.environments.dev.content: expected exactly one of file, env, base64, found none.',
    ]);
  });

  it('requires environments for a present key, but accepts an empty map (a key deployed nowhere)', () => {
    const missing = parseErrors(`${KEY_HEAD}      jwt:
        type: SECRET_KEY
        algorithm: AES
`);
    expect(missing.lines).toEqual(['f.yaml:5:7: projects.payments.keys.jwt: missing required field "environments".']);
    const empty = parseText(`${KEY_HEAD}      jwt:
        type: SECRET_KEY
        algorithm: AES
        environments: {}
`);
    expect(empty.body.projects?.payments?.keys?.jwt).toMatchObject({ type: 'SECRET_KEY', algorithm: 'AES', environments: {} });
  });

  it('allows only state, description, protect and jwkDeleteAction with state: absent', () => {
    const { lines } = parseErrors(`${KEY_HEAD}      old:
        state: absent
        description: going
        protect: false
        jwkDeleteAction: DELETE
        type: SECRET_KEY
        updateScope: ALL_PROJECTS
`);
    expect(lines).toEqual([
      'f.yaml:10:9: projects.payments.keys.old.type: is not allowed with state: absent (a key being deleted takes only state, description, protect and jwkDeleteAction).',
      'f.yaml:11:9: projects.payments.keys.old.updateScope: is not allowed with state: absent (a key being deleted takes only state, description, protect and jwkDeleteAction).',
    ]);
  });

  it('checks env names and base64 without echoing the value', () => {
    const material = 'TEST+material+that+is+not+base64!';
    const { lines } = parseErrors(`${KEY_HEAD}      jwt:
        type: SECRET_KEY
        algorithm: AES
        environments:
          prod: { content: { env: 1BAD } }
          test: { content: { base64: "${material}" } }
`);
    expect(lines).toEqual([
      'f.yaml:9:35: projects.payments.keys.jwt.environments.prod.content.env: must be an environment variable name: letters, digits and _, not starting with a digit.',
      'f.yaml:10:38: projects.payments.keys.jwt.environments.test.content.base64: must be non-empty standard base64 (A-Z, a-z, 0-9, + and /, padded with =, no whitespace).',
    ]);
    expect(lines.join('\n')).not.toContain('TEST+material');
  });

  it('checks settings: integers, minimum, globs in lists, booleans', () => {
    const { lines } = parseErrors(`version: 1
defaults:
  maxDeletions: 1.5
  ignore: ["ok", 3]
  prune: "yes"
projects:
  a:
    maxDeletions: -1
    allowEmpty: 1
`);
    expect(lines).toEqual([
      'f.yaml:3:17: defaults.maxDeletions: expected an integer, found a number.',
      'f.yaml:4:18: defaults.ignore[1]: expected a string, found an integer.',
      'f.yaml:5:10: defaults.prune: expected true or false, found a string.',
      'f.yaml:8:19: projects.a.maxDeletions: must be at least 0.',
      'f.yaml:9:17: projects.a.allowEmpty: expected true or false, found an integer.',
    ]);
  });

  it('reports every violation of a file in one error, first in file order', () => {
    const error = catchAppError(() =>
      parseText(`version: 1
projects:
  b:
    prune: maybe
  a:
    jwkDeleteAction: REMOVE
`),
    );
    expect(error.code).toBe('invalid_document');
    expect(error.fault).toBe('user');
    expect(error.location).toEqual({ file: 'f.yaml', line: 4, column: 12 });
    expect(error.details).toEqual(['f.yaml:6:22: projects.a.jwkDeleteAction: expected one of NULLIFY, DELETE, found "REMOVE".']);
    expect(error.hint).toBe('See https://unpkg.com/apinizer-keys@' + VERSION + '/schemas/desired-state.schema.json for the file format.');
  });

  it('rejects bad names: empty, leading space, trailing space, control character', () => {
    const { lines } = parseErrors(`version: 1
projects:
  "": {}
  " lead": {}
  ok:
    keys:
      "trail ":
        state: absent
      good:
        type: SECRET_KEY
        algorithm: AES
        environments:
          "a\\u0007b": { content: { env: X } }
`);
    const rule = 'must not be empty, start or end with whitespace, or contain control characters.';
    expect(lines).toEqual([
      `f.yaml:3:3: projects: project name "" ${rule}`,
      `f.yaml:4:3: projects: project name " lead" ${rule}`,
      `f.yaml:7:7: projects.ok.keys: key name "trail " ${rule}`,
      `f.yaml:13:11: projects.ok.keys.good.environments: environment name "a\\u0007b" ${rule}`,
    ]);
  });

  it('requires version and rejects other versions clearly', () => {
    expect(parseErrors('projects: {}\n').lines).toEqual(['f.yaml:1:1: document: missing required field "version".']);
    expect(parseErrors('# v2\nversion: 2\nprojects: { a: { newField: 1 } }\n').lines).toEqual([
      'f.yaml:2:10: version 2 is not supported; this apinizer-keys reads version 1.',
    ]);
    expect(parseErrors('version: "1"\n').lines).toEqual(['f.yaml:1:10: version: expected 1, found "1".']);
  });

  it('rejects a document that is not a mapping', () => {
    expect(parseErrors('').lines).toEqual(['f.yaml:1:1: document: expected a mapping, found nothing.']);
    expect(parseErrors('\n\n- a\n').lines).toEqual(['f.yaml:3:1: document: expected a mapping, found a list.']);
  });
});
