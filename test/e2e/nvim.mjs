// The Neovim suite: headless Neovim 0.7.2 runs nvim/checks.lua against `node bin/blog-author.js lsp --stdio`
// on a copy of the fixture blog.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, NVIM } from './setup.mjs';
import { makeRunDir, copyWorkspace } from './lib/runDir.mjs';
import { readBlog, pickPost, findTagsBlock, findMisnamedRelated, siteShortcodes } from './lib/blog.mjs';
import { makePlan } from './lib/plan.mjs';

export async function runNvimSuite({ blogSrc, enabled, log }) {
  const runDir = makeRunDir('nvim');
  const folder = copyWorkspace(runDir, blogSrc);
  const blog = readBlog(folder);
  const post = pickPost(blog);
  const tags = findTagsBlock(post);
  const plan = makePlan(blog, post, {
    cmd: [process.execPath, join(ROOT, 'bin', 'blog-author.js'), 'lsp', '--stdio'],
    enabled,
    result_file: join(runDir.dir, 'result.txt'),
    quickfix: quickFixPlan(blog),
    shortcodes: { site: siteShortcodes(folder), builtin: ['highlight'] },
  });
  const planFile = join(runDir.dir, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan, null, 2));
  log(`nvim: ${NVIM} on ${post.rel} (copy in ${folder})`);
  const t0 = Date.now();
  const child = spawn(NVIM, ['--headless', '-n', '-i', 'NONE', '-u', 'NONE', '-c', `luafile ${join(ROOT, 'test/e2e/nvim/checks.lua')}`], {
    cwd: folder,
    env: { ...runDir.env, BLOG_AUTHOR_E2E_PLAN: planFile },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => (stdout += b));
  child.stderr.on('data', (b) => (stderr += b));
  const code = await new Promise((res) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      res('timeout');
    }, 90_000);
    child.on('exit', (c) => {
      clearTimeout(timer);
      res(c);
    });
  });
  // the server may still be shutting down in nvim's group
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {}
  const text = existsSync(plan.result_file) ? readFileSync(plan.result_file, 'utf8') : stdout;
  const results = [];
  for (const line of text.split('\n')) {
    const m = line.match(/^(ok|FAIL|skip) ([\w-]+): ?(.*)$/);
    if (m) results.push({ name: m[2], status: m[1] === 'ok' ? 'passed' : m[1] === 'FAIL' ? 'failed' : 'gated', detail: m[3] });
  }
  if (!results.length || (code !== 0 && !results.some((r) => r.status === 'failed'))) {
    results.push({
      name: 'nvim-run',
      status: 'failed',
      detail: `nvim exited ${code}; stdout: ${stdout.slice(-1500)} stderr: ${stderr.slice(-1500)}`,
    });
  }
  // the configuration the README documents (docs/editors/neovim.lua), loaded as the user's init.lua,
  // with `blog-author` on the PATH as after `npm install -g .`
  if (enabled.includes('documented-config')) results.push(await runDocumentedConfig(runDir, folder, post, planFile, tags));
  const ms = Date.now() - t0;
  return { results, ms };
}

async function runDocumentedConfig(runDir, folder, post, planFile, tags) {
  if (!tags) return { name: 'documented-config', status: 'failed', detail: 'fixture post has no tags: list' };
  const binDir = join(runDir.dir, 'bin');
  mkdirSync(binDir, { recursive: true });
  const shim = join(binDir, 'blog-author');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'blog-author.js')}" "$@"\n`);
  chmodSync(shim, 0o755);
  const r = spawnSync(
    NVIM,
    ['--headless', '-n', '-i', 'NONE', '-u', join(ROOT, 'docs/editors/neovim.lua'), '-c', `luafile ${join(ROOT, 'test/e2e/nvim/config-check.lua')}`, post.abs],
    { cwd: folder, env: { ...runDir.env, PATH: `${binDir}:${process.env.PATH}`, BLOG_AUTHOR_E2E_PLAN: planFile }, encoding: 'utf8', timeout: 60_000 },
  );
  const m = `${r.stdout}`.match(/^(ok|FAIL) documented-config: (.*)$/m);
  if (!m) return { name: 'documented-config', status: 'failed', detail: `nvim exited ${r.status}: ${r.stdout} ${r.stderr}`.slice(0, 800) };
  return { name: 'documented-config', status: m[1] === 'ok' && r.status === 0 ? 'passed' : 'failed', detail: m[2] };
}

/** The related: entry with a wrong year and the post it should name (for the quick-fix check). */
function quickFixPlan(blog) {
  const m = findMisnamedRelated(blog);
  return m && { file: m.post.abs, line: m.line, column: m.column, entry: m.entry, nearest: m.nearest, fixed: `${m.prefix}${m.nearest}` };
}
