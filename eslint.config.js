// Lint: TypeScript rules plus the module boundaries of DESIGN.md (renderer → shared only; core never imports electron; SQL only in core/db).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'worker_threads', 'url', 'util', 'events', 'stream'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'resources/trainer/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', 'better-sqlite3', 'onnxruntime-node', 'ws'].map((name) => ({ name, message: 'The renderer talks to the backend only through the API client (electron/shared).' })),
        patterns: [
          { group: ['**/electron/core', '**/electron/core/**', '**/electron/main', '**/electron/main/**', '**/electron/preload', '**/electron/preload/**', '**/electron/server', '**/electron/server/**'], message: 'The renderer imports only electron/shared.' },
          { group: nodeBuiltins, message: 'The renderer runs in a sandboxed page: no Node modules.' },
        ],
      }],
    },
  },
  {
    files: ['electron/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'electron/shared is imported by the renderer: no Electron.' }],
        patterns: [
          { group: nodeBuiltins, message: 'electron/shared is imported by the renderer: no Node modules.' },
          { group: ['**/core/**', '**/main/**', '**/preload/**', '**/server/**', 'react', 'react-dom'], message: 'electron/shared depends on nothing but zod.' },
        ],
      }],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The backend runs under plain Node: never import electron here.' }],
        patterns: [{ group: ['@electron/*', '**/electron/main/**', '**/main/**', '**/preload/**', '**/renderer/**'], message: 'The backend never imports the Electron shell or the renderer.' }],
      }],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    ignores: ['electron/core/db/**', 'electron/core/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name=/^(prepare|exec)$/][arguments.0.type=/Literal|TemplateLiteral/]",
        message: 'SQL lives in electron/core/db repositories.',
      }],
    },
  },
);
