import type { FaultSettings, SandboxApi } from './public-types.js';
import type { SandboxState } from './state.js';
import { findKeyNameById } from './state.js';

/** A key's deployment to one environment, with the plain base64 the client sent. */
export interface SnapshotKeyEnvironment {
  readonly environmentName: string;
  readonly environmentId: string;
  /** Plain base64 as stored (what the client sent), not the opaque form list replies show. */
  readonly content: string;
  readonly alias: string | null;
}

/** A key as stored. */
export interface SnapshotKey {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly keyType: string;
  /** The SECRET_KEY algorithm; null for other types and for keys created by older generations. */
  readonly algorithm: string | null;
  readonly environments: readonly SnapshotKeyEnvironment[];
}

/** A JWK as stored. */
export interface SnapshotJwk {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly sourceType: string;
  /** Name of the key the JWK was made from; null once detached (or never from a key). */
  readonly sourceId: string | null;
  /** Id of that key (what the current generation shows as `sourceId`); null likewise. */
  readonly sourceKeyId: string | null;
  readonly sourceUrl: string | null;
  readonly type: string;
  readonly kid: string;
  readonly useType: string;
  readonly algorithm: string;
  readonly environmentName: string | null;
  /** How often the JWK was re-parsed from its key by `jwkUpdateAction=UPDATE`. */
  readonly revision: number;
}

/** An environment reachable from a project. */
export interface SnapshotEnvironment {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly accessUrl: string;
}

/** A project with everything in it, lists in the order the API returns them. */
export interface SnapshotProject {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly environments: readonly SnapshotEnvironment[];
  readonly keys: readonly SnapshotKey[];
  readonly jwks: readonly SnapshotJwk[];
}

/** A deep, JSON-safe copy of the sandbox state for assertions (also served by `GET /__sandbox/state`). */
export interface SandboxSnapshot {
  readonly projects: readonly SnapshotProject[];
  readonly faults: FaultSettings;
  /** The generation being spoken. */
  readonly api: SandboxApi;
}

/** Copies the state; nothing in the result aliases live records. */
export function takeSnapshot(state: SandboxState, faults: FaultSettings, api: SandboxApi): SandboxSnapshot {
  return {
    projects: [...state.projects.values()].map((project) => {
      const environmentIds = new Map(project.environments.map((environment) => [environment.name, environment.id]));
      return {
        id: project.id,
        name: project.name,
        description: project.description,
        environments: project.environments.map((environment) => ({ ...environment })),
        keys: [...project.keys.values()].map((key) => ({
          id: key.id,
          name: key.name,
          description: key.description,
          keyType: key.keyType,
          algorithm: key.algorithm,
          environments: key.environments.map((environment) => ({
            environmentName: environment.environmentName,
            environmentId: environmentIds.get(environment.environmentName) ?? '',
            content: environment.content,
            alias: environment.alias,
          })),
        })),
        jwks: [...project.jwks.values()].map((jwk) => ({
          id: jwk.id,
          name: jwk.name,
          description: jwk.description,
          sourceType: jwk.sourceType,
          sourceId: findKeyNameById(project, jwk.sourceKeyId),
          sourceKeyId: jwk.sourceKeyId,
          sourceUrl: jwk.sourceUrl,
          type: jwk.type,
          kid: jwk.kid,
          useType: jwk.useType,
          algorithm: jwk.algorithm,
          environmentName: jwk.environmentName,
          revision: jwk.revision,
        })),
      };
    }),
    faults: structuredClone(faults),
    api,
  };
}
