// Lint rules that keep the architecture honest: each part imports only what it may.
import tseslint from 'typescript-eslint';

const noImport = (patterns, message) => ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.veil-data/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The shared contract: no platform, no other part.
    files: ['src/protocol/**'],
    rules: {
      'no-restricted-imports': noImport(
        ['node:*', '**/provider/**', '**/extension/**', 'webextension-polyfill', 'pg', '@electric-sql/*'],
        'src/protocol is shared by every part: it imports nothing platform-specific.',
      ),
    },
  },
  {
    files: ['src/provider/**'],
    rules: {
      'no-restricted-imports': noImport(
        ['**/extension/**', 'webextension-polyfill'],
        'The provider never imports extension code.',
      ),
    },
  },
  {
    files: ['src/extension/**'],
    rules: {
      'no-restricted-imports': noImport(
        ['node:*', '**/provider/**', 'pg', '@electric-sql/*'],
        'The extension talks to the provider only over HTTP, through src/protocol types.',
      ),
    },
  },
  // Within the extension, each part reaches the others only through messages.ts.
  ...[
    [
      'content',
      ['**/ui/**', '**/store/**', '**/store', '**/background/**', 'preact', 'preact/*', 'dexie'],
      'Content scripts run in every page: no UI, no storage, no background internals.',
    ],
    ['ui', ['**/background/**', '**/content/**'], 'UI pages talk to the background through messages only.'],
    [
      'store',
      ['**/ui/**', '**/background/**', '**/content/**'],
      'The store is a leaf: it imports no other extension part.',
    ],
    [
      'background',
      ['**/ui/**', '**/content/**', 'preact', 'preact/*'],
      'The background imports neither UI nor content code.',
    ],
  ].map(([part, banned, message]) => ({
    files: [`src/extension/${part}/**`],
    rules: {
      'no-restricted-imports': noImport(['node:*', '**/provider/**', 'pg', '@electric-sql/*', ...banned], message),
    },
  })),
);
