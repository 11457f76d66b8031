/**
 * What the plan renderers' tests share: material that no output may show, a project with
 * every kind of change in it, and the check that an output shows none of that material.
 */
import { expect } from '@jest/globals';
import type { DesiredKey, DesiredProject } from '../../src/core/model/desired-state.js';
import type { LiveKey, LiveProject } from '../../src/core/model/live-state.js';
import * as build from './builders.js';

/** Material as users keep it (a PEM private key, a password): no output may show it. */
export const SECRET_TEXTS: readonly string[] = ['-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'staging-secret-Zq8#wL2!'];
/** {@link SECRET_TEXTS} as the inline base64 a file gives. */
export const SECRET_BASE64: readonly string[] = SECRET_TEXTS.map((text) => Buffer.from(text, 'utf8').toString('base64'));

/** How the renderers' tests vary {@link everyActionProject}. */
export interface EveryActionOptions {
  /** The key whose one-line description is updated: its name, and the live and desired descriptions. */
  readonly updated: { readonly name: string; readonly before: string; readonly after: string };
  /** Adds `guarded`: a protected key marked absent, which blocks the plan. */
  readonly guarded: boolean;
}

/**
 * Project `p` as the file wants it and as the Manager has it: `new` is created (alias `sig`);
 * `changed` gets a two-line description and new production content (staging's matches); the
 * updated key a new description; `gone` is deleted with `DELETE`, taking the two key JWKs made
 * from it (not the URL one); `same` is a no-op; `ignored1` matches the ignore pattern `ign*`.
 */
export function everyActionProject(options: EveryActionOptions): { desired: DesiredProject; live: LiveProject } {
  const { updated, guarded } = options;
  const desiredKeys: DesiredKey[] = [
    build.desiredKey('p', 'new', {
      description: 'brand new',
      environments: [build.desiredEnvironment('production', { alias: 'sig', base64: SECRET_BASE64[0]! })],
    }),
    build.desiredKey('p', 'changed', {
      description: 'line one\nline 2',
      environments: [
        build.desiredEnvironment('production', { base64: SECRET_BASE64[0]! }),
        build.desiredEnvironment('staging', { base64: SECRET_BASE64[1]! }),
      ],
    }),
    build.desiredKey('p', updated.name, {
      description: updated.after,
      environments: [build.desiredEnvironment('production', { base64: SECRET_BASE64[1]! })],
    }),
    build.absentKey('p', 'gone', { jwkDeleteAction: 'DELETE' }),
    build.desiredKey('p', 'same'),
  ];
  const liveKeys: LiveKey[] = [
    build.liveKey('changed', {
      description: 'line one\nline two',
      environments: [
        { environmentName: 'production', materialSha256: build.sha256OfBase64(SECRET_BASE64[1]!) },
        { environmentName: 'staging', materialSha256: build.sha256OfBase64(SECRET_BASE64[1]!) },
      ],
    }),
    build.liveKey(updated.name, { description: updated.before }),
    build.liveKey('gone', { environments: [{ environmentName: 'staging' }, { environmentName: 'production' }] }),
    build.liveKey('same'),
    build.liveKey('ignored1'),
  ];
  if (guarded) {
    desiredKeys.push(build.absentKey('p', 'guarded', { protect: true }));
    liveKeys.push(build.liveKey('guarded'));
  }
  return {
    desired: build.desiredProject('p', desiredKeys, { ignore: ['ign*'] }),
    live: build.liveProject('p', liveKeys, {
      jwks: [
        { name: 'jwk-b', sourceType: 'PRIVATE_KEY', sourceId: 'gone' },
        { name: 'jwk-a', sourceType: 'PUBLIC_KEY', sourceId: 'gone' },
        { name: 'jwk-url', sourceType: 'URL', sourceId: 'gone' },
      ],
    }),
  };
}

/**
 * Fails if the output shows any test material ({@link SECRET_TEXTS} and the builders' default),
 * decoded, as base64 or as its fingerprint, or a recognisable piece of it.
 */
export function expectNoMaterialIn(output: string): void {
  const base64 = [...SECRET_BASE64, build.DEFAULT_MATERIAL_BASE64];
  for (const secret of [...SECRET_TEXTS, build.DEFAULT_MATERIAL_TEXT, ...base64, ...base64.map(build.sha256OfBase64)]) {
    expect(output).not.toContain(secret);
  }
  expect(output).not.toContain(SECRET_BASE64[0]!.slice(0, 16));
  expect(output).not.toContain('BEGIN PRIVATE KEY');
}
