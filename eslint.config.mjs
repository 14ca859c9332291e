// Lint rules: typescript-eslint and eslint-plugin-lit for the browser code (src/, test/), plain
// JavaScript with Node globals for scripts/, server/ and the node-run tests. The project-specific
// rules keep untrusted HTML behind src/render/ and focused tests out of the suite.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * Modules that turn strings into markup: only src/render/ may use them (see DESIGN.md). confab
 * renders markdown with its own parser (src/render/markdown.ts); `marked` is a dev dependency of
 * the benchmark's baseline and must not reach the library.
 */
const htmlFromStrings = {
  paths: [
    { name: 'dompurify', message: 'Sanitize through src/render/sanitize.ts.' },
    { name: 'marked', message: 'Render markdown through src/render/markdown.ts.' },
  ],
  patterns: [
    {
      group: ['dompurify/*', 'marked/*'],
      message: 'Only src/render/ may use dompurify; markdown goes through src/render/markdown.ts.',
    },
    {
      group: ['lit/directives/unsafe-*', 'lit-html/directives/unsafe-*'],
      message: 'Render untrusted HTML only through src/render/sanitize.ts.',
    },
  ],
};

/** Test functions whose `.only`/`.skip` would silently shrink the suite. */
const focusedTests = ['describe', 'it', 'context', 'suite', 'test'].flatMap((object) =>
  ['only', 'skip'].map((property) => ({
    object,
    property,
    message: 'Commit the whole suite: no .only or .skip.',
  })),
);

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', 'server/dist/', 'examples/*/dist/', 'examples/*/node_modules/', '.cache/', 'data/', 'bench-results/', '.test-results/', 'custom-elements.json'],
  },
  js.configs.recommended,
  {
    // Input validation strips control characters on purpose; the rule only flags that.
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'demo/**/*.{js,mjs,ts}'],
    extends: [lit.configs['flat/recommended']],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['scripts/**', 'server/**', 'test/server/**', 'test/e2e/**', 'test/package/**', 'examples/*/*.{js,ts}', '*.{js,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.{js,mjs,ts}'],
    ignores: ['src/render/**'],
    rules: { 'no-restricted-imports': ['error', htmlFromStrings] },
  },
  {
    files: ['src/render/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'marked', message: 'Render markdown through src/render/markdown.ts.' }], patterns: ['marked/*'] },
      ],
    },
  },
  {
    // Assigning markup bypasses the sanitizer just as an import of it would.
    files: ['src/**/*.ts'],
    ignores: ['src/render/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]",
          message: 'Build DOM with Lit templates; untrusted HTML goes through src/render/sanitize.ts.',
        },
        {
          selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|createContextualFragment)$/]",
          message: 'Build DOM with Lit templates; untrusted HTML goes through src/render/sanitize.ts.',
        },
        {
          // The root's font size says nothing about the text an element sits in: under a page's
          // html { font-size: 62.5% }, rem sizes made comments 10 px.
          selector: "TaggedTemplateExpression[tag.name='css'] TemplateElement[value.raw=/\\d(\\.\\d+)?rem\\b/]",
          message: 'Sizes in em (of the text where the element sits), not rem; see src/styles/tokens.ts.',
        },
      ],
    },
  },
  {
    files: ['test/**'],
    rules: {
      'no-restricted-properties': ['error', ...focusedTests],
      // Chai's property assertions (`expect(x).to.exist`) read as bare expressions.
      '@typescript-eslint/no-unused-expressions': 'off',
      'no-unused-expressions': 'off',
    },
  },
);
