#!/usr/bin/env node
// `npm version` runs this (the "version" script) after it bumps package.json and before it
// commits: each schema's $id names the published file of the new version. A test checks them.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const file of readdirSync(join(root, 'schemas')).filter((name) => name.endsWith('.schema.json'))) {
  const path = join(root, 'schemas', file);
  const id = `https://unpkg.com/apinizer-keys@${version}/schemas/${file}`;
  // A textual replace keeps the file's formatting; only the first "$id" is the schema's own.
  writeFileSync(path, readFileSync(path, 'utf8').replace(/"\$id": "[^"]*"/, `"$id": "${id}"`));
}
