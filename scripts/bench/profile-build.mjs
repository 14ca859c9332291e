// An unminified build of the script-tag bundle for CPU profiles: the same entry and plugins as the
// real bundle minus terser, one output file per source module, so that a profile names confab's
// functions and files (src/components/comment-item/comment-item.js) instead of minified ones.
import nodeResolve from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';

/** Builds into `outDir`; returns the entry's path relative to it. */
export async function buildForProfile(outDir) {
  const bundle = await rollup({
    input: 'src/bundle.ts',
    plugins: [nodeResolve({ browser: true, exportConditions: ['production'] }), esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', sourceMap: false })],
    onwarn: () => {},
  });
  try {
    const { output } = await bundle.write({ dir: outDir, format: 'es', preserveModules: true, preserveModulesRoot: '.' });
    const entry = output.find((file) => file.type === 'chunk' && file.isEntry);
    return entry.fileName;
  } finally {
    await bundle.close();
  }
}
