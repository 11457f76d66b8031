#!/usr/bin/env node
// Part of `npm run build`, after tsc: writes the standalone schema validator the loader
// requires (dist/generated/desired-state-validator.cjs), so no run compiles the schema.
// Uses the built generator, the same code the test suite runs to check the file is current.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { generateValidatorCode } = await import(join(root, 'dist', 'yaml', 'generate-validator-code.js'));
const schema = JSON.parse(readFileSync(join(root, 'schemas', 'desired-state.schema.json'), 'utf8'));
const out = join(root, 'dist', 'generated', 'desired-state-validator.cjs');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, generateValidatorCode(schema));
