// Bundles the extension client, the language server, the CLI and the renderer with esbuild, so the
// .vsix ships no node_modules. Each command loads only what it needs: `check` and `index` load the
// CLI bundle alone; `lsp` requires the server bundle; the preview and `render` require the renderer
// (highlight.js, KaTeX, markdown-it) on first use.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
    entryPoints: { 'server/server': 'server/src/serverMain.ts', 'server/render': 'server/src/renderMain.ts' },
    outdir: 'dist',
    plugins: [lazyBundles],
  }),
  // The CLI bundle without keepNames: it defines a `name` on every closure each time one is made
  // (several per post in `check`, ~3% of its CPU); its commands log no stack traces of the core.
  build({ ...common, keepNames: false, entryPoints: { 'server/cli': 'server/src/cli/main.ts' }, outdir: 'dist', plugins: [lazyBundles] }),
]);
// The preview webview's script, stylesheet and KaTeX assets.
copyPreviewAssets();
// V8's compiled code of the CLI bundle, made by one `check` of the example blog: bin/blog-author.js
// loads it when it fits this bundle and this Node.js (every command then starts ~40 ms sooner).
// The server bundle's, made by a short LSP session (initialize, a completion, shutdown) on the same blog,
// for `blog-author lsp` (Neovim, Helix, Emacs); first, since that run writes the CLI's cache too.
if (!watch) {
  const env = { ...process.env, BLOG_AUTHOR_WRITE_CODE_CACHE: '1' };
  await lspSession('examples/blog', env);
  spawnSync(process.execPath, ['bin/blog-author.js', 'check', 'examples/blog'], { stdio: 'ignore', env });
}

/**
 * A session that opens a post of `blog`, asks a tag completion and exits once it is answered (stdin
 * stays open until then: the server quits at the end of its input). Never fails the build.
 */
function lspSession(blog, env) {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/blog-author.js', 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env });
    const timer = setTimeout(() => child.kill(), 60_000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('"id":3')) child.stdin.end(frame({ jsonrpc: '2.0', method: 'exit' }));
    });
    child.on('error', () => undefined);
    child.stdin.on('error', () => undefined);
    child.on('close', () => {
      clearTimeout(timer);
      done();
    });
    child.stdin.write(lspMessages(blog).map(frame).join(''));
  });
}

function frame(message) {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function lspMessages(blog) {
  const root = pathToFileURL(resolve(blog)).href;
  const post = `${root}/content/post/code-cache-warm-up.md`;
  const text = '---\ntitle: Warm-up\ntags:\n- \n---\n\nA [link](/).\n';
  return [
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: root, workspaceFolders: [{ uri: root, name: 'blog' }], capabilities: {} } },
    { jsonrpc: '2.0', method: 'initialized', params: {} },
    { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: post, languageId: 'markdown', version: 1, text } } },
    { jsonrpc: '2.0', id: 2, method: 'textDocument/completion', params: { textDocument: { uri: post }, position: { line: 3, character: 2 } } },
    { jsonrpc: '2.0', id: 3, method: 'shutdown' },
  ];
}
