// Lint rules: typed checks so a floating promise in a workflow, activity or server never slips through.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', '.data', '.tools', 'coverage', 'eslint.config.mjs', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The pages' plain browser scripts (web/): no build step, so no types; web/kefu.js defines the shared `Kefu`.
    files: ['web/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      sourceType: 'script',
      parserOptions: { projectService: false },
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'navigator',
          'localStorage',
          'sessionStorage',
          'fetch',
          'TextDecoder',
          'AbortController',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'crypto',
          'Node',
          'Kefu',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    // Workflows stay deterministic: activity code and I/O modules may be imported for their types only.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../activities', '../activities/**', '../../activities/**'],
              allowTypeImports: true,
              message: 'Workflows call activities through workflows/activity-proxies.ts.',
            },
            {
              group: ['pg', 'fs', 'node:*', 'crypto', 'http', 'https', 'net'],
              message: 'Workflows never do I/O.',
            },
          ],
        },
      ],
    },
  },
);
