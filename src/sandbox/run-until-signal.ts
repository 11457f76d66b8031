import type { SandboxOptions } from './public-types.js';
import { startSandbox } from './server.js';

/**
 * Runs a sandbox in the foreground (the CLI's `sandbox` command): prints where it listens,
 * a token and a curl line to try, then waits for SIGINT or SIGTERM (or `stop`, for tests
 * and embedders) and resolves once the server is closed.
 */
export async function runSandboxUntilSignal(options: SandboxOptions, out: (line: string) => void, stop?: AbortSignal): Promise<void> {
  const sandbox = await startSandbox(options);
  out(`Sandbox listening on ${sandbox.url}`);
  out(`Token: ${sandbox.token}`);
  out(`Try: curl -H 'Authorization: Bearer ${sandbox.token}' ${sandbox.url}/apiops/projects/`);
  out('Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    const finish = (): void => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      stop?.removeEventListener('abort', finish);
      resolve();
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    if (stop?.aborted) finish();
    else stop?.addEventListener('abort', finish, { once: true });
  });
  await sandbox.close();
  out('Sandbox stopped.');
}
