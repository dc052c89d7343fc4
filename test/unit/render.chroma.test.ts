// Code blocks coloured as Hugo's Chroma colours them: the same token classes on the same text. The expected HTML
// in test/unit/chroma-samples/<lang>.hugo.html was written by Hugo 0.111 (bench/recordChroma.ts) from <lang>.txt.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'htmlparser2';
import type { AnyNode, Element } from 'domhandler';
import { ChromaLexer, chromaClass, translatePattern, USING_SELF } from '../../server/src/render/chroma';
import { chromaLexerFor } from '../../server/src/render/chromaLexers';
import { renderHighlightedBlock } from '../../server/src/render/highlight';

const FIXTURES = join(__dirname, 'chroma-samples');

/** [class, text] per token inside the code element; line wrappers and whitespace classes are not tokens. */
function tokens(html: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const visit = (node: AnyNode, cls: string) => {
    if (node.type === 'text') {
      const text = (node as unknown as { data: string }).data;
      const last = out[out.length - 1];
      if (last && last[0] === cls) last[1] += text;
      else out.push([cls, text]);
      return;
    }
    if (!('children' in node)) return;
    const el = node as Element;
    const own = el.name === 'span' && el.attribs?.class && !['line', 'cl'].includes(el.attribs.class) ? el.attribs.class : cls;
    el.children.forEach((c) => visit(c, own === 'w' ? '' : own));
  };
  visit(parseDocument(html, { decodeEntities: true }), '');
  return out;
}

/** The first place where the classes differ, with a little context, or undefined. */
function firstDifference(expected: Array<[string, string]>, actual: Array<[string, string]>): string | undefined {
  const chars = (t: Array<[string, string]>) => t.flatMap(([c, s]) => [...s].map((ch) => [c, ch] as const));
  const e = chars(expected);
  const a = chars(actual);
  const text = e.map(([, ch]) => ch).join('');
  assert.equal(a.map(([, ch]) => ch).join(''), text, 'the same code text');
  for (let i = 0; i < e.length; i++) {
    if (e[i][0] !== a[i][0]) return `at ${JSON.stringify(text.slice(Math.max(0, i - 15), i + 15))}: Hugo "${e[i][0]}", ours "${a[i][0]}"`;
  }
  return undefined;
}

describe('code highlighting like Hugo 0.111 (Chroma)', () => {
  for (const lang of ['r', 'bash', 'yaml', 'go', 'json', 'java', 'csharp', 'python', 'javascript', 'toml', 'html', 'go-html-template', 'php']) {
    it(`${lang}: every token has the class Hugo gives it`, () => {
      const code = readFileSync(join(FIXTURES, `${lang}.txt`), 'utf8');
      const hugo = readFileSync(join(FIXTURES, `${lang}.hugo.html`), 'utf8');
      const ours = renderHighlightedBlock(code, lang);
      const expected = tokens(hugo.replace(/^<!--.*?-->\n/, '').trim());
      assert.ok(expected.filter(([c]) => c).length > 10, 'the recorded sample has classes');
      assert.equal(firstDifference(expected, tokens(ours)), undefined);
    });
  }

  it('writes Hugo markup: div.highlight > pre.chroma > code.language-x[data-lang] > span.line > span.cl', () => {
    const html = renderHighlightedBlock('x <- 1\n', 'r');
    assert.equal(
      html,
      '<div class="highlight"><pre tabindex="0" class="chroma"><code class="language-r" data-lang="r">' +
        '<span class="line"><span class="cl"><span class="n">x</span> <span class="o">&lt;-</span> <span class="m">1</span>\n</span></span></code></pre></div>',
    );
  });

  it('drops trailing blank lines of a code block, as Hugo 0.111 does', () => {
    assert.equal(renderHighlightedBlock('z\n\n\n', 'no-such-lang'), '<pre tabindex="0"><code class="language-no-such-lang" data-lang="no-such-lang">z\n</code></pre>');
    assert.equal((renderHighlightedBlock('y := 2\n\n', 'go').match(/class="line"/g) ?? []).length, 1);
  });

  it('finds lexers by alias, whatever the case', () => {
    for (const alias of ['sh', 'Shell', 'zsh', 'yml', 'golang', 'py', 'js', 'cs', 'R']) assert.ok(chromaLexerFor(alias), alias);
    assert.equal(chromaLexerFor('no-such-language'), undefined);
  });
});

describe('the Chroma-style lexer engine', () => {
  const lexer = new ChromaLexer({
    name: 'test',
    aliases: [],
    states: {
      root: [
        { pattern: '"', token: 'LiteralString', push: 'string' },
        { pattern: String.raw`(\w+)(=)`, token: ['NameVariable', 'Operator'] },
        { pattern: String.raw`\((.*?)\)`, token: [USING_SELF] },
        { pattern: String.raw`\w+`, token: 'Name' },
        { pattern: ' ', token: 'Text' },
      ],
      string: [
        { pattern: '"', token: 'LiteralString', pop: 1 },
        { pattern: '[^"\\n]+', token: 'LiteralString' },
      ],
    },
  });

  it('merges adjacent tokens of one type, follows push and pop, and splits groups', () => {
    assert.deepEqual(lexer.tokenise('a=b "x y" c'), [
      { type: 'NameVariable', value: 'a' },
      { type: 'Operator', value: '=' },
      { type: 'Name', value: 'b' },
      { type: 'Text', value: ' ' },
      { type: 'LiteralString', value: '"x y"' },
      { type: 'Text', value: ' ' },
      { type: 'Name', value: 'c' },
    ]);
  });

  it('lexes a group again from the root (UsingSelf)', () => {
    assert.deepEqual(lexer.tokenise('(k=v)'), [
      { type: 'NameVariable', value: 'k' },
      { type: 'Operator', value: '=' },
      { type: 'Name', value: 'v' },
    ]);
  });

  it('writes an unmatched character as an error, and a newline resets the state to root', () => {
    assert.deepEqual(lexer.tokenise('"open\na!'), [
      { type: 'LiteralString', value: '"open' },
      { type: 'Text', value: '\n' },
      { type: 'Name', value: 'a' },
      { type: 'Error', value: '!' },
    ]);
  });

  it('never loops on rules that match nothing', () => {
    const looping = new ChromaLexer({ name: 'loop', aliases: [], states: { root: [{ pattern: '(?=a)', push: 'other' }], other: [{ pattern: '(?=a)', push: 'root' }] } });
    assert.deepEqual(looping.tokenise('ab'), [{ type: 'Error', value: 'ab' }]);
  });

  it('past its time budget writes the rest of the text plain, keeping every character', () => {
    const saved = ChromaLexer.budgetMs;
    ChromaLexer.budgetMs = -1;
    try {
      const text = 'a=b '.repeat(400);
      const tokens = lexer.tokenise(text);
      assert.equal(tokens.map((t) => t.value).join(''), text);
      assert.equal(tokens[tokens.length - 1].type, 'Text');
      assert.ok(tokens[tokens.length - 1].value.length > 100);
    } finally {
      ChromaLexer.budgetMs = saved;
    }
  });

  it("matches words the way Chroma's regex engine does: Unicode letters are word characters", () => {
    assert.ok(new RegExp(translatePattern(String.raw`^\w+$`), 'u').test('étude'));
    assert.ok(new RegExp(translatePattern(String.raw`\bé`), 'u').test(' é'));
    assert.ok(new RegExp(translatePattern(String.raw`^\:\'$`), 'u').test(":'"));
  });

  it('maps token types to the class names of Chroma stylesheets', () => {
    assert.equal(chromaClass('KeywordDeclaration'), 'kd');
    assert.equal(chromaClass('LiteralStringDouble'), 's2');
    assert.equal(chromaClass('CommentSingle'), 'c1');
    assert.equal(chromaClass('NameOther'), 'nx');
    assert.equal(chromaClass('Text'), '');
  });
});
