/**
 * End to end: a Manager whose key, JWK and environment names and descriptions hold control
 * characters (clear screen, window title, a forged plan line). Nothing the CLI prints holds a
 * raw one: the names show as escapes, in text, JSON, Markdown, doctor and export output, notes
 * and errors (also under --debug), and JSON and exported YAML still carry them exactly.
 */
import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { CliRun } from '../support/run-cli.js';
import { desiredFile, seedKey, seedKeyJwk, seedProject, seedSecret, wantKey } from '../support/scenario.js';
import { toBase64 } from '../support/e2e.js';
import { inWorld } from '../support/world.js';

// Every control character but newline and tab, DEL, C1, and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
const FORGED = '\r\n  + key payments/forged';
const EVIL_KEY = `old\u001b[2J\u001b]0;owned\u0007${FORGED}`;
const EVIL_DESCRIPTION = `was\u001b[8mhidden\u009b31m${FORGED}`;
const MATERIAL = toBase64('TEST ONLY: hostile names material');

const seed = {
  projects: [
    seedProject(
      'payments',
      ['production'],
      [seedSecret('keep', EVIL_DESCRIPTION, { production: MATERIAL }), seedKey(EVIL_KEY, 'PRIVATE_KEY', { production: MATERIAL })],
      [seedKeyJwk(`jwk\u001b[5m${FORGED}`, EVIL_KEY)],
    ),
  ],
};
// A name a file can hold (no control character) that still must print escaped: a line
// separator and a right-to-left override. It is the key deleted below; EVIL_KEY, which no file
// can name, is left alone.
const ODD_KEY = 'old\u2028\u202eowned';
const seedWithOddKey = {
  projects: [
    seedProject(
      'payments',
      ['production'],
      [
        seedSecret('keep', EVIL_DESCRIPTION, { production: MATERIAL }),
        seedKey(EVIL_KEY, 'PRIVATE_KEY', { production: MATERIAL }),
        seedKey(ODD_KEY, 'PRIVATE_KEY', { production: MATERIAL }),
      ],
      [seedKeyJwk(`jwk\u001b[5m${FORGED}`, ODD_KEY)],
    ),
  ],
};
const files = {
  'apinizer-keys.yaml': desiredFile({ payments: { keys: { keep: wantKey('plain now', { production: { base64: MATERIAL } }) } } }),
};

/** No raw control character, and no forged line: the only `+ key` line would be the forgery's. */
function expectClean(run: CliRun): void {
  for (const [stream, text] of [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
  ] as const) {
    expect({ stream, raw: RAW_CONTROL.exec(text)?.[0] }).toEqual({ stream, raw: undefined });
    expect(text).not.toMatch(/^\s*\+ key payments\/forged/m);
  }
}

describe('names and descriptions with control characters', () => {
  it('plan, plan --format markdown, apply and doctor print them escaped, and apply still deletes the key by its real name', () =>
    inWorld({ seed: seedWithOddKey, files }, async (world) => {
      const plan = await world.cli(['plan', '-v']);
      expect(plan.code).toBe(0);
      expectClean(plan);
      expect(plan.stdout).toContain('- key payments/old\\u2028\\u202eowned');
      expect(plan.stdout).toContain('was\\u001b[8mhidden\\u009b31m\\r');
      // No file can name a key with control characters: it is left alone, said escaped.
      expect(plan.stdout).toContain(
        '. payments/old\\u001b[2J\\u001b]0;owned\\u0007\\r\\n  + key payments/forged: left alone, never pruned',
      );

      const markdown = await world.cli(['plan', '--format', 'markdown']);
      expect(markdown.code).toBe(0);
      expectClean(markdown);

      // JSON escapes them too (C1 and U+2028 included), and still carries the names exactly.
      const json = await world.cli(['plan', '--format', 'json', '--out', 'plan.json']);
      expect(json.code).toBe(0);
      expectClean(json);
      const document = JSON.parse(json.stdout) as { entries: { action: string; key: string; affectedJwks?: { name: string }[] }[] };
      const deleted = document.entries.find((entry) => entry.action === 'delete');
      expect(deleted?.key).toBe(ODD_KEY);
      expect(deleted?.affectedJwks?.map((jwk) => jwk.name)).toEqual([`jwk\u001b[5m${FORGED}`]);
      const saved = await readFile(join(world.dir, 'plan.json'), 'utf8');
      expect(RAW_CONTROL.exec(saved.replace(/\n/g, ''))?.[0]).toBeUndefined();
      for (const format of ['text', 'json']) expectClean(await world.cli(['show', 'plan.json', '--format', format]));

      const applied = await world.cli(['apply', '--auto-approve']);
      expect(applied.code).toBe(0);
      expectClean(applied);
      expect(applied.stdout).toContain('Apply complete: 0 created, 1 updated, 1 deleted.');
      expect([...world.keyNames('payments')].sort()).toEqual(['keep', EVIL_KEY].sort());

      const doctor = await world.cli(['doctor']);
      expectClean(doctor);
    }));

  it('export writes them escaped inside double quotes (exact when read back), and its comments and notes stay comments and notes', () =>
    inWorld({ seed, files }, async (world) => {
      const stdout = await world.cli(['export', '--project', 'payments']);
      expect(stdout.code).toBe(0);
      expectClean(stdout);
      const written = await world.cli(['export', '--project', 'payments', '-o', 'exported.yaml']);
      expect(written.code).toBe(0);
      expectClean(written);
      const text = await readFile(join(world.dir, 'exported.yaml'), 'utf8');
      expect(text).toBe(stdout.stdout);
      // Every line but the YAML's own is a comment or a mapping line: nothing broke out of a comment.
      expect(text.split('\n').filter((line) => /^\S/.test(line) && !/^(#|version:|projects:)/.test(line))).toEqual([]);
      const parsed = parse(text) as { projects: { payments: { ignore?: string[]; keys: Record<string, { description?: string }> } } };
      // A key name with control characters is one the file format cannot hold: it is ignored, exactly, not an entry.
      expect(Object.keys(parsed.projects.payments.keys)).toEqual(['keep']);
      expect(parsed.projects.payments.ignore).toEqual([EVIL_KEY]);
      expect(written.stderr).toContain('payments/"old\\u001b[2J\\u001b]0;owned\\u0007\\r\\n  + key payments/forged"');
      expect(parsed.projects.payments.keys.keep?.description).toBe(EVIL_DESCRIPTION);
    }));

  it('notes quoting a path keep to one line', () =>
    inWorld({ seed, files }, async (world) => {
      const run = await world.cli(['plan', '--out', 'plan\u001b]0;T\u0007\r\nError: FORGED.json']);
      expect(run.code).toBe(0);
      expectClean(run);
      expect(run.stderr).toContain('Saved the plan to plan\\u001b]0;T\\u0007\\r\\nError: FORGED.json.');
      expect(run.stderr.split('\n').filter((line) => line.startsWith('Error:'))).toEqual([]);
    }));

  it('a lying Manager cannot forge error lines, also with --debug', async () => {
    // Every reply: a 400 whose text tries to set the title and print an error line of its own.
    const manager = createServer((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'FAILURE', resultMessage: `Bad\u001b]0;T\u0007 thing\r\nError: FORGED\u2028line` }));
    });
    await new Promise<void>((resolve) => manager.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(manager.address() as AddressInfo).port}`;
      await inWorld({ files, url }, async (world) => {
        for (const flags of [[], ['--debug', '-v']]) {
          const run = await world.cli(['plan', '--retries', '0', ...flags]);
          expect(run.code).toBe(1);
          expectClean(run);
          expect(run.stderr).toContain('Bad\\u001b]0;T\\u0007 thing\\r\\nError: FORGED\\u2028line');
          expect(run.stderr.split('\n').filter((line) => line.startsWith('Error:'))).toHaveLength(1);
        }
      });
    } finally {
      await new Promise((resolve) => manager.close(resolve));
    }
  });

  it('a usage error quoting the command line shows it escaped', () =>
    inWorld({ files, connect: false }, async (world) => {
      const run = await world.cli([`pla\u001b]0;T\u0007n`], {}, { decorate: false });
      expect(run.code).toBe(1);
      expectClean(run);
      expect(run.stderr).toContain('pla\\u001b]0;T\\u0007n');
    }));

  it('an error quoting a name from the command line stays one clean line', () =>
    inWorld({ seed, files }, async (world) => {
      const run = await world.cli(['plan', '--target', `nowhere\u001b]0;owned\u0007${FORGED}`]);
      expect(run.code).toBe(1);
      expectClean(run);
      expect(run.stderr.split('\n').filter((line) => line.startsWith('Error: '))).toHaveLength(1);
    }));
});
