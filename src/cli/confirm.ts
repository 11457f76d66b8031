import { createInterface } from 'node:readline/promises';

/** Where the prompt reads and writes; the process's terminal unless a test passes its own. */
export interface PromptStreams {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

/** Asks on the terminal; only the exact answer `yes` approves, as with Terraform. */
export async function askForApproval(
  question: string,
  streams: PromptStreams = { input: process.stdin, output: process.stderr },
): Promise<boolean> {
  const rl = createInterface({ input: streams.input, output: streams.output });
  try {
    return isApproval(await rl.question(question));
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
