#!/usr/bin/env node
// The main job end to end on one machine: start the sandbox with the example seed,
// plan the example file, apply it, and plan again (which must show no changes).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSeed, startSandbox } from '../dist/sandbox/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'examples');
const cli = join(root, 'dist', 'cli.js');

const seedPath = join(examples, 'sandbox-seed.yaml');
const sandbox = await startSandbox({ port: 0, seed: parseSeed(await readFile(seedPath, 'utf8'), seedPath) });
const env = {
  ...process.env,
  APINIZER_URL: sandbox.url,
  APINIZER_TOKEN: 'demo-token',
  // The example reads the staging signing key from this variable, as CI would from a secret.
  STAGING_JWT_KEY: await readFile(join(examples, 'keys', 'jwt-signing-staging.test-key.pem'), 'utf8'),
};

function run(title, args) {
  process.stdout.write(`\n\u001b[1m$ apinizer-keys ${args.join(' ')}\u001b[22m   # ${title}\n\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: examples, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

let failed = false;
try {
  process.stdout.write(`Sandbox (seeded from examples/sandbox-seed.yaml) at ${sandbox.url}\n`);
  const steps = [
    ['what would change', ['plan'], 0],
    ['carry it out', ['apply', '--auto-approve'], 0],
    ['live state now matches the file', ['plan', '--detailed-exitcode'], 0],
  ];
  for (const [title, args, expected] of steps) {
    const code = await run(title, args);
    if (code !== expected) {
      process.stderr.write(`\nDemo step "apinizer-keys ${args.join(' ')}" exited ${code}, expected ${expected}.\n`);
      failed = true;
      break;
    }
  }
} finally {
  await sandbox.close();
}
process.stdout.write(failed ? '\nDemo failed.\n' : '\nDemo complete: planned, applied, and re-planned to no changes.\n');
process.exitCode = failed ? 1 : 0;
