import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.mlops/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs', '__tests__/environments/*.mjs', '__tests__/reporters/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@actions/*'], message: 'Only packages/action-kit imports @actions/*.' }] },
      ],
    },
  },
  {
    // The packages run outside Actions too (the CLI, the relay, the demo): the runtime kit is for actions/ alone.
    files: ['packages/**'],
    ignores: ['packages/action-kit/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@actions/*'], message: 'Only packages/action-kit imports @actions/*.' },
            { group: ['@mlops-actions/action-kit', '@mlops-actions/action-kit/*'], message: 'Only actions/ import the action kit.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/action-kit/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // GitHub's workflow parser and expression evaluator check the workflow and action files; not runtime code.
    files: ['__tests__/helpers/workflows.ts', '__tests__/helpers/composite-action.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The Space's page: plain browser JavaScript, served as it is.
    files: ['packages/space/app/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: { document: 'readonly', fetch: 'readonly', createImageBitmap: 'readonly', URL: 'readonly' },
    },
  },
  {
    // The MLflow page: plain browser modules, served as they are.
    files: ['packages/ui/app/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: {
        addEventListener: 'readonly',
        document: 'readonly',
        DOMParser: 'readonly',
        fetch: 'readonly',
        history: 'readonly',
        location: 'readonly',
        Node: 'readonly',
        URL: 'readonly',
      },
    },
  },
  {
    files: ['__tests__/**'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  prettier,
);
