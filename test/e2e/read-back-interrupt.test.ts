/**
 * End to end: a SIGINT while an apply reads its changes back exits 130 like an interrupt
 * anywhere else in apply: the operations are done, the read back is abandoned (it only
 * reads), and the summary says it was skipped.
 */
import { describe, expect, it } from '@jest/globals';
import { toBase64 } from '../support/e2e.js';
import { openWorld } from '../support/world.js';

const MATERIAL = toBase64('TEST ONLY: read-back interrupt material');
const LATENCY_MS = 1500;

describe('SIGINT during the read back', () => {
  it('abandons the read back, reports it skipped, and exits 130', async () => {
    const world = await openWorld({
      seed: { projects: [{ name: 'p', environments: [{ name: 'production' }] }] },
      files: {
        'apinizer-keys.yaml': `version: 1
projects:
  p:
    keys:
      k: { type: SECRET_KEY, algorithm: AES, environments: { production: { content: { base64: "${MATERIAL}" } } } }
`,
      },
      secrets: { material: MATERIAL },
    });
    const apply = world.spawn(['apply', '--auto-approve']);
    // The create has been answered; what follows is the read back, slowed down so the signal lands in it.
    await apply.waitForStdout(/p\/k: creating\.\.\./, 20_000);
    world.sandbox.setFaults({ latencyMs: LATENCY_MS });
    await apply.waitForStdout(/p\/k: created after/, 20_000);
    const readBackStarted = world.mark();
    apply.child.kill('SIGINT');
    const started = Date.now();
    const run = await apply.done;

    expect(run.code).toBe(130);
    expect(run.stdout).toContain('Apply interrupted: 1 created, 0 updated, 0 deleted');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('Read back: skipped (interrupted).');
    // It did not wait for the read back to finish.
    expect(Date.now() - started).toBeLessThan(LATENCY_MS);
    expect(world.mutationsSince(readBackStarted)).toEqual([]);
    expect(world.keyNames('p')).toEqual(['k']);
  });
});
