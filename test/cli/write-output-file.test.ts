import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { writeOutputFile } from '../../src/cli/write-output-file.js';
import { catchAppErrorAsync } from '../support/catch-app-error.js';

const dir = mkdtempSync(join(tmpdir(), 'write-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeOutputFile says why a file could not be written, and what to do', () => {
  it('a missing directory', async () => {
    const error = await catchAppErrorAsync(writeOutputFile(join(dir, 'nope', 'plan.json'), '{}'));
    expect(error).toMatchObject({ code: 'usage', fault: 'user', hint: 'Check that its directory exists and is writable.' });
    expect(error.message).toBe(`Cannot write ${join(dir, 'nope', 'plan.json')}: no such file or directory.`);
  });

  // Skipped, not passed, where there is no /dev/full (it answers every write with ENOSPC).
  (existsSync('/dev/full') ? it : it.skip)('a full disk asks for space, not for a writable directory', async () => {
    const error = await catchAppErrorAsync(writeOutputFile('/dev/full', '{}'));
    expect(error.message).toBe('Cannot write /dev/full: no space left on the device.');
    expect(error.hint).toBe('Free space on that device (or write elsewhere), then run again.');
  });
});
