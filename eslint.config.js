// Typed lint for every package. Boundaries (ARCHITECTURE.md §2) are enforced here:
// the core may not reach for I/O, clocks, randomness or apps; apps may not import each other.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const purityBans = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process'], message: 'core is pure: no Node modules.' },
        { group: ['@tessera/cli', '@tessera/server', '@tessera/web', '**/apps/**'], message: 'core never imports an app.' },
      ],
    },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'core takes `now` as a parameter.' },
    { object: 'Math', property: 'random', message: 'core takes `random` as a parameter.' },
    { object: 'crypto', property: 'getRandomValues', message: 'core takes `random` as a parameter.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core takes `now` as a parameter.' },
  ],
  'no-restricted-globals': ['error', 'fetch', 'process', 'crypto', 'window', 'document', 'localStorage', 'indexedDB'],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'bench/out/**', 'apps/cli/bundle/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Explicit list rather than projectService: core's tests and sources live side by side
        // but are checked by different tsconfigs (the sources without Node types).
        project: ['tsconfig.json', 'packages/*/tsconfig.json', 'packages/*/tsconfig.test.json', 'apps/*/tsconfig.json', 'bench/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Template literals with numbers are ubiquitous in messages and harmless.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  { files: ['packages/*/src/**/*.ts'], ignores: ['**/*.test.ts', '**/test-support/**'], rules: purityBans },
  {
    files: ['apps/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@tessera/server', '@tessera/web', '**/apps/server/**', '**/apps/web/**', '@tessera/core/*'], message: 'apps do not import each other or deep core paths.' }] },
      ],
    },
  },
  {
    files: ['apps/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@tessera/cli', '@tessera/web', '**/apps/cli/**', '**/apps/web/**', '@tessera/core/*'], message: 'apps do not import each other or deep core paths.' }] },
      ],
      // Configuration is read once, in config/config.ts; everything else gets it passed in.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration through loadConfig().' }],
    },
  },
  {
    files: ['apps/server/src/config/**/*.ts', 'apps/server/src/main.ts', 'apps/server/src/**/*.test.ts', 'apps/server/src/**/test-support/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.test.ts'],
    rules: {
      // Tests assert on shapes they just built; non-null assertions keep them readable.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.js'], languageOptions: { globals: globals.node } },
);
