/** The sandbox's replay of a doctor recording: recorded replies in order, the last again, a 404 for the rest. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { startReplay, validateRecording, type ReplayHandle } from '../../src/sandbox/index.js';
import { catchAppError } from '../support/catch-app-error.js';

const recording = validateRecording(
  {
    formatVersion: 1,
    recordedBy: 'apinizer-keys/test',
    anonymized: false,
    exchanges: [
      { method: 'GET', path: 'projects/', query: {}, status: 503, contentType: 'application/json', replyBody: { status: 'FAILURE' } },
      {
        method: 'GET',
        path: 'projects/',
        query: {},
        status: 200,
        contentType: 'application/json',
        replyBody: { status: 'SUCCESS', resultList: [] },
      },
      { method: 'DELETE', path: 'projects/p/keys/k/', query: { jwkDeleteAction: 'DELETE' }, status: 200, replyBody: { success: true } },
      { method: 'GET', path: 'projects/p/keys/', query: {}, status: 200, contentType: 'text/html', replyBody: '<html>login</html>' },
      { method: 'GET', path: 'projects/q/keys/', query: {}, networkError: 'ECONNRESET' },
    ],
  },
  '(test)',
);

let replay: ReplayHandle | undefined;
afterEach(async () => {
  await replay?.close();
  replay = undefined;
});

async function call(path: string, method = 'GET'): Promise<{ status: number; text: string; type: string | null }> {
  const response = await fetch(`${replay!.url}/apiops/${path}`, { method });
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
}

describe('sandbox replay', () => {
  it('answers a request with its recorded replies in order, then the last one again', async () => {
    replay = await startReplay({ recording });
    expect((await call('projects/')).status).toBe(503);
    expect(await call('projects/')).toMatchObject({ status: 200, text: '{"status":"SUCCESS","resultList":[]}' });
    expect((await call('projects/')).status).toBe(200);
  });

  it('matches method, path and query exactly, and answers anything else 404, naming it', async () => {
    replay = await startReplay({ recording });
    expect((await call('projects/p/keys/k/?jwkDeleteAction=DELETE', 'DELETE')).status).toBe(200);
    expect((await call('projects/p/keys/k/?jwkDeleteAction=NULLIFY', 'DELETE')).status).toBe(404);
    expect((await call('projects/p/keys/k/')).status).toBe(404);
    expect(replay.unmatched()).toEqual(['DELETE /apiops/projects/p/keys/k/?jwkDeleteAction=NULLIFY', 'GET /apiops/projects/p/keys/k/']);
  });

  it('sends text replies as text, and closes the connection where none arrived', async () => {
    replay = await startReplay({ recording });
    expect(await call('projects/p/keys/')).toEqual({ status: 200, text: '<html>login</html>', type: 'text/html' });
    await expect(call('projects/q/keys/')).rejects.toThrow();
  });

  it('refuses a file that is not a recording', () => {
    const error = catchAppError(() => validateRecording({ formatVersion: 2, exchanges: [] }, 'bad.json'));
    expect(error.code).toBe('invalid_document');
    expect(error.message).toBe('bad.json is not a recording of apinizer-keys doctor --record.');
  });
});
