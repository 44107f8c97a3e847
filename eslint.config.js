// ESLint (flat config): the recommended JavaScript and typescript-eslint rules, without type
// information so a run stays fast. `npm run lint`; not part of `npm test` yet.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['lib/', 'dist/', 'coverage/', 'bench/results/', 'bench/node_modules/', 'node_modules/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
