import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
// A subpath with no DOM and no side effects: safe in the Node process that runs this config.
import { isConfabElement } from 'confab-comments/tags';

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: isConfabElement } } })],
});
