/**
 * End to end: the CLI a user expects. `show PLANFILE` offline; a Markdown error report when
 * `plan --format markdown` fails; `version`; `validate --format json`; FORCE_COLOR; the
 * "still working" lines against a slow sandbox; help with examples and environment
 * variables; YAML errors quoting their line with a caret, masked where it may hold material.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomSecret } from '../support/find-leaks.js';
import { schemaErrors } from '../support/schema-errors.js';
import { inWorld, type World } from '../support/world.js';
import { ALL_MATERIAL, gitopsWorld, inGitopsWorld, parseStdout, planSchemaErrors, toBase64 } from './gitops-support.js';

// eslint-disable-next-line no-control-regex -- finding colour escapes is the point
const ANSI = /\u001b\[[0-9;]*m/;
const MARKER = '<!-- apinizer-keys-plan -->';

/** The saved plan's record, which show must never print any part of. */
function recordSecrets(file: string): Record<string, string> {
  const record = (
    JSON.parse(file) as {
      savedPlan: { salt: string; materials: { fingerprint: string }[]; live: Record<string, string>; desired: Record<string, string> };
    }
  ).savedPlan;
  return {
    salt: record.salt,
    ...Object.fromEntries(record.materials.map((m, i) => [`material fingerprint ${i}`, m.fingerprint])),
    ...Object.fromEntries(Object.entries(record.live).map(([project, hash]) => [`live fingerprint ${project}`, hash])),
    ...Object.fromEntries(Object.entries(record.desired).map(([project, hash]) => [`desired fingerprint ${project}`, hash])),
  };
}

describe('show PLANFILE', () => {
  it('renders a saved plan offline in text, JSON and Markdown, with no Manager, no files, no material and no fingerprint', async () => {
    const { file, planJson, planText } = await inGitopsWorld(async (world) => {
      const saved = await world.cli(['plan', '--out', 'plan.json', '--format', 'json']);
      expect(saved.code).toBe(0);
      const text = await world.cli(['plan']);
      return { file: await readFile(join(world.dir, 'plan.json'), 'utf8'), planJson: saved.stdout, planText: text.stdout };
    });
    // A reviewer's machine: only the artifact, no Manager, no desired-state files, no key secrets.
    await inWorld({ connect: false, files: { 'plan.json': file }, secrets: { ...ALL_MATERIAL, ...recordSecrets(file) } }, async (world) => {
      const text = await world.cli(['show', 'plan.json']);
      expect(text.stderr).toBe('');
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^Saved plan plan\.json, made by apinizer-keys \S+ against http:\/\/127\.0\.0\.1:\d+\/apiops\.\n/);
      expect(text.stdout).toContain('Apply exactly this plan with: apinizer-keys apply plan.json');
      // The plan part reads exactly as plan printed it, "(sensitive) from …" included.
      expect(text.stdout.endsWith(planText)).toBe(true);
      expect(text.stdout).toContain('(sensitive) from env FRESH_SECRET');

      const json = await world.cli(['show', 'plan.json', '--format', 'json']);
      expect(json.code).toBe(0);
      expect(json.stdout).toBe(planJson);
      expect(planSchemaErrors(parseStdout(json))).toEqual([]);
      expect(parseStdout(json)).not.toHaveProperty('savedPlan');

      const markdown = await world.cli(['show', 'plan.json', '--format', 'markdown']);
      expect(markdown.code).toBe(0);
      expect(markdown.stdout.split('\n').slice(0, 2)).toEqual([
        MARKER,
        '### apinizer-keys saved plan: 1 to create, 1 to update, 1 to delete',
      ]);
      expect(markdown.stdout).toContain('payments/gone');

      // A hand-edited entry is refused as apply FILE refuses it, by the plan file's schema.
      const edited = JSON.parse(file) as { entries: { action: string }[] };
      edited.entries[0]!.action = 'destroy';
      await writeFile(join(world.dir, 'edited.json'), JSON.stringify(edited));
      const refused = await world.cli(['show', 'edited.json']);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/^Error: edited\.json is not a saved plan: it does not match the plan file format: \/entries\/0/);
      expect(world.sandbox.requests()).toEqual([]);
    });
  });

  it('checks the file as apply FILE does, and says plainly when it is not a saved plan', async () => {
    const files = {
      'apinizer-keys.yaml': 'version: 1\nprojects: {}\n',
      'plan-output.json': '{ "formatVersion": 1, "projects": [], "entries": [], "blockers": [], "notices": [], "summary": {} }\n',
      'edited.json': JSON.stringify({ formatVersion: 1, savedPlan: { formatVersion: 2 } }),
    };
    await inWorld({ connect: false, files }, async (world) => {
      const cases: [string, RegExp][] = [
        ['apinizer-keys.yaml', /^Error: apinizer-keys\.yaml is not a saved plan: it is not JSON\. Write one with plan --out FILE\.\n$/],
        [
          'plan-output.json',
          /^Error: plan-output\.json is not a saved plan: it has no savedPlan record \(was it written by plan --out\?\)\./,
        ],
        ['edited.json', /^Error: edited\.json is not a saved plan: its savedPlan record is incomplete\./],
        ['/dev/zero', /^Error: Plan file \/dev\/zero is larger than the limit of 20 MiB for saved plans\./],
        [
          'missing.json',
          /^Error: Cannot read plan file missing\.json: no such file or directory\. Give the path of a file written by plan --out/,
        ],
      ];
      for (const [path, expected] of cases) {
        const run = await world.cli(['show', path]);
        expect(run.code).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(expected);
      }
    });
  });
});

describe('plan --format markdown when the plan fails', () => {
  it('writes a Markdown error report on stdout, keeps the one error line on stderr, and exits 1', async () => {
    const material = randomSecret('TEST-ONLY-inline-md');
    const yaml = `version: 1\nprojects:\n  p:\n    keys:\n      k:\n        type: SECRET_KEY\n        algorithm: AES\n        environments:\n          production: { content: { bse64: "${toBase64(material)}" } }\n`;
    await inWorld({ files: { 'apinizer-keys.yaml': yaml }, secrets: { material } }, async (world) => {
      const run = await world.cli(['plan', '--format', 'markdown', '--detailed-exitcode']);
      expect(run.code).toBe(1);
      expect(run.stdout.split('\n').slice(0, 2)).toEqual([MARKER, '### apinizer-keys plan: failed']);
      expect(run.stdout).toContain('**The plan could not be made; nothing was changed.**');
      expect(run.stdout).toContain('apinizer-keys.yaml:9:36: projects.p.keys.k.environments.production.content: unknown field "bse64"');
      expect(run.stdout).toContain('Error code `invalid_document`');
      expect(run.stdout).not.toMatch(/\.js:\d+/);
      const errorLines = run.stderr.split('\n').filter((line) => line.startsWith('Error: '));
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]).toMatch(/^Error: apinizer-keys\.yaml:9:36: /);
      expect(world.sandbox.requests()).toEqual([]);
    });
  });

  it('reports a Manager failure the same way, scrubbed of the token, with the drift wording under --drift', async () => {
    await inWorld(gitopsWorld({ env: { APINIZER_TOKEN: 'TEST-ONLY-wrong-token-value-1234' } }), async (world) => {
      const run = await world.cli(['plan', '--format', 'markdown', '--drift']);
      expect(run.code).toBe(1);
      expect(run.stdout.split('\n').slice(0, 2)).toEqual([MARKER, '### apinizer-keys drift check: failed']);
      expect(run.stdout).toContain('Error code `unauthorized`');
      expect(run.stdout).toContain('rejected the API token');
      expect(`${run.stdout}${run.stderr}`).not.toContain('TEST-ONLY-wrong-token-value-1234');
    });
  });

  it('prints the plan once, not a failure report, when the plan is made but refused', async () => {
    const yaml = 'version: 1\nprojects:\n  payments: { keys: {} }\n';
    await inWorld(gitopsWorld({ files: { 'apinizer-keys.yaml': yaml } }), async (world) => {
      const run = await world.cli(['plan', '--format', 'markdown']);
      expect(run.code).toBe(1);
      expect(run.stdout.split(MARKER)).toHaveLength(2);
      expect(run.stdout).toContain('### apinizer-keys plan: refused');
      expect(run.stdout).not.toContain(': failed');
    });
  });
});

describe('version', () => {
  it('prints the version, Node.js and the API generations; --version stays the bare version', async () => {
    await inWorld({ connect: false }, async (world) => {
      const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
      const run = await world.cli(['version'], {}, { decorate: false });
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n')).toEqual([
        `apinizer-keys ${version}`,
        `Node.js ${process.version} (${process.platform}-${process.arch})`,
        expect.stringMatching(/^Apinizer management API generations: current \(.*\), 2026-01 \(.*\), legacy \(.*\)$/),
        '',
      ]);
      const bare = await world.cli(['--version'], {}, { decorate: false });
      expect(bare.stdout).toBe(`${version}\n`);
    });
  });
});

describe('validate --format json', () => {
  it('prints one document: valid with what the files hold, or every error located, against its schema', async () => {
    const material = randomSecret('TEST-ONLY-validate');
    const good = `version: 1\nprojects:\n  p:\n    keys:\n      k:\n        type: SECRET_KEY\n        algorithm: AES\n        environments:\n          production: { content: { base64: "${toBase64(material)}" } }\n`;
    const bad =
      'version: 1\nprojects:\n  p:\n    keys:\n      k:\n        type: SECRT_KEY\n        descriptin: x\n        environments: {}\n';
    await inWorld({ connect: false, files: { 'good.yaml': good, 'bad.yaml': bad }, secrets: { material } }, async (world) => {
      const valid = await world.cli(['validate', '-f', 'good.yaml', '--format', 'json']);
      expect(valid.code).toBe(0);
      expect(valid.stderr).toBe('');
      expect(parseStdout(valid)).toEqual({ formatVersion: 1, valid: true, files: ['good.yaml'], projects: 1, keys: 1 });
      expect(schemaErrors('validate-result', parseStdout(valid))).toEqual([]);

      const invalid = await world.cli(['validate', '-f', 'bad.yaml', '--format', 'json']);
      expect(invalid.code).toBe(1);
      const document = parseStdout(invalid);
      expect(schemaErrors('validate-result', document)).toEqual([]);
      expect(document).toMatchObject({ formatVersion: 1, valid: false, moreErrors: 0 });
      expect(document.errors).toEqual([
        { file: 'bad.yaml', line: 6, column: 15, code: 'invalid_document', message: expect.stringContaining('"SECRT_KEY"') },
        { file: 'bad.yaml', line: 7, column: 9, code: 'invalid_document', message: expect.stringContaining('"descriptin"') },
      ]);
      expect(invalid.stderr).toMatch(/^Error: bad\.yaml:6:15: /);

      const missing = await world.cli(['validate', '-f', 'nothing.yaml', '--format', 'json']);
      expect(missing.code).toBe(1);
      expect(parseStdout(missing)).toMatchObject({ valid: false, errors: [{ file: null, line: null, column: null, code: 'usage' }] });
      expect(schemaErrors('validate-result', parseStdout(missing))).toEqual([]);
    });
  });
});

describe('colours', () => {
  it('FORCE_COLOR colours a log that is not a terminal, over NO_COLOR; --no-color and documents on stdout stay plain', async () => {
    await inGitopsWorld(async (world) => {
      const plan = (env: Record<string, string>, ...flags: string[]) => world.cli(['plan', ...flags], env, { decorate: false });
      const [plain, forced, overNoColor, forcedOff, flagged, json] = await Promise.all([
        plan({}),
        plan({ FORCE_COLOR: '1' }),
        plan({ FORCE_COLOR: '1', NO_COLOR: '1' }),
        plan({ FORCE_COLOR: '0' }),
        plan({ FORCE_COLOR: '1' }, '--no-color'),
        plan({ FORCE_COLOR: '1' }, '--format', 'json'),
      ]);
      expect(plain.stdout).not.toMatch(ANSI);
      expect(forced.stdout).toMatch(ANSI);
      expect(overNoColor.stdout).toMatch(ANSI);
      expect(forcedOff.stdout).not.toMatch(ANSI);
      expect(flagged.stdout).not.toMatch(ANSI);
      expect(json.stdout).not.toMatch(ANSI);
      expect(() => parseStdout(json)).not.toThrow();
    });
  });
});

describe('still working', () => {
  const slow = (env: Record<string, string> = {}) =>
    gitopsWorld({ faults: { latencyMs: 400 }, env: { APINIZER_KEYS_STILL_WORKING_MS: '150', ...env } });

  it('plan against a slow Manager says it is still working on stderr, also without a terminal, and keeps stdout a document', async () => {
    await inWorld(slow(), async (world) => {
      const run = await world.cli(['plan', '--format', 'json']);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/^Still working: \d+\.\d s elapsed \(reading the Manager\)$/m);
      expect(planSchemaErrors(parseStdout(run))).toEqual([]);
      expect(run.stdout).not.toContain('Still working');
    });
  });

  it('apply says it too, while it waits on the Manager', async () => {
    await inWorld(slow(), async (world) => {
      const run = await world.cli(['apply', '--auto-approve']);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/^Still working: \d+\.\d s elapsed \(waiting on the Manager\)$/m);
      expect(run.stdout).not.toContain('Still working');
    });
  });

  it('is silent when everything is quick, and when set to 0', async () => {
    // The default interval (the harness turns the lines off unless asked).
    await inWorld(gitopsWorld({ env: { APINIZER_KEYS_STILL_WORKING_MS: undefined } }), async (world) => {
      const quick = await world.cli(['plan']);
      expect(quick.stderr).toBe('');
    });
    await inWorld(slow({ APINIZER_KEYS_STILL_WORKING_MS: '0' }), async (world) => {
      const off = await world.cli(['plan']);
      expect(off.code).toBe(0);
      expect(off.stderr).toBe('');
    });
  });

  it('refuses a value that is not plain milliseconds, naming the variable', async () => {
    await inWorld(gitopsWorld({ env: { APINIZER_KEYS_STILL_WORKING_MS: '10s' } }), async (world) => {
      const run = await world.cli(['plan']);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^Error: APINIZER_KEYS_STILL_WORKING_MS must be a whole number of milliseconds/);
      expect(world.sandbox.requests()).toEqual([]);
    });
  });
});

describe('help', () => {
  it.each([
    [
      'plan',
      [
        'Examples:',
        'apinizer-keys plan --format markdown',
        'Environment:',
        'APINIZER_URL',
        'APINIZER_TOKEN',
        'FORCE_COLOR',
        'APINIZER_KEYS_STILL_WORKING_MS',
      ],
    ],
    ['apply', ['Examples:', 'apinizer-keys apply plan.json', 'APINIZER_PASSWORD', 'NO_COLOR']],
    ['show', ['Examples:', 'apinizer-keys show plan.json --format markdown', 'Offline']],
    ['validate', ['Examples:', 'apinizer-keys validate --format json', 'NO_COLOR']],
    ['export', ['Examples:', 'apinizer-keys export --project payments', 'APINIZER_URL']],
    ['doctor', ['Examples:', 'apinizer-keys doctor --record', 'APINIZER_URL', 'APINIZER_PASSWORD', 'HTTPS_PROXY']],
    ['sandbox', ['Examples:', '--seed examples/sandbox-seed.yaml']],
    ['version', ['Examples:']],
  ])('%s --help has examples and the environment variables it reads', async (command, expected) => {
    await inWorld({ connect: false }, async (world) => {
      const run = await world.cli([command, '--help'], {}, { decorate: false });
      expect(run.code).toBe(0);
      for (const text of expected) expect(run.stdout).toContain(text);
    });
  });
});

describe('YAML errors quote their line with a caret', () => {
  async function firstLines(world: World, args: readonly string[]): Promise<string[]> {
    // sandbox takes no --no-color; the runs are not terminals, so nothing is coloured anyway
    const run = await world.cli(args, {}, { decorate: args[0] !== 'sandbox' });
    expect(run.code).toBe(1);
    return run.stderr.split('\n').slice(0, 3);
  }

  it('under the file:line:col line editors parse, and masked where the line may hold material', async () => {
    const material = randomSecret('TEST-ONLY-caret', 6);
    const short = toBase64('hunter2');
    const files = {
      'typo.yaml':
        'version: 1\nprojects:\n  p:\n    keys:\n      k:\n        type: SECRET_KEY\n        algorithm: AES\n        descriptin: x\n        environments: {}\n',
      'inline.yaml': `version: 1\nprojects:\n  p:\n    keys:\n      k:\n        type: SECRET_KEY\n        algorithm: AES\n        environments:\n          production: { content: { bse64: "${short}" } }\n`,
      'broken.yaml': `version: 1\nprojects:\n  p: { keys: { k: { environments: { production: { content: { base64: "${toBase64(material)}" } }\n`,
      'seed.yaml': `projects:\n  - name: p\n    environments: [{ name: production }]\n    keys:\n      - name: k\n        keyType: SECRET_KEY\n        environments:\n          - { name: production, contnt: '${short}' }\n`,
    };
    await inWorld({ connect: false, files, secrets: { material, 'short material': 'hunter2' } }, async (world) => {
      expect(await firstLines(world, ['validate', '-f', 'typo.yaml'])).toEqual([
        expect.stringMatching(/^Error: typo\.yaml:8:9: projects\.p\.keys\.k: unknown field "descriptin"; did you mean "description"\?/),
        '  8 |         descriptin: x',
        '    |         ^',
      ]);
      const inline = await firstLines(world, ['validate', '-f', 'inline.yaml']);
      expect(inline[0]).toMatch(/^Error: inline\.yaml:9:36: /);
      expect(inline[1]).toBe('  9 | (line not shown: it may hold key material)');
      expect(inline.join('\n')).not.toContain(short);
      const broken = await firstLines(world, ['validate', '-f', 'broken.yaml']);
      expect(broken[0]).toMatch(/^Error: broken\.yaml:3:6: Invalid YAML: this \{ is never closed/);
      expect(broken[1]).toBe('  3 | (line not shown: it may hold key material)');
      const seed = await firstLines(world, ['sandbox', '--seed', 'seed.yaml', '--port', '0']);
      expect(seed[0]).toMatch(/^Error: seed\.yaml:8:\d+: Invalid sandbox seed: /);
      expect(seed[1]).toBe('  8 | (line not shown: it may hold key material)');
    });
  });

  it('quotes the second place of a key declared in two files', async () => {
    const key = 'version: 1\nprojects:\n  p:\n    keys:\n      k: { state: absent }\n';
    await inWorld({ connect: false, files: { 'a/one.yaml': key, 'a/two.yaml': `# the same key again\n${key}` } }, async (world) => {
      expect(await firstLines(world, ['validate', '-f', 'a/'])).toEqual([
        expect.stringMatching(/^Error: a\/two\.yaml:6:7: .*declared twice.*a\/one\.yaml:5:7/),
        '  6 |       k: { state: absent }',
        '    |       ^',
      ]);
    });
  });

  it('quotes a sandbox seed line that holds no material', async () => {
    const files = { 'seed.yaml': 'projects:\n  - name: p\n    jwks: 3\n' };
    await inWorld({ connect: false, files }, async (world) => {
      expect(await firstLines(world, ['sandbox', '--seed', 'seed.yaml', '--port', '0'])).toEqual([
        expect.stringMatching(/^Error: seed\.yaml:3:11: Invalid sandbox seed: .*jwks/),
        '  3 |     jwks: 3',
        '    |           ^',
      ]);
    });
  });
});
