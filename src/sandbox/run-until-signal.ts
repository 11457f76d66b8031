import type { SandboxOptions } from './public-types.js';
import type { ReplayRecording } from './replay-recording.js';
import { startReplay } from './replay-server.js';
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
  await waitForSignal(stop);
  await sandbox.close();
  out('Sandbox stopped.');
}

/** Replays a recording (`sandbox --replay FILE`) in the foreground until SIGINT or SIGTERM (or `stop`). */
export async function runReplayUntilSignal(
  options: { readonly recording: ReplayRecording; readonly host?: string; readonly port?: number; readonly origin: string },
  out: (line: string) => void,
  stop?: AbortSignal,
): Promise<void> {
  const replay = await startReplay(options);
  out(`Sandbox listening on ${replay.url} (replaying ${options.recording.exchanges.length} recorded replies of ${options.origin})`);
  out('Token: any (a recording holds none; its replies say what the Manager said to the token)');
  out('Requests that were not recorded are answered 404. Press Ctrl+C to stop.');
  await waitForSignal(stop);
  await replay.close();
  const unmatched = replay.unmatched();
  if (unmatched.length > 0) out(`Not in the recording (answered 404): ${unmatched.join(', ')}`);
  out('Sandbox stopped.');
}

function waitForSignal(stop: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
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
}
