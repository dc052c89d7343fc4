// Bundles the extension client, the language server and the CLI with esbuild.
// One bundle each, so the .vsix ships no node_modules.
import { build } from 'esbuild';
import { copyPreviewAssets } from '../client/src/preview/copyAssets.mjs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  minify: !watch,
  // Readable function names in stack traces the server logs.
  keepNames: true,
  // ESM entry points first: some packages (jsonc-parser) ship a UMD main that bundlers cannot follow.
  mainFields: ['module', 'main'],
};

await Promise.all([
  build({ ...common, entryPoints: { 'client/extension': 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
  build({ ...common, entryPoints: { 'server/server': 'server/src/serverMain.ts', 'server/cli': 'server/src/cli/main.ts' }, outdir: 'dist' }),
]);
// The preview webview's script, stylesheet and KaTeX assets.
copyPreviewAssets();
