/** Closed sets of the Apinizer domain, shared by the file format, the client and the planner. */

export const KEY_TYPES = ['SECRET_KEY', 'PRIVATE_KEY', 'PUBLIC_KEY'] as const;
/** The type of a crypto key in Apinizer. */
export type KeyType = (typeof KEY_TYPES)[number];

export const SECRET_KEY_ALGORITHMS = ['AES', 'DES', 'DESede', 'RSA'] as const;
/** The algorithm of a SECRET_KEY, case-sensitive as the Manager spells it; required for secret keys, absent for the others. */
export type SecretKeyAlgorithm = (typeof SECRET_KEY_ALGORITHMS)[number];

export const JWK_DELETE_ACTIONS = ['NULLIFY', 'DELETE'] as const;
/** What a key delete does to the JWKs made from the key: detach them (NULLIFY) or delete them (DELETE). */
export type JwkDeleteAction = (typeof JWK_DELETE_ACTIONS)[number];

export const JWK_UPDATE_ACTIONS = ['NULLIFY', 'UPDATE'] as const;
/** What a key update does to the JWKs made from the key: detach them (NULLIFY) or re-parse them (UPDATE). */
export type JwkUpdateAction = (typeof JWK_UPDATE_ACTIONS)[number];

export const UPDATE_SCOPES = ['SAME_PROJECT', 'ALL_PROJECTS'] as const;
/** Which projects' JWKs a `jwkUpdateAction: UPDATE` re-parses. */
export type UpdateScope = (typeof UPDATE_SCOPES)[number];

/** The API's own defaults, used when nothing else is configured. */
export const API_DEFAULTS = {
  jwkDeleteAction: 'NULLIFY',
  jwkUpdateAction: 'NULLIFY',
  updateScope: 'SAME_PROJECT',
} as const satisfies {
  jwkDeleteAction: JwkDeleteAction;
  jwkUpdateAction: JwkUpdateAction;
  updateScope: UpdateScope;
};

/** `project/key`: how the plan, `--target` and `--replace-content` name a key. */
export function formatAddress(project: string, key: string): string {
  return `${project}/${key}`;
}
