import { createInterface } from 'node:readline/promises';
import { AppError } from '../common/app-error.js';

/** Where the prompt reads and writes; the process's terminal unless a test passes its own. */
export interface PromptStreams {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

/**
 * Asks on the terminal; only the exact answer `yes` approves, as with Terraform. The end of
 * the input (Ctrl+D, a closed terminal) is no answer, so a refusal. Ctrl+C rejects with an
 * `interrupted` AppError: asked before a change, so nothing was changed.
 */
export async function askForApproval(
  question: string,
  streams: PromptStreams = { input: process.stdin, output: process.stderr },
): Promise<boolean> {
  const rl = createInterface({ input: streams.input, output: streams.output });
  const ended = new AbortController();
  let interrupted = false;
  // With a listener, readline reports Ctrl+C here instead of closing the prompt with an AbortError.
  rl.on('SIGINT', () => {
    interrupted = true;
    ended.abort();
  });
  // Without this, an input that ends before a line leaves the question pending for ever.
  rl.on('close', () => ended.abort());
  try {
    return isApproval(await rl.question(question, { signal: ended.signal }));
  } catch (error) {
    if (interrupted) {
      throw new AppError({ code: 'interrupted', fault: 'user', message: 'Interrupted with Ctrl+C at the prompt. Nothing was changed.' });
    }
    if (ended.signal.aborted) return false;
    throw error;
  } finally {
    rl.close();
  }
}

/**
 * True only for exactly `yes`. Just the line ending is dropped (a CR can survive from a
 * terminal in raw mode); anything else — ` yes`, `yes `, `YES`, `y` — is a refusal, since an
 * answer that is not exactly what was asked for is not a deliberate approval of deletes.
 */
export function isApproval(answer: string): boolean {
  return answer.replace(/[\r\n]+$/, '') === 'yes';
}
