// Real-editor tests: `npm run test:e2e` (the last step of `npm test`).
//
//   node test/e2e/run.mjs                       all suites: vscode (dev path), nvim, vsix (packaged)
//   node test/e2e/run.mjs --suite=vscode,nvim   some suites (also E2E_SUITES=vscode,nvim)
//   node test/e2e/run.mjs --suite=emacs         optional: Emacs + eglot with docs/editors/eglot.el
//                                               (needs apt-get install emacs-nox elpa-eglot elpa-markdown-mode)
//   node test/e2e/run.mjs --only=tag-completion run these checks only (enabled or not)
//   node test/e2e/run.mjs --all                 also run the checks that are gated in checks/enabled.mjs (E2E_ALL=1)
//   E2E_BLOG=path/to/blog                       another fixture blog (default examples/blog)
//   E2E_VSIX=path/to/x.vsix                     test this .vsix instead of packaging one
//   SKIP_E2E=1                                  explicit opt-out: prints that it skipped, exits 0
//
// Setup (Debian packages, code-server in .vscode-test/) runs first and installs only what is missing.
// Everything a run writes stays in .vscode-test/ (runs/<suite>/ for HOME, XDG_*, TMPDIR, profiles;
// screenshots/<suite>/ for the screenshots of each step).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureSetup, SetupError, ROOT, CACHE } from './setup.mjs';
import { enabled as enabledLists } from './checks/enabled.mjs';
import { killAllStartedSync } from './lib/codeServer.mjs';

const log = (msg) => console.log(`[e2e] ${msg}`);
const argv = process.argv.slice(2);
const opt = (name) => {
  const a = argv.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  if (!a) return undefined;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : true;
};

if (process.env.SKIP_E2E === '1') {
  console.log('[e2e] SKIPPED: SKIP_E2E=1 is set, so the real-editor tests (VS Code, Neovim, .vsix) did not run.');
  process.exit(0);
}

const suites = String(opt('suite') ?? process.env.E2E_SUITES ?? 'vscode,nvim,vsix').split(',').map((s) => s.trim()).filter(Boolean);
const only = opt('only') ? String(opt('only')).split(',') : null;
const all = opt('all') === true || process.env.E2E_ALL === '1';
const blogSrc = resolve(ROOT, process.env.E2E_BLOG ?? 'examples/blog');

// temp files of this process and of the tools it runs (vsce, playwright) stay in the cache folder too
mkdirSync(join(CACHE, 'tmp'), { recursive: true });
process.env.TMPDIR = join(CACHE, 'tmp');

const cleanup = () => killAllStartedSync();
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}
process.on('exit', cleanup);

function enabledFor(suite, allNames) {
  if (only) return only;
  if (all) return allNames;
  return enabledLists[suite] ?? [];
}

function fmtMs(ms) {
  return ms == null ? '' : `${(ms / 1000).toFixed(1)} s`;
}

const tStart = Date.now();
const report = [];

// 1. tools ---------------------------------------------------------------------------------------
try {
  const t = Date.now();
  const need = [];
  if (suites.some((s) => s === 'vscode' || s === 'vsix')) need.push('vscode');
  if (suites.includes('nvim')) need.push('nvim');
  ensureSetup(need);
  log(`setup ok (${fmtMs(Date.now() - t)})`);
} catch (e) {
  if (!(e instanceof SetupError)) throw e;
  console.error(`[e2e] FAILED: cannot set up the real-editor tests.\n${e.message}`);
  console.error('e2e: 0 passed, 1 failed');
  process.exit(1);
}

// 2. the build and the fixture ------------------------------------------------------------------------
const { runVsCodeSuite, hasBuild } = await import('./vscode.mjs');
if (!hasBuild()) {
  log('dist/ is missing: running npm run build');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0 || !hasBuild()) {
    console.error('[e2e] FAILED: the build did not produce dist/client/extension.js, dist/server/server.js and dist/server/cli.js');
    console.error('e2e: 0 passed, 1 failed');
    process.exit(1);
  }
}
if (!existsSync(blogSrc)) {
  console.error(`[e2e] FAILED: the fixture blog ${blogSrc} does not exist (set E2E_BLOG to another one)`);
  console.error('e2e: 0 passed, 1 failed');
  process.exit(1);
}

// 3. suites --------------------------------------------------------------------------------------
const { checks: vscodeChecks } = await import('./checks/vscode/index.mjs');
const vscodeNames = vscodeChecks.map((c) => c.name);

for (const suite of suites) {
  if (suite === 'vscode') {
    log('suite vscode: code-server + Chromium, extension from the development path');
    const r = await runVsCodeSuite({ mode: 'dev', blogSrc, enabled: enabledFor('vscode', vscodeNames), log });
    report.push({ suite, ...r });
  } else if (suite === 'nvim') {
    log('suite nvim: headless Neovim + blog-author lsp --stdio');
    const { runNvimSuite } = await import('./nvim.mjs');
    const names = ['initialize', 'tag-completion', 'related-definition', 'link-hover', 'shortcode-diagnostic', 'quick-fix', 'shortcode-completion', 'documented-config', 'documented-config-0.11'];
    const r = await runNvimSuite({ blogSrc, enabled: enabledFor('nvim', names), log });
    report.push({ suite, ...r });
  } else if (suite === 'vsix') {
    log('suite vsix: package the extension, install the .vsix into code-server, check it there');
    let vsix = process.env.E2E_VSIX ? resolve(process.env.E2E_VSIX) : null;
    const pre = [];
    if (!vsix) {
      const dir = join(CACHE, 'vsix');
      mkdirSync(dir, { recursive: true });
      vsix = join(dir, 'blog-author.vsix');
      const t = Date.now();
      const vsce = join(ROOT, 'node_modules', '.bin', 'vsce');
      // the same command as `npm run package` (whose build step `npm test` has just done); no stdin, so a
      // vsce question (missing LICENSE, repository, …) fails the run instead of waiting for an answer
      const p = spawnSync(vsce, ['package', '--no-dependencies', '--no-rewrite-relative-links', '--readme-path', 'README.vsix.md', '--out', vsix], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
      if (p.status !== 0 || !existsSync(vsix)) {
        report.push({ suite, results: [{ name: 'package', status: 'failed', detail: `vsce package failed:\n${p.stdout}\n${p.stderr}`.trim() }] });
        continue;
      }
      pre.push({ name: 'package', status: 'passed', detail: `${vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KiB)`, ms: Date.now() - t });
    }
    const r = await runVsCodeSuite({ mode: 'vsix', vsix, blogSrc, enabled: enabledFor('vsix', vscodeNames), log });
    r.results.unshift(...pre);
    report.push({ suite, ...r });
  } else if (suite === 'emacs') {
    log('suite emacs (optional): Emacs + eglot with docs/editors/eglot.el');
    const { runEmacsSuite } = await import('./emacs.mjs');
    report.push({ suite, ...(await runEmacsSuite({ blogSrc, log })) });
  } else {
    report.push({ suite, results: [{ name: 'unknown-suite', status: 'failed', detail: `no suite "${suite}" (vscode, nvim, vsix, emacs)` }] });
  }
}

// 4. report --------------------------------------------------------------------------------------
let passed = 0;
let failed = 0;
let skipped = 0;
console.log('');
for (const { suite, results, ms, timings, shotDir } of report) {
  console.log(`${suite}${ms != null ? ` (${fmtMs(ms)}${timings ? `; ${Object.entries(timings).map(([k, v]) => `${k} ${fmtMs(v)}`).join(', ')}` : ''})` : ''}`);
  for (const r of results) {
    const mark = r.status === 'passed' ? '  ✔' : r.status === 'failed' ? '  ✘' : '  -';
    const what = r.status === 'gated' ? `skipped (${only ? 'not in --only' : 'gated: not in checks/enabled.mjs'}): ${r.detail}` : r.detail;
    console.log(`${mark} ${r.name}${r.ms != null ? ` [${fmtMs(r.ms)}]` : ''}: ${what}`);
    if (r.status === 'passed') passed++;
    else if (r.status === 'failed') failed++;
    else skipped++;
  }
  if (shotDir) console.log(`  screenshots: ${shotDir}`);
}
console.log(`\n[e2e] total ${fmtMs(Date.now() - tStart)}`);
console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
