// The editor configurations the README shows are the files in docs/editors/ that the real-editor suites run
// (neovim.lua and neovim-0.11.lua by the Neovim suite, eglot.el by the Emacs one): each README block, comments left
// out, is the file's code line for line, so a fix to a tested file cannot leave the README's copy behind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const REPO = join(__dirname, '../..');
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

function codeLines(text: string, comment: RegExp): string[] {
  return text.split('\n').filter((l) => l.trim() && !comment.test(l.trim()));
}

function readmeBlock(lang: string, containing: string): string {
  const blocks = [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]).filter((b) => b.includes(containing));
  assert.equal(blocks.length, 1, `one ${lang} block with ${containing} in the README`);
  return blocks[0];
}

const CASES: [string, string, string, RegExp][] = [
  ['docs/editors/neovim-0.11.lua', 'lua', "vim.lsp.enable('blog_author')", /^--/],
  ['docs/editors/helix-languages.toml', 'toml', '[language-server.blog-author]', /^#/],
  ['docs/editors/eglot.el', 'elisp', 'eglot-server-programs', /^;/],
];

for (const [file, lang, marker, comment] of CASES) {
  test(`the README's ${lang} block is ${file}, comments aside`, () => {
    const fileText = readFileSync(join(REPO, file), 'utf8');
    assert.deepEqual(codeLines(readmeBlock(lang, marker), comment), codeLines(fileText, comment));
  });
}

test('the README links every configuration file and says which Neovim the tests run', () => {
  for (const file of ['docs/editors/neovim.lua', 'docs/editors/neovim-0.11.lua']) assert.ok(readme.includes(`](${file})`), `README links ${file}`);
  assert.match(readme, /Tested with Neovim 0\.7\.2/);
});
