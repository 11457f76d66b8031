/**
 * End to end: `export` writes a desired-state file from live state that `validate`
 * accepts as it is and that plans to no changes once the listed variables are set, to a file,
 * one file per project in a directory, or stdout. Names that YAML would misread (numbers,
 * booleans, `: #`, leading dashes, spaces, non-ASCII) make the round trip prove the quoting.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { SandboxSeed, SnapshotProject } from '../../src/sandbox/index.js';
import { seedKey, seedKeyJwk, seedProject, seedSecret } from '../support/scenario.js';
import { makeTestMaterial } from '../support/test-keys.js';
import { inGitopsWorld, toBase64, type World } from './gitops-support.js';

/** The published schema's URL: export points editors at it in its first line. */
const SCHEMA_ID = (JSON.parse(readFileSync(new URL('../../schemas/desired-state.schema.json', import.meta.url), 'utf8')) as { $id: string })
  .$id;

const LIVE = toBase64('TEST ONLY: live material of an exported key');

const seed: SandboxSeed = {
  projects: [
    seedProject(
      'payments',
      ['production', 'staging', 'pre prod'],
      [
        seedKey(
          'jwt-signing',
          'PRIVATE_KEY',
          { production: { content: LIVE, alias: 'signing' }, staging: LIVE },
          { description: 'Signs: tokens # not a comment' },
        ),
        seedSecret('true', 'yes', { 'pre prod': { content: LIVE, alias: 'null' } }),
        seedKey('clé.v2', 'PUBLIC_KEY', { production: LIVE }, { description: '  padded  ' }),
        seedSecret('123', 'line one\nline two', { production: LIVE }),
        seedKey('legacy-rsa', 'RSA', { staging: LIVE }),
      ],
      [seedKeyJwk('jwt-public', 'jwt-signing')],
    ),
    seedProject('team two', ['production'], [seedSecret('- dash', undefined, { production: LIVE })]),
    seedProject('third', ['production'], [seedSecret('t1', 'third key', { production: LIVE })]),
  ],
};

/** A world on the export seed, with an empty `gitops/` directory in the workdir. */
function inExportWorld<T>(body: (world: World) => Promise<T>, seedOverride?: SandboxSeed): Promise<T> {
  return inGitopsWorld(body, { seed: seedOverride ?? seed, files: { 'gitops/README.md': 'exported files go here\n' } });
}

/** The variables the file's top comment lists: `NAME  (project/key, environment)`. */
function listedVariables(text: string): { name: string; address: string; environment: string }[] {
  const header = text.slice(0, text.search(/^[^#\n]/m));
  return [...header.matchAll(/^#\s+([A-Z_][A-Z0-9_]*)\s+\((.+), ([^,()]+)\)$/gm)].map((m) => ({
    name: m[1]!,
    address: m[2]!,
    environment: m[3]!,
  }));
}

/** Every `project/key environment` of live projects, sorted. */
function liveEnvironments(projects: readonly SnapshotProject[]): string[] {
  return projects.flatMap((p) => p.keys.flatMap((k) => k.environments.map((e) => `${p.name}/${k.name} ${e.environmentName}`))).sort();
}

interface ExportedDoc {
  version: number;
  projects: Record<
    string,
    {
      keys: Record<
        string,
        { type: string; description?: string; environments: Record<string, { alias?: string; content: { env: string } }> }
      >;
    }
  >;
}

/** Each exported key checked against the live key: type, description, environments, aliases. */
function expectMatchesLive(doc: ExportedDoc, projects: readonly SnapshotProject[]): void {
  expect(Object.keys(doc.projects).sort()).toEqual(projects.map((p) => p.name).sort());
  for (const project of projects) {
    const keys = doc.projects[project.name]!.keys;
    expect(Object.keys(keys).sort()).toEqual(project.keys.map((k) => k.name).sort());
    for (const live of project.keys) {
      const exported = keys[live.name]!;
      expect({ key: live.name, type: exported.type }).toEqual({
        key: live.name,
        type: live.keyType === 'RSA' ? 'PRIVATE_KEY' : live.keyType,
      });
      expect({ key: live.name, description: exported.description ?? '' }).toEqual({ key: live.name, description: live.description });
      expect(Object.keys(exported.environments).sort()).toEqual(live.environments.map((e) => e.environmentName).sort());
      for (const env of live.environments) {
        expect({ key: live.name, env: env.environmentName, alias: exported.environments[env.environmentName]!.alias ?? null }).toEqual({
          key: live.name,
          env: env.environmentName,
          alias: env.alias,
        });
      }
    }
  }
}

describe('export', () => {
  it.concurrent('writes a file that validate accepts as is, listing its variables, and that plans to no changes', () =>
    inExportWorld(async (world) => {
      const exported = await world.cli(['export', '--project', 'payments', '--project', 'team two', '-o', 'gitops/keys.yaml']);
      expect(exported.stderr).toContain('gitops/keys.yaml');
      expect(exported.code).toBe(0);
      const text = await readFile(join(world.dir, 'gitops', 'keys.yaml'), 'utf8');
      expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_ID}`);
      const live = world.sandbox.snapshot().projects.filter((p) => p.name !== 'third');

      const variables = listedVariables(text);
      expect(variables.map((v) => `${v.address} ${v.environment}`).sort()).toEqual(liveEnvironments(live));
      expect(new Set(variables.map((v) => v.name)).size).toBe(variables.length);
      const doc = parse(text) as ExportedDoc;
      expect(doc.version).toBe(1);
      expectMatchesLive(doc, live);
      for (const v of variables) {
        const [project, key] = [v.address.slice(0, v.address.indexOf('/')), v.address.slice(v.address.indexOf('/') + 1)];
        expect(doc.projects[project]!.keys[key]!.environments[v.environment]!.content).toEqual({ env: v.name });
      }

      const gitops = join(world.dir, 'gitops');
      const validated = await world.cli(['validate', '-f', 'keys.yaml'], {}, { cwd: gitops });
      expect(validated.stderr).toBe('');
      expect(validated.code).toBe(0);

      const values = Object.fromEntries(
        variables.map((v, i) => [
          v.name,
          makeTestMaterial(
            doc.projects[v.address.slice(0, v.address.indexOf('/'))]!.keys[v.address.slice(v.address.indexOf('/') + 1)]!.type,
            `TEST ONLY: any text ${i}`,
          ),
        ]),
      );
      world.sandbox.clearRequests();
      const planned = await world.cli(['plan', '-f', 'keys.yaml', '--detailed-exitcode'], values, { cwd: gitops });
      expect(planned.stdout).toContain('No changes.');
      expect(planned.code).toBe(0);
      expect(world.sandbox.requests().some((r) => r.path.includes('team%20two') || r.path.includes('team two'))).toBe(true);
      expect(world.mutationsSince()).toEqual([]);
      expect(world.sandbox.requests().some((r) => r.path.includes('third'))).toBe(false);
    }),
  );

  it.concurrent('writes one file per project into a directory given as DIR/', () =>
    inExportWorld(async (world) => {
      const run = await world.cli(['export', '--project', 'payments', '--project', 'team two', '--project', 'third', '-o', 'per-project/']);
      expect(run.code).toBe(0);
      const dir = join(world.dir, 'per-project');
      const files = (await readdir(dir)).sort();
      expect(files).toHaveLength(3);
      const live = world.sandbox.snapshot().projects;
      const seen: string[] = [];
      for (const file of files) {
        expect(file).toMatch(/^[\p{L}\p{N}._-]+\.ya?ml$/u);
        const text = await readFile(join(dir, file), 'utf8');
        expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_ID}`);
        const doc = parse(text) as ExportedDoc;
        const names = Object.keys(doc.projects);
        expect(names).toHaveLength(1);
        const project = live.find((p) => p.name === names[0])!;
        expectMatchesLive(doc, [project]);
        expect(
          listedVariables(text)
            .map((v) => `${v.address} ${v.environment}`)
            .sort(),
        ).toEqual(liveEnvironments([project]));
        seen.push(project.name);
      }
      expect(seen.sort()).toEqual(['payments', 'team two', 'third']);

      const validated = await world.cli(['validate', '-f', 'per-project'], {}, { cwd: world.dir });
      expect(validated.code).toBe(0);
    }),
  );

  // A directory given as DIR/ is created whatever the number of files written into it.
  it.concurrent('writes one file into a new directory given as DIR/ for a single project', () =>
    inExportWorld(async (world) => {
      const run = await world.cli(['export', '--project', 'payments', '-o', 'new-dir/']);
      expect(run.stderr).not.toMatch(/internal error/i);
      expect(run.code).toBe(0);
      expect(await readdir(join(world.dir, 'new-dir'))).toEqual(['payments.yaml']);
    }),
  );

  it.concurrent('writes to stdout without -o: only the document, which parses as the desired state', () =>
    inExportWorld(async (world) => {
      const run = await world.cli(['export', '--project', 'team two']);
      expect(run.code).toBe(0);
      expect(run.stdout.startsWith('#')).toBe(true);
      const doc = parse(run.stdout) as ExportedDoc;
      expectMatchesLive(
        doc,
        world.sandbox.snapshot().projects.filter((p) => p.name === 'team two'),
      );
      expect(listedVariables(run.stdout).map((v) => `${v.address} ${v.environment}`)).toEqual(['team two/- dash production']);
      expect(run.stderr).not.toContain('version: 1');
    }),
  );

  it.concurrent('without --project is a usage error that reads nothing', () =>
    inExportWorld(async (world) => {
      const run = await world.cli(['export', '-o', 'gitops/keys.yaml']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('--project');
      expect(run.stdout).toBe('');
      expect(world.sandbox.requests()).toEqual([]);
      expect(existsSync(join(world.dir, 'gitops', 'keys.yaml'))).toBe(false);
    }),
  );

  it.concurrent('of a missing project fails naming it, and writes no file', () =>
    inExportWorld(async (world) => {
      const run = await world.cli(['export', '--project', 'payments', '--project', 'no-such-project', '-o', 'gitops/keys.yaml']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('no-such-project');
      expect(existsSync(join(world.dir, 'gitops', 'keys.yaml'))).toBe(false);
    }),
  );

  // A live key deployed to no environment (the API allows it) must not make the export
  // invalid (the schema wants at least one environment per key), nor plan a delete of it.
  it.concurrent('writes a valid file, planning no changes, when a live key is deployed nowhere', () =>
    inExportWorld(
      async (world) => {
        const exported = await world.cli(['export', '--project', 'solo', '-o', 'gitops/keys.yaml']);
        expect(exported.code).toBe(0);
        const gitops = join(world.dir, 'gitops');
        const validated = await world.cli(['validate', '-f', 'keys.yaml'], {}, { cwd: gitops });
        expect(validated.stderr).toBe('');
        expect(validated.code).toBe(0);
        const text = await readFile(join(gitops, 'keys.yaml'), 'utf8');
        const values = Object.fromEntries(listedVariables(text).map((v) => [v.name, 'TEST ONLY: any text']));
        const planned = await world.cli(['plan', '-f', 'keys.yaml', '--detailed-exitcode'], values, { cwd: gitops });
        expect(planned.code).toBe(0);
      },
      {
        projects: [
          {
            name: 'solo',
            environments: [{ name: 'production' }],
            keys: [
              { name: 'normal', keyType: 'SECRET_KEY', environments: [{ name: 'production', content: LIVE }] },
              { name: 'undeployed', keyType: 'SECRET_KEY', environments: [] },
            ],
          },
        ],
      },
    ),
  );
});
