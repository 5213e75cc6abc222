// ESLint for the extension, CLI, core, webview, tests and benches: typescript-eslint with type information.
// Architecture rules: src/core never imports vscode (nor the extension, CLI or protocol); the webview imports nothing
// from src/ but src/protocol.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      '.tools/**',
      '.venv/**',
      'test/golden/**',
      'test/fixtures/**',
      'test/corpus/**',
      'test/bad-input/files/**',
      'demo/**',
      'media/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './webview/tsconfig.json', './tsconfig.test.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Scope chains walk outwards with `for (let s = this; s; s = s.parent)`.
      '@typescript-eslint/no-this-alias': 'off',
      // Tests match indented code; counting spaces in a literal is clearer there than {4}.
      'no-regex-spaces': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core is pure TypeScript: it never imports vscode.' }],
          patterns: [
            {
              group: ['**/extension/**', '**/cli/**', '**/protocol/**'],
              message: 'src/core imports nothing from the extension, the CLI or the protocol.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview runs in a browser frame: it never imports vscode.' }],
          patterns: [{ group: ['**/src/extension/**', '**/src/core/**', '**/src/cli/**'], message: 'The webview imports only src/protocol.' }],
        },
      ],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The protocol is shared with the webview: no vscode.' }],
          patterns: [{ group: ['**/extension/**', '**/core/**', '**/cli/**', 'node:*'], message: 'The protocol imports nothing but itself.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        document: 'readonly',
        window: 'readonly',
        exports: 'writable',
        AbortSignal: 'readonly',
        AbortController: 'readonly',
        requestAnimationFrame: 'readonly',
        getComputedStyle: 'readonly',
        innerHeight: 'readonly',
        innerWidth: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // e2e tests wait on state (pollUntil, waitFor), never for a fixed time: a fixed sleep flakes on a loaded machine (#13)
    files: ['test/e2e/**/*.mjs'],
    rules: {
      'no-restricted-properties': ['error', { property: 'waitForTimeout', message: 'Wait on state (pollUntil, locator.waitFor) instead of a fixed time.' }],
    },
  },
);
