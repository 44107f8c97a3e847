// ESLint (flat config): the recommended JavaScript and typescript-eslint rules, without type
// information so a run stays fast. `npm run lint`, which `npm test` runs.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['lib/', 'dist/', 'coverage/', 'bench/results/', 'bench/node_modules/', 'node_modules/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  // A leading underscore marks a name kept on purpose (a callback's unused parameter, a destructured key left out).
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  // Tests read back JSON that a formatter wrote and a schema check already validated.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
