// ESLint: typescript-eslint's type-checked rules, and the layering of src/ as import rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * A folder's imports restricted to patterns (relative specifiers, as the code writes them).
 * A pattern may be a list (gitignore style, so `!` exempts a file from the pattern before it).
 */
function layer(files, patterns, message) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: patterns.map((group) => ({ group: Array.isArray(group) ? group : [group], message })) },
      ],
    },
  };
}

/** The folders of src/ that are layers; common/ is the kernel every layer may use. */
const LAYERS = ['action', 'apinizer', 'apply', 'cli', 'core', 'desired', 'engine', 'export', 'live', 'sandbox', 'saved-plan', 'yaml'];

/**
 * Import patterns for every layer but `allowed` (and common/), as written from files
 * `depth` folders below src/ (0: src/ itself). One list, so a new layer is closed off everywhere.
 */
function layersBut(depth, allowed = []) {
  const up = depth === 0 ? './' : '../'.repeat(depth);
  return LAYERS.filter((name) => !allowed.includes(name)).map((name) => `${up}${name}/**`);
}

/** What the core may not import: it is pure. */
const CORE_PURE = ['node:*', ...layersBut(2, ['core'])];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/**', 'scripts/**', '*.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_name` marks a value taken apart on purpose (destructuring to drop a field).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests take replies and documents apart with casts on purpose; asserting their shape is the test.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  // The layering. common/ is the shared kernel every layer may use; it uses no other.
  layer(['src/common/**'], ['../*/**', '!../common/**'], 'common/ is the shared kernel: it imports no other layer.'),
  // The core is pure: plain data in, plain data out.
  layer(['src/core/**'], CORE_PURE, 'core/ is pure: no node: modules and no other layer but common/.'),
  // The model is the data every part of the core shares; it depends on none of them.
  layer(
    ['src/core/model/**'],
    [...CORE_PURE, '../plan/**', '../verify/**', '../render/**', '../doctor/**'],
    'core/model/ is plain data: pure, and it imports no planner, verifier, renderer or doctor.',
  ),
  layer(['src/yaml/**'], layersBut(1, ['yaml']), 'yaml/ reads documents; it knows no domain.'),
  layer(
    ['src/apinizer/**'],
    [
      ...layersBut(1, ['apinizer', 'core']),
      '../core/plan/**',
      '../core/verify/**',
      '../core/render/**',
      // The reachability probe fills in doctor's facts; the judging stays in the core.
      ['../core/doctor/*', '!../core/doctor/doctor-facts.js'],
    ],
    'apinizer/ is the client: it knows the API and the model only.',
  ),
  layer(['src/desired/**'], layersBut(1, ['desired', 'core', 'yaml']), 'desired/ loads files: it never talks to a Manager.'),
  layer(
    ['src/live/**', 'src/apply/**'],
    layersBut(1, ['live', 'apply', 'apinizer', 'core']),
    'live/ and apply/ talk to the Manager through the client only.',
  ),
  layer(
    ['src/saved-plan/**'],
    layersBut(1, ['saved-plan', 'core', 'desired', 'yaml']),
    'saved-plan/ is the file format and its checks: no I/O beyond reading the file.',
  ),
  layer(
    ['src/engine/**'],
    layersBut(1, ['engine', 'apinizer', 'apply', 'core', 'desired', 'export', 'live', 'saved-plan', 'yaml']),
    'engine/ owns the use cases: it knows no command line and no sandbox.',
  ),
  layer(
    ['src/sandbox/**'],
    layersBut(1, ['sandbox', 'core', 'yaml']),
    'sandbox/ imitates a Manager: it shares no code with the client side.',
  ),
  // The GitHub Action runs the built CLI as a child process: it shares only the kernel.
  layer(
    ['src/action/**'],
    layersBut(1, ['action']),
    'action/ runs the CLI as a program: it imports common/ only, never the layers behind the CLI.',
  ),
  // Its deciding part (comment body, marker, create or update, inputs) is pure, like core/.
  layer(
    ['src/action/pure/**'],
    ['node:*', 'got', '../*.js', ...layersBut(2)],
    'action/pure/ is pure: no node: modules, no HTTP, nothing but common/ and itself.',
  ),
  // The programmatic API re-exports the engine, the model, the renderers and the kernel: what the CLI may use.
  layer(
    ['src/index.ts'],
    [...layersBut(0, ['engine', 'core', 'export']), './core/plan/**'],
    'index.ts is the public API: the engine, the model, the renderers and common/ only.',
  ),
  // Commands parse flags, call the engine and render: no reaching past the engine.
  layer(
    ['src/cli/**'],
    [
      ...layersBut(1, ['cli', 'engine', 'core', 'export', 'sandbox', 'yaml']),
      ...layersBut(2, ['cli', 'engine', 'core', 'export', 'sandbox', 'yaml']),
      '../core/plan/**',
      '../../core/plan/**',
      // Of doctor, only the report and its renderers: checking is the engine's use case.
      ['../../core/doctor/*', '!../../core/doctor/render-doctor.js', '!../../core/doctor/doctor-report.js'],
    ],
    'cli/ imports the engine, the model and the renderers only.',
  ),
);
