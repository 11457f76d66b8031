// ESLint: typescript-eslint's type-checked rules, and the layering of src/ as import rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A folder's imports restricted to patterns (relative specifiers, as the code writes them). */
function layer(files, patterns, message) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
    },
  };
}

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
  layer(
    ['src/core/**'],
    [
      'node:*',
      '../../action/**',
      '../../apinizer/**',
      '../../apply/**',
      '../../cli/**',
      '../../desired/**',
      '../../engine/**',
      '../../export/**',
      '../../live/**',
      '../../sandbox/**',
      '../../saved-plan/**',
      '../../yaml/**',
    ],
    'core/ is pure: no node: modules and no other layer but common/.',
  ),
  layer(
    ['src/yaml/**'],
    [
      '../apinizer/**',
      '../apply/**',
      '../cli/**',
      '../core/**',
      '../desired/**',
      '../engine/**',
      '../live/**',
      '../sandbox/**',
      '../saved-plan/**',
    ],
    'yaml/ reads documents; it knows no domain.',
  ),
  layer(
    ['src/apinizer/**'],
    [
      '../apply/**',
      '../cli/**',
      '../desired/**',
      '../engine/**',
      '../export/**',
      '../live/**',
      '../sandbox/**',
      '../saved-plan/**',
      '../yaml/**',
    ],
    'apinizer/ is the client: it knows the API and the model only.',
  ),
  layer(
    ['src/desired/**'],
    ['../apinizer/**', '../apply/**', '../cli/**', '../engine/**', '../live/**', '../sandbox/**', '../saved-plan/**'],
    'desired/ loads files: it never talks to a Manager.',
  ),
  layer(
    ['src/live/**', 'src/apply/**'],
    ['../cli/**', '../engine/**', '../desired/**', '../sandbox/**', '../saved-plan/**'],
    'live/ and apply/ talk to the Manager through the client only.',
  ),
  layer(
    ['src/saved-plan/**'],
    ['../apinizer/**', '../apply/**', '../cli/**', '../engine/**', '../live/**', '../sandbox/**'],
    'saved-plan/ is the file format and its checks: no I/O beyond reading the file.',
  ),
  layer(['src/engine/**'], ['../cli/**', '../sandbox/**'], 'engine/ owns the use cases: it knows no command line and no sandbox.'),
  layer(
    ['src/sandbox/**'],
    ['../apinizer/**', '../apply/**', '../cli/**', '../desired/**', '../engine/**', '../live/**', '../saved-plan/**', '../export/**'],
    'sandbox/ imitates a Manager: it shares no code with the client side.',
  ),
  // The GitHub Action runs the built CLI as a child process: it shares only the kernel.
  layer(
    ['src/action/**'],
    [
      '../apinizer/**',
      '../apply/**',
      '../cli/**',
      '../core/**',
      '../desired/**',
      '../engine/**',
      '../export/**',
      '../live/**',
      '../sandbox/**',
      '../saved-plan/**',
      '../yaml/**',
    ],
    'action/ runs the CLI as a program: it imports common/ only, never the layers behind the CLI.',
  ),
  // Its deciding part (comment body, marker, create or update, inputs) is pure, like core/.
  layer(
    ['src/action/pure/**'],
    [
      'node:*',
      'got',
      '../*.js',
      '../../apinizer/**',
      '../../apply/**',
      '../../cli/**',
      '../../core/**',
      '../../desired/**',
      '../../engine/**',
      '../../export/**',
      '../../live/**',
      '../../sandbox/**',
      '../../saved-plan/**',
      '../../yaml/**',
    ],
    'action/pure/ is pure: no node: modules, no HTTP, nothing but common/ and itself.',
  ),
  // Commands parse flags, call the engine and render: no reaching past the engine.
  layer(
    ['src/cli/**'],
    [
      '../apinizer/**',
      '../../apinizer/**',
      '../apply/**',
      '../../apply/**',
      '../live/**',
      '../../live/**',
      '../saved-plan/**',
      '../../saved-plan/**',
      '../desired/**',
      '../../desired/**',
      '../core/plan/**',
      '../../core/plan/**',
    ],
    'cli/ imports the engine, the model and the renderers only.',
  ),
);
