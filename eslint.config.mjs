// Lint rules the compiler does not cover: promises nobody awaits, workflow code reaching for I/O, import cycles,
// a transaction opened past db/transaction.ts.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Packages that talk to the outside world (disk, network, database, mail, logs, the Temporal server).
const ioModules = [
  'better-sqlite3',
  'busboy',
  'drizzle-kit',
  'drizzle-orm',
  'express',
  'mailparser',
  'nodemailer',
  'node-forge',
  'oidc-provider',
  'openid-client',
  'pino',
  'prom-client',
  'smtp-server',
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/testing',
  '@temporalio/worker',
  '@temporalio/common/lib/internal-non-workflow',
];

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', '.cache/', 'data/', 'docs/', 'db/migrations/', 'db/migrations-pg/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    // The cycle rule follows imports into TypeScript files, which it parses itself.
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // A variable a closure reads before its first assignment stays a let: a const there would throw.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'import-x/no-cycle': 'error',
      // drizzle's (or better-sqlite3's) own transaction would skip SQLite's connection gate, which keeps other
      // requests' statements out of an open transaction, and PostgreSQL's SERIALIZABLE with its retry.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction']",
          message: 'Run several statements as one with transaction(db, async (tx) => …) from db/transaction.ts.',
        },
      ],
      // As tsc's noUnusedParameters: a leading underscore marks a name kept on purpose (a handler's
      // signature, a field left out of a rest copy).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // The one place that opens transactions, for every other.
    files: ['db/transaction.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Workflow code is replayed: it may not touch the outside world, only workflow APIs and plain modules.
    // Modules that do I/O themselves (activities, API, config, DB, links...) may be imported for their types only.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({
            name,
            message: 'Workflow code may not use Node built-ins; do it in an activity.',
          })),
          patterns: [
            { regex: '^node:', message: 'Workflow code may not use Node built-ins; do it in an activity.' },
            { group: ioModules, message: 'Workflow code may not do I/O; do it in an activity.' },
            {
              regex: '^(\\.\\./)+(activities|api|config|db|dev|links|workers|scripts|bench|test)(/|$)',
              allowTypeImports: true,
              message: 'Workflow code may import only the types of this module: its code does I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // Plain JavaScript is outside the TypeScript project, so it is linted without type information.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  {
    files: ['api/pages/assets/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', fetch: 'readonly', setTimeout: 'readonly' },
    },
  },
);
