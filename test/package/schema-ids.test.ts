import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { schemaUrl, type SchemaName } from '../../src/common/schema-url.js';

const ROOT = new URL('../../', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string };
const files = readdirSync(new URL('schemas/', ROOT)).filter((name) => name.endsWith('.schema.json'));

describe('the schemas’ $id: the published file of this version', () => {
  it.each(files)('%s names itself on unpkg at the version in package.json', (file) => {
    const schema = JSON.parse(readFileSync(new URL(`schemas/${file}`, ROOT), 'utf8')) as { $id: string };
    // on a mismatch after a version bump: `npm version` runs scripts/sync-schema-ids.mjs; or run it by hand
    expect(schema.$id).toBe(`https://unpkg.com/apinizer-keys@${version}/schemas/${file}`);
    expect(schemaUrl(file.replace('.schema.json', '') as SchemaName)).toBe(schema.$id);
  });

  it('covers every schema the tool knows', () => {
    expect(files.sort()).toEqual([
      'desired-state.schema.json',
      'doctor-report.schema.json',
      'plan.schema.json',
      'recording.schema.json',
      'sandbox-seed.schema.json',
      'validate-result.schema.json',
    ]);
  });
});
