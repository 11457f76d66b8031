import type { Secret } from '../common/secret.js';

/** The client's bearer token, and one shared renewal when it expires. */
export interface TokenKeeper {
  /** The token to send now. */
  current(): string;
  /** Every token used so far: all are scrubbed from what the Manager says. */
  seen(): readonly string[];
  canRenew(): boolean;
  /**
   * A token newer than `expired`: fetched once for every call that saw the same token expire
   * (calls in flight share one fetch), or the one already fetched since. Once a fetch has
   * failed, every later renewal fails with the same error, without asking again.
   */
  renew(expired: string): Promise<string>;
}

/** Keeps a token and, for tokens from credentials, renews it once per expiry. */
export function createTokenKeeper(initial: Secret<string>, fetchNew: (() => Promise<Secret<string>>) | undefined): TokenKeeper {
  let token = initial.reveal();
  const used = [token];
  let pending: Promise<string> | undefined;
  // A refused renewal is final for the run: asking again with the same password could lock the account.
  let refused: Error | undefined;
  return {
    current: () => token,
    seen: () => used,
    canRenew: () => fetchNew !== undefined,
    renew: (expired) => {
      if (token !== expired) return Promise.resolve(token);
      if (fetchNew === undefined) return Promise.reject(new Error('this token can not be renewed'));
      if (refused !== undefined) return Promise.reject(refused);
      pending ??= fetchNew()
        .then((fresh) => {
          token = fresh.reveal();
          used.push(token);
          return token;
        })
        .catch((error: unknown) => {
          refused = error instanceof Error ? error : new Error(String(error));
          throw refused;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
  };
}
