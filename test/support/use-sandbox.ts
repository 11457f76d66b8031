import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { DEFAULT_FAULTS, startSandbox, type SandboxHandle, type SandboxOptions } from '../../src/sandbox/index.js';

/** What to reset before each test of a file that shares one sandbox. */
export interface SandboxResets {
  /** Back to the default faults (no latency, no failures). */
  readonly faults?: boolean;
  /** An empty request log. */
  readonly requests?: boolean;
}

/**
 * One sandbox for every test of the file: started before them, closed after them, and reset
 * before each as asked. Returns a handle that stands for it (usable in tests and hooks only).
 */
export function useSandbox(options: SandboxOptions, resets: SandboxResets = {}): SandboxHandle {
  let handle: SandboxHandle | undefined;
  const current = (): SandboxHandle => {
    if (!handle) throw new Error('the sandbox starts in beforeAll; use it inside a test or a hook');
    return handle;
  };
  beforeAll(async () => {
    handle = await startSandbox(options);
  });
  afterAll(async () => {
    await handle?.close();
  });
  if (resets.faults || resets.requests) {
    beforeEach(() => {
      if (resets.faults) current().setFaults(DEFAULT_FAULTS);
      if (resets.requests) current().clearRequests();
    });
  }
  return {
    get url() {
      return current().url;
    },
    get token() {
      return current().token;
    },
    requests: () => current().requests(),
    clearRequests: () => current().clearRequests(),
    setFaults: (faults) => current().setFaults(faults),
    setApi: (api) => current().setApi(api),
    replaceMaterial: (project, key, environment, content) => current().replaceMaterial(project, key, environment, content),
    snapshot: () => current().snapshot(),
    close: () => current().close(),
  };
}
