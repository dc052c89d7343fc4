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
  if (enabled.includes('documented-config-0.11')) results.push(runConfig011(runDir));
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

/** The Lua strings of the table after `key = {` in a Lua file (a flat list of quoted strings). */
function luaList(text, key) {
  const m = text.match(new RegExp(`\\b${key}\\s*=\\s*\\{([^}]*)\\}`));
  return m ? [...m[1].matchAll(/'([^']*)'/g)].map((x) => x[1]) : undefined;
}

/**
 * The Neovim 0.11+ snippet (docs/editors/neovim-0.11.lua, also in the README): compiled and run by Neovim's LuaJIT
 * (nvim/config-0.11-check.lua), the configuration it registers must be neovim.lua's: same command, same root markers.
 */
function runConfig011(runDir) {
  const name = 'documented-config-0.11';
  const file = join(ROOT, 'docs/editors/neovim-0.11.lua');
  const resultFile = join(runDir.dir, 'config-0.11.json');
  const r = spawnSync(NVIM, ['--headless', '-n', '-i', 'NONE', '-u', 'NONE', '-c', `luafile ${join(ROOT, 'test/e2e/nvim/config-0.11-check.lua')}`], {
    env: { ...runDir.env, BLOG_AUTHOR_NVIM_011_CONFIG: file, BLOG_AUTHOR_E2E_RESULT: resultFile },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (!existsSync(resultFile)) return { name, status: 'failed', detail: `nvim exited ${r.status}: ${r.stdout} ${r.stderr}`.slice(0, 800) };
  const result = JSON.parse(readFileSync(resultFile, 'utf8'));
  if (result.error) return { name, status: 'failed', detail: `neovim-0.11.lua ${result.error}` };
  const documented = readFileSync(join(ROOT, 'docs/editors/neovim.lua'), 'utf8');
  const problems = [];
  const same = (what, got, want) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${what} ${JSON.stringify(got)}, neovim.lua has ${JSON.stringify(want)}`);
  };
  if (!result.config) problems.push("no configuration named 'blog_author' registered");
  else {
    same('cmd', result.config.cmd, luaList(documented, 'cmd'));
    same('root_markers', result.config.root_markers, luaList(documented, 'markers'));
    same('filetypes', result.config.filetypes, [documented.match(/\bpattern = '([^']+)'/)?.[1]]);
  }
  if (!(result.enabled ?? []).includes('blog_author')) problems.push(`enabled: ${JSON.stringify(result.enabled)}`);
  const how = `Neovim ${result.version}, ${result.real_api ? 'the real vim.lsp.config/enable' : 'a stand-in for vim.lsp.config/enable (this Neovim predates 0.11)'}`;
  return problems.length ? { name, status: 'failed', detail: `${how}: ${problems.join('; ')}` } : { name, status: 'passed', detail: `compiles and runs on ${how}; the same command, filetype and root markers as neovim.lua` };
}

/** The related: entry with a wrong year and the post it should name (for the quick-fix check). */
function quickFixPlan(blog) {
  const m = findMisnamedRelated(blog);
  return m && { file: m.post.abs, line: m.line, column: m.column, entry: m.entry, nearest: m.nearest, fixed: `${m.prefix}${m.nearest}` };
}
