// Optional suite (not in the default run; `node test/e2e/run.mjs --suite=emacs`): Emacs with the eglot
// configuration the README documents (docs/editors/eglot.el) starts `blog-author lsp --stdio` on a post
// and gets tag completions. Needs Debian's emacs-nox, elpa-eglot and elpa-markdown-mode.
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './setup.mjs';
import { makeRunDir, copyWorkspace } from './lib/runDir.mjs';
import { readBlog, pickPost, findTagsBlock } from './lib/blog.mjs';

export async function runEmacsSuite({ blogSrc, log }) {
  const t0 = Date.now();
  const fail = (detail) => ({ results: [{ name: 'documented-config', status: 'failed', detail }], ms: Date.now() - t0 });
  if (!existsSync('/usr/bin/emacs') || !existsSync('/usr/share/emacs/site-lisp/elpa-src') && !existsSync('/usr/share/emacs/site-lisp/elpa')) {
    return fail('Emacs is not installed: apt-get install -y --no-install-recommends emacs-nox elpa-eglot elpa-markdown-mode');
  }
  const runDir = makeRunDir('emacs');
  const folder = copyWorkspace(runDir, blogSrc);
  // eglot takes the project root from project.el: a blog is its own git repository
  spawnSync('git', ['init', '-q', folder], { env: runDir.env });
  const blog = readBlog(folder);
  const post = pickPost(blog);
  const tags = findTagsBlock(post);
  if (!tags) return fail(`fixture post ${post.rel} has no tags: list`);
  const planFile = join(runDir.dir, 'plan.json');
  writeFileSync(planFile, JSON.stringify({
    post: post.abs,
    tags: { lastItemLine: tags.lastItemLine, indent: tags.lastItemText.match(/^(\s*)-/)[1] },
    tagCounts: Object.fromEntries(blog.tagCounts),
  }));
  const binDir = join(runDir.dir, 'bin');
  mkdirSync(binDir, { recursive: true });
  const shim = join(binDir, 'blog-author');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'blog-author.js')}" "$@"\n`);
  chmodSync(shim, 0o755);
  log(`emacs: eglot with docs/editors/eglot.el on ${post.rel}`);
  const r = spawnSync('emacs', ['--batch', '-l', join(ROOT, 'test/e2e/emacs/check-eglot.el')], {
    cwd: folder,
    env: { ...runDir.env, PATH: `${binDir}:${process.env.PATH}`, BLOG_AUTHOR_E2E_PLAN: planFile, BLOG_AUTHOR_ROOT: ROOT },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const m = `${r.stdout}`.match(/^(ok|FAIL) documented-config: (.*)$/m);
  if (!m) return fail(`emacs exited ${r.status}: ${r.stdout}\n${r.stderr}`.slice(-1500));
  return { results: [{ name: 'documented-config', status: m[1] === 'ok' && r.status === 0 ? 'passed' : 'failed', detail: m[2] }], ms: Date.now() - t0 };
}
