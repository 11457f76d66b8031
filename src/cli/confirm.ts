import { createInterface } from 'node:readline/promises';

/** Asks on the terminal; only the exact answer `yes` approves, as with Terraform. */
export async function askForApproval(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(question);
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}
