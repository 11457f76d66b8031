import type { Output } from './output.js';

import type { InterruptGuard } from '../engine/index.js';

/**
 * First signal: no new operation starts, in-flight requests finish (a read back under way is
 * abandoned), and the apply reports what was and was not done. Second signal: exit at once.
 */
export function guardInterrupts(output: Output): InterruptGuard {
  let stopping = false;
  let announceStop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (announceStop = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      output.note(`\n${signal} again: stopping now. Run plan to see what remains.`);
      process.exit(130);
    }
    stopping = true;
    announceStop();
    output.note(`\n${signal}: finishing the operations in flight, starting no new ones (send again to stop at once).`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    isStopping: () => stopping,
    stopped,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
