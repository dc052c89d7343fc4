// Bundles the extension client, the language server, the CLI and the renderer with esbuild, so the
// .vsix ships no node_modules. Each command loads only what it needs: `check` and `index` load the
// CLI bundle alone; `lsp` requires the server bundle; the preview and `render` require the renderer
// (highlight.js, KaTeX, markdown-it) on first use.
import { spawnSync } from 'node:child_process';
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

/** `require('…/renderMain')` and `require('…/serverMain')` stay requires of the sibling bundles. */
const lazyBundles = {
  name: 'lazy-bundles',
  setup(b) {
    b.onResolve({ filter: /^(\.\.?\/)+(renderMain|serverMain)$/ }, (args) =>
      args.kind === 'require-call' ? { path: args.path.endsWith('serverMain') ? './server.js' : './render.js', external: true } : undefined,
    );
  },
};

await Promise.all([
  build({ ...common, entryPoints: { 'client/extension': 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
  build({
    ...common,
    entryPoints: { 'server/server': 'server/src/serverMain.ts', 'server/cli': 'server/src/cli/main.ts', 'server/render': 'server/src/renderMain.ts' },
    outdir: 'dist',
    plugins: [lazyBundles],
  }),
]);
// The preview webview's script, stylesheet and KaTeX assets.
copyPreviewAssets();
// V8's compiled code of the CLI bundle, made by one `check` of the example blog: bin/blog-author.js
// loads it when it fits this bundle and this Node.js (every command then starts ~40 ms sooner).
if (!watch) {
  spawnSync(process.execPath, ['bin/blog-author.js', 'check', 'examples/blog'], { stdio: 'ignore', env: { ...process.env, BLOG_AUTHOR_WRITE_CODE_CACHE: '1' } });
}
