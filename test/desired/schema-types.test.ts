import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import type {
  ContentSource,
  DeletionSettings,
  DesiredEnvironment,
  DesiredKey,
  ProjectSettings,
} from '../../src/core/model/desired-state.js';
import { JWK_DELETE_ACTIONS, JWK_UPDATE_ACTIONS, KEY_TYPES, SECRET_KEY_ALGORITHMS, UPDATE_SCOPES } from '../../src/core/model/domain.js';
import { getDesiredStateValidator, readDesiredStateSchema } from '../../src/desired/desired-state-schema.js';
import type { RawContent, RawEnvironment, RawKey, RawProject } from '../../src/desired/document-body.js';
import { findSchemaGaps, sortedNames as sorted, walkSchema, type Schema } from '../support/schema-walk.js';

const schema = readDesiredStateSchema();
const { defs, deref, fieldsOf } = walkSchema(schema);

function propertiesOf(node: Schema): Record<string, Schema> {
  return deref(node).properties as Record<string, Schema>;
}

// `satisfies Record<…, true>` makes tsc fail when a type gains or loses a field these lists miss
const DELETION_SETTING_FIELDS = {
  jwkDeleteAction: true,
  jwkUpdateAction: true,
  updateScope: true,
  prune: true,
  ignore: true,
  protect: true,
  maxDeletions: true,
  compareMaterial: true,
} satisfies Record<keyof DeletionSettings, true>;
const PROJECT_FIELDS = { ...DELETION_SETTING_FIELDS, allowEmpty: true, keys: true } satisfies Record<
  keyof ProjectSettings | 'keys' | keyof RawProject,
  true
>;
const KEY_FIELDS = {
  state: true,
  type: true,
  algorithm: true,
  description: true,
  environments: true,
  jwkDeleteAction: true,
  jwkUpdateAction: true,
  updateScope: true,
  protect: true,
} satisfies Record<Exclude<keyof DesiredKey, 'project' | 'name' | 'location'> | keyof RawKey, true>;
const ENVIRONMENT_FIELDS = { alias: true, content: true } satisfies Record<
  Exclude<keyof DesiredEnvironment, 'name' | 'location'> | keyof RawEnvironment,
  true
>;
const CONTENT_KINDS = { file: true, env: true, base64: true } satisfies Record<ContentSource['kind'] | keyof RawContent, true>;

describe('schemas/desired-state.schema.json', () => {
  it('is a valid draft 2020-12 schema that ajv compiles in strict mode', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof schema.$id).toBe('string');
    expect(() => getDesiredStateValidator()).not.toThrow();
  });

  it('has the same closed sets as the domain model', () => {
    expect(deref(defs.jwkDeleteAction ?? {}).enum).toEqual([...JWK_DELETE_ACTIONS]);
    expect(deref(defs.jwkUpdateAction ?? {}).enum).toEqual([...JWK_UPDATE_ACTIONS]);
    expect(deref(defs.updateScope ?? {}).enum).toEqual([...UPDATE_SCOPES]);
    expect(propertiesOf(defs.key ?? {}).type?.enum).toEqual([...KEY_TYPES]);
    expect(propertiesOf(defs.key ?? {}).algorithm?.enum).toEqual([...SECRET_KEY_ALGORITHMS]);
    expect(propertiesOf(defs.key ?? {}).state?.enum).toEqual(['present', 'absent']);
  });

  it('has the same fields as the TypeScript types', () => {
    const root = schema.properties as Record<string, Schema>;
    expect(fieldsOf(root.defaults ?? {})).toEqual(sorted(DELETION_SETTING_FIELDS));
    expect(fieldsOf(defs.project ?? {})).toEqual(sorted(PROJECT_FIELDS));
    expect(fieldsOf(defs.key ?? {})).toEqual(sorted(KEY_FIELDS));
    expect(fieldsOf(defs.environment ?? {})).toEqual(sorted(ENVIRONMENT_FIELDS));
    expect(fieldsOf(defs.content ?? {})).toEqual(sorted(CONTENT_KINDS));
  });

  it('describes every property and forbids unknown fields everywhere', () => {
    expect(findSchemaGaps(schema)).toEqual({ undescribed: [], open: [] });
  });

  it('is the file the example in the fixtures points editors at', async () => {
    const fixture = await readFile(fileURLToPath(new URL('./fixtures/full/apinizer-keys.yaml', import.meta.url)), 'utf8');
    expect(fixture.split('\n')[0]).toBe('# yaml-language-server: $schema=../../../../schemas/desired-state.schema.json');
    const onDisk = JSON.parse(
      await readFile(fileURLToPath(new URL('../../schemas/desired-state.schema.json', import.meta.url)), 'utf8'),
    ) as unknown;
    expect(onDisk).toEqual(schema);
  });
});
