import { describe, expect, it } from '@jest/globals';
import type { LiveKey, LiveProject } from '../../src/core/model/live-state.js';
import { readDesiredStateSchema } from '../../src/desired/desired-state-schema.js';
import { findMatchingGlob } from '../../src/core/plan/match-glob.js';
import { DECLARABLE_NAME_PATTERN } from '../../src/core/plan/find-unaddressable-names.js';
import { isDeclarableName, toIgnoreGlob } from '../../src/export/declarable-name.js';
import { renderExport, renderExportFiles } from '../../src/export/render-export.js';
import { catchAppError, describeError, parseText } from './helpers.js';

/** Export lives in src/export; its tests sit here because what it writes must load as a desired-state file. */
function project(keys: readonly LiveKey[]): LiveProject {
  return { name: 'payments', environments: [{ name: 'production' }], keys };
}

function liveKey(name: string, keyType: string, algorithm?: string): LiveKey {
  return {
    name,
    description: '',
    keyType,
    ...(algorithm === undefined ? {} : { algorithm }),
    environments: [{ environmentName: 'production' }],
  };
}

describe('renderExport: the schema line', () => {
  it('starts with the yaml-language-server line naming the published schema, then the export note', () => {
    const lines = renderExport([project([liveKey('signing', 'PRIVATE_KEY')])], 'https://manager.test').text.split('\n');
    expect(lines[0]).toBe(`# yaml-language-server: $schema=${readDesiredStateSchema().$id as string}`);
    expect(lines[0]).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/unpkg\.com\/apinizer-keys@\d+\.\d+\.\d+[^/]*\/schemas\/desired-state\.schema\.json$/,
    );
    expect(lines[1]).toBe('# Exported by apinizer-keys from https://manager.test.');
  });
});

describe('renderExport: algorithm', () => {
  it('writes the algorithm of SECRET_KEYs only, and the file loads', () => {
    const { text } = renderExport(
      [project([liveKey('hmac', 'SECRET_KEY', 'DESede'), liveKey('signing', 'PRIVATE_KEY'), liveKey('verify', 'PUBLIC_KEY', 'RSA')])],
      'https://manager.test',
    );
    const keys = parseText(text).body.projects?.payments?.keys ?? {};
    expect(keys.hmac?.algorithm).toBe('DESede');
    expect(keys.signing).not.toHaveProperty('algorithm');
    expect(keys.verify).not.toHaveProperty('algorithm');
  });

  it('leaves a missing algorithm out with a comment, so validate refuses the key until one is chosen', () => {
    const { text } = renderExport([project([liveKey('hmac', 'SECRET_KEY')])], 'https://manager.test');
    expect(text).toMatch(/^ {8}# algorithm: the Manager reported none; add one of AES, DES, DESede, RSA .*\n {8}type: SECRET_KEY$/m);
    expect(text).toContain('payments/hmac: the Manager reports no algorithm for this SECRET_KEY');
    const error = catchAppError(() => parseText(text));
    expect(error.message).toBe(
      'projects.payments.keys.hmac: missing required field "algorithm" (a SECRET_KEY needs one of AES, DES, DESede, RSA).',
    );
  });

  it('writes an algorithm the format does not take as reported, with a note, so validate names it', () => {
    const { text } = renderExport([project([liveKey('hmac', 'SECRET_KEY', 'aes')])], 'https://manager.test');
    expect(text).toContain('payments/hmac: the Manager reports algorithm aes, which the file format does not take; check it.');
    expect(catchAppError(() => parseText(text)).message).toContain('found "aes"; did you mean AES?');
  });
});

describe('renderExport: names YAML would read as something else than a string', () => {
  it('quotes them, so the file reads back with every project, key and environment name exactly as live', () => {
    const names = ['1.10', '0x1F', '1e1', '~', 'null', 'true', '12', '.inf', '2026-12-01'];
    const projects: LiveProject[] = names.map((name) => ({
      name,
      environments: names.map((environment) => ({ name: environment })),
      keys: names.map((key) => ({ ...liveKey(key, 'PRIVATE_KEY'), environments: names.map((environmentName) => ({ environmentName })) })),
    }));
    const { text } = renderExport(projects, 'https://manager.test');
    const doc = parseText(text);
    const sorted = [...names].sort();
    expect(Object.keys(doc.body.projects ?? {}).sort()).toEqual(sorted);
    expect(Object.keys(doc.body.projects?.['1.10']?.keys ?? {}).sort()).toEqual(sorted);
    expect(Object.keys(doc.body.projects?.['1.10']?.keys?.['0x1F']?.environments ?? {}).sort()).toEqual(sorted);
    // the same file with one name unquoted is refused where that name is
    expect(describeError(catchAppError(() => parseText(text.replace('\n  "1.10":', '\n  1.10:'))))).toMatch(
      /^f\.yaml:\d+:3: Mapping key 1\.10 is read as /,
    );
  });
});

describe('renderExportFiles: variable names across files', () => {
  // `a` + `b-c` and `a-b` + `c` both make A_B_C_PRODUCTION.
  const projects: LiveProject[] = [
    { name: 'a-b', environments: [{ name: 'production' }], keys: [liveKey('c', 'PRIVATE_KEY')] },
    { name: 'a', environments: [{ name: 'production' }], keys: [liveKey('b-c', 'PRIVATE_KEY')] },
  ];

  it('are unique across the files, and the same as one file of every project has', () => {
    const split = renderExportFiles(
      projects.map((p) => [p]),
      'https://manager.test',
    ).flatMap((file) => file.variables);
    expect(split.map((v) => v.name).sort()).toEqual(['A_B_C_PRODUCTION', 'A_B_C_PRODUCTION_2']);
    const sortByAddress = (list: readonly { address: string }[]) => [...list].sort((x, y) => x.address.localeCompare(y.address));
    expect(sortByAddress(split)).toEqual(sortByAddress(renderExport(projects, 'https://manager.test').variables));
    // and each file's entries read the variables its own header lists
    for (const file of renderExportFiles([[projects[0]!], [projects[1]!]], 'https://manager.test')) {
      const doc = parseText(file.text);
      const [name] = Object.keys(doc.body.projects ?? {});
      const [key, entry] = Object.entries(doc.body.projects?.[name!]?.keys ?? {})[0]!;
      expect(entry.environments?.production).toEqual({
        content: { env: file.variables.find((v) => v.address === `${name}/${key}`)?.name },
      });
    }
  });
});

describe('renderExport: live key names the file format cannot hold', () => {
  const unfit = [' lead', 'trail ', 'tab\there', 'x\ny', 'nul\u0000', 'nbsp\u00a0', '.', '..', 'star* ', ' what?'];

  it('lists them under the project ignore, with a comment and a note, and the file loads', () => {
    const exported = renderExport(
      [project(['ok', 'start', 'whatnot', ...unfit].map((n) => liveKey(n, 'PRIVATE_KEY')))],
      'https://manager.test',
    );
    const doc = parseText(exported.text);
    const payments = doc.body.projects?.payments;
    expect(Object.keys(payments?.keys ?? {}).sort()).toEqual(['ok', 'start', 'whatnot']);
    expect(payments?.ignore).toEqual([' lead', ' what?', '.', '..', 'nbsp\u00a0', 'nul\u0000', 'star? ', 'tab\there', 'trail ', 'x\ny']);
    for (const name of unfit) expect({ name, glob: findMatchingGlob(payments?.ignore ?? [], name) }).not.toEqual({ name, glob: undefined });
    for (const name of ['ok', 'start', 'whatnot']) expect(findMatchingGlob(payments?.ignore ?? [], name)).toBeUndefined();
    expect(exported.variables.map((v) => v.address)).toEqual(['payments/ok', 'payments/start', 'payments/whatnot']);
    expect(exported.ignoredKeys.map((k) => k.key).sort()).toEqual([...unfit].sort());
    expect(exported.text).toMatch(
      /\n {4}# The file format cannot hold these live keys' names .*\n(?: {4}#.*\n)+ {4}ignore:\n {6}- " lead"\n {6}- " what\?"\n/,
    );
    expect(exported.text).toContain('#   payments/"tab\\there": the file format cannot hold this name; it is listed under ignore.');
  });

  it('lists an empty name in no ignore, which no glob holds, but in the notes', () => {
    const exported = renderExport([project([liveKey('', 'PRIVATE_KEY'), liveKey('ok', 'PRIVATE_KEY')])], 'https://manager.test');
    expect(exported.ignoredKeys).toEqual([{ project: 'payments', key: '' }]);
    expect(parseText(exported.text).body.projects?.payments).not.toHaveProperty('ignore');
    expect(exported.text).toContain('payments/"": the file format cannot hold this name; no glob can either');
  });

  it('keeps a project whose keys are all unfit loadable, with no keys and the ignore', () => {
    const exported = renderExport([project([liveKey(' only', 'PRIVATE_KEY')])], 'https://manager.test');
    expect(parseText(exported.text).body.projects?.payments).toEqual({ ignore: [' only'], keys: {} });
  });
});

describe('isDeclarableName', () => {
  it('is the schema name pattern, so export and validate agree on every name', () => {
    const defs = readDesiredStateSchema().$defs as Record<string, { pattern?: string; not?: { enum: string[] } }>;
    expect(DECLARABLE_NAME_PATTERN).toBe(defs.name!.pattern);
    expect(defs.addressableName!.not!.enum).toEqual(['.', '..']);
  });

  it('refuses the names the loader refuses and takes the others', () => {
    for (const name of ['', ' a', 'a ', '\ta', 'a\tb', 'a\nb', 'a\u007fb', 'a\u0085b', '\u00a0a', '.', '..']) {
      expect({ name, ok: isDeclarableName(name) }).toEqual({ name, ok: false });
    }
    for (const name of ['a', 'a b', '...', '.a', 'a*?', 'clé', '1.10'])
      expect({ name, ok: isDeclarableName(name) }).toEqual({ name, ok: true });
  });

  it('toIgnoreGlob writes * and ? as ?, and gives no glob for the empty name', () => {
    expect(toIgnoreGlob(' a*b?')).toBe(' a?b?');
    expect(toIgnoreGlob('tab\there')).toBe('tab\there');
    expect(toIgnoreGlob('')).toBeUndefined();
  });
});
