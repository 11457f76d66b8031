/**
 * End to end: names that do not fit where export puts them. Project names that map to the
 * same file name (also only on a case-insensitive file system), keys of different projects
 * whose variable names would coincide in different files, and live key names the file format
 * cannot hold. Each export still validates and plans to no changes, and nothing is lost.
 */
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { matchGlob } from '../../src/core/plan/match-glob.js';
import type { SandboxSeed, SeedProject } from '../../src/sandbox/index.js';
import { seedProject, seedSecret } from '../support/scenario.js';
import { inGitopsWorld, toBase64, type World } from './gitops-support.js';

const LIVE = toBase64('TEST ONLY: live material of an exported key');

interface ExportedDoc {
  projects: Record<string, { ignore?: string[]; keys: Record<string, { environments: Record<string, { content: { env: string } }> }> }>;
}

/** The variables a file's top comment lists, by `project/key environment`. */
function listedVariables(text: string): Map<string, string> {
  const header = text.slice(0, text.search(/^[^#\n]/m));
  return new Map([...header.matchAll(/^#\s+([A-Z_][A-Z0-9_]*)\s+\((.+), ([^,()]+)\)$/gm)].map((m) => [`${m[2]} ${m[3]}`, m[1]!]));
}

/** Every file of a directory with its text, by file name. */
async function readFiles(dir: string): Promise<Map<string, string>> {
  const names = (await readdir(dir)).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name), 'utf8')] as const)));
}

/** Plans the files in `dir` with every listed variable set; the run must plan no changes. */
async function expectNoChanges(world: World, files: readonly string[], variables: Iterable<string>): Promise<void> {
  const values = Object.fromEntries([...variables].map((name, i) => [name, `TEST ONLY: any text ${i}`]));
  const mark = world.mark();
  const planned = await world.cli(['plan', ...files.flatMap((file) => ['-f', file]), '--detailed-exitcode'], values);
  expect(planned.stderr).not.toMatch(/error/i);
  expect(planned.stdout).toContain('No changes.');
  expect(planned.code).toBe(0);
  expect(world.mutationsSince(mark)).toEqual([]);
}

function oneKeyProject(name: string, key = 'k'): SeedProject[] {
  return [seedProject(name, ['production'], [seedSecret(key, `key of ${name}`, { production: LIVE })])];
}

describe('export -o DIR/: project names that would share a file name', () => {
  // `a b`, `a_b` and `a/b` slug alike; `A` and `a` are one file on macOS and Windows.
  const names = ['a b', 'a_b', 'a/b', 'A', 'a'];
  const seed: SandboxSeed = { projects: names.flatMap((name) => oneKeyProject(name)) };

  it.concurrent('writes each project to a file of its own, also on a case-insensitive file system', () =>
    inGitopsWorld(
      async (world) => {
        const run = await world.cli(['export', ...names.flatMap((name) => ['--project', name]), '-o', 'out/']);
        expect(run.code).toBe(0);
        const files = await readFiles(join(world.dir, 'out'));
        expect(files.size).toBe(names.length);
        expect(new Set([...files.keys()].map((file) => file.toLowerCase())).size).toBe(names.length);
        // A name that is a safe file name as it is keeps it; the others get a hash of the exact name.
        expect([...files.keys()]).toEqual(expect.arrayContaining(['a_b.yaml', 'a.yaml']));
        for (const file of files.keys()) expect(file).toMatch(/^(a|a_b|a_b-[0-9a-f]{8}|A-[0-9a-f]{8})\.yaml$/);
        const wrote = run.stderr.split('\n').filter((line) => line.startsWith('Wrote '));
        expect(new Set(wrote.map((line) => line.slice(0, line.indexOf(':')))).size).toBe(names.length);
        const exported = [...files.values()].map((text) => Object.keys((parse(text) as ExportedDoc).projects));
        expect(exported.flat().sort()).toEqual([...names].sort());
        expect(exported.every((projects) => projects.length === 1)).toBe(true);

        const variables = [...files.values()].flatMap((text) => [...listedVariables(text).values()]);
        await expectNoChanges(world, ['out'], variables);

        // The file names do not depend on which projects one run exports: `A` alone rewrites its own file.
        const again = await world.cli(['export', '--project', 'A', '-o', 'out/']);
        expect(again.code).toBe(0);
        expect([...(await readFiles(join(world.dir, 'out'))).keys()]).toEqual([...files.keys()]);
      },
      { seed },
    ),
  );

  it.concurrent('refuses before writing anything when two file names still coincide, naming both projects', () => {
    // The one collision a hash suffix leaves: a project named exactly like another's hashed file name.
    const hashed = `a_b-${createHash('sha256').update('a b').digest('hex').slice(0, 8)}`;
    return inGitopsWorld(
      async (world) => {
        const run = await world.cli(['export', '--project', 'a b', '--project', hashed, '--project', 'a', '-o', 'out/']);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`"a b" and "${hashed}"`);
        expect(existsSync(join(world.dir, 'out'))).toBe(false);
      },
      { seed: { projects: [...oneKeyProject('a b'), ...oneKeyProject(hashed), ...oneKeyProject('a')] } },
    );
  });
});

describe('export -o DIR/: variable names', () => {
  // `a` + `b-c` and `a-b` + `c` both make A_B_C_PRODUCTION.
  const seed: SandboxSeed = { projects: [...oneKeyProject('a', 'b-c'), ...oneKeyProject('a-b', 'c')] };

  it.concurrent('are unique across the files of one export, and the same as in one file', () =>
    inGitopsWorld(
      async (world) => {
        const split = await world.cli(['export', '--project', 'a', '--project', 'a-b', '-o', 'out/']);
        expect(split.code).toBe(0);
        const files = await readFiles(join(world.dir, 'out'));
        expect(files.size).toBe(2);
        const perFile = new Map([...files.values()].flatMap((text) => [...listedVariables(text)]));
        expect(perFile.size).toBe(2);
        expect(new Set(perFile.values()).size).toBe(2);
        // each file's entries use the variables its header lists
        for (const text of files.values()) {
          const doc = parse(text) as ExportedDoc;
          for (const [project, { keys }] of Object.entries(doc.projects)) {
            for (const [key, { environments }] of Object.entries(keys)) {
              expect(environments.production!.content.env).toBe(perFile.get(`${project}/${key} production`));
            }
          }
        }

        const single = await world.cli(['export', '--project', 'a', '--project', 'a-b', '-o', 'all.yaml']);
        expect(single.code).toBe(0);
        expect(new Map([...listedVariables(await readFile(join(world.dir, 'all.yaml'), 'utf8'))].sort())).toEqual(
          new Map([...perFile].sort()),
        );
        await expectNoChanges(world, ['out'], perFile.values());
      },
      { seed },
    ),
  );
});

describe('export: live key names the file format cannot hold', () => {
  const unfit = [' lead', 'trail ', 'tab\there', 'x\ny', 'star* ', ' what?'];
  const seed: SandboxSeed = {
    projects: [
      seedProject(
        'odd',
        ['production'],
        ['ok', 'start', 'whatnot', ...unfit].map((name) => seedSecret(name, `key ${name}`, { production: LIVE })),
      ),
    ],
  };

  it.concurrent('lists them under the project ignore, says so on stderr, and the file validates and plans no changes', () =>
    inGitopsWorld(
      async (world) => {
        const run = await world.cli(['export', '--project', 'odd', '-o', 'odd.yaml']);
        expect(run.code).toBe(0);
        for (const name of unfit) expect(run.stderr).toContain(`odd/${JSON.stringify(name)}`);
        // eslint-disable-next-line no-control-regex
        expect(run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\t]/);
        const text = await readFile(join(world.dir, 'odd.yaml'), 'utf8');
        const doc = parse(text) as ExportedDoc;
        expect(Object.keys(doc.projects.odd!.keys).sort()).toEqual(['ok', 'start', 'whatnot']);
        const ignore = doc.projects.odd!.ignore ?? [];
        expect(ignore).toHaveLength(unfit.length);
        // every unfit name is matched by its pattern, and no pattern matches a key written as an entry
        for (const name of unfit) expect({ name, matched: ignore.some((glob) => matchGlob(glob, name)) }).toEqual({ name, matched: true });
        for (const name of ['ok', 'start', 'whatnot']) expect(ignore.filter((glob) => matchGlob(glob, name))).toEqual([]);
        expect(text).toMatch(/^ {4}# The file format cannot hold [^\n]*\n(?: {4}#[^\n]*\n)* {4}ignore:$/m);

        const validated = await world.cli(['validate', '-f', 'odd.yaml']);
        expect(validated.stderr).toBe('');
        expect(validated.code).toBe(0);
        await expectNoChanges(world, ['odd.yaml'], listedVariables(text).values());
        expect(world.keyNames('odd')).toHaveLength(3 + unfit.length);

        const stdout = await world.cli(['export', '--project', 'odd']);
        expect(stdout.stdout).toBe(text);
      },
      { seed },
    ),
  );
});
