/** Tokenizes sample Markdown with the shortcode and TOML front matter injection grammars. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type StateStack } from 'vscode-textmate';

const ROOT = join(__dirname, '..', '..');
const SHORTCODES = 'blog-author.hugo-shortcode.injection';
const TOML = 'blog-author.toml-frontmatter.injection';

/** A stand-in for VS Code's Markdown grammar: fenced code and inline code are enough to host the injections. */
const HOST = {
  scopeName: 'text.html.markdown',
  patterns: [
    { name: 'markup.fenced_code.block.markdown', begin: '^```\\w*$', end: '^```$' },
    { name: 'markup.inline.raw.string.markdown', match: '`[^`]+`' },
  ],
};

let grammarPromise: Promise<IGrammar> | undefined;
function grammar(): Promise<IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const files: Record<string, string> = {
      [SHORTCODES]: join(ROOT, 'syntaxes/hugo-shortcode.injection.tmLanguage.json'),
      [TOML]: join(ROOT, 'syntaxes/toml-frontmatter.injection.tmLanguage.json'),
    };
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scope) => {
        if (scope === HOST.scopeName) return parseRawGrammar(JSON.stringify(HOST), 'host.json');
        const file = files[scope];
        return file ? parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
      },
      getInjections: (scope) => (scope === HOST.scopeName ? [SHORTCODES, TOML] : undefined),
    });
    const g = await registry.loadGrammar(HOST.scopeName);
    assert.ok(g);
    return g;
  })();
  return grammarPromise;
}

/** Each token's text with its scopes (host scope dropped). */
async function tokenize(text: string): Promise<{ text: string; scopes: string[] }[][]> {
  const g = await grammar();
  let state: StateStack = INITIAL;
  return text.split('\n').map((line) => {
    const r = g.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes.slice(1) }));
  });
}

function scopeOf(lines: { text: string; scopes: string[] }[][], line: number, text: string): string[] {
  const token = lines[line].find((t) => t.text === text);
  assert.ok(token, `no token "${text}" in line ${line}: ${JSON.stringify(lines[line].map((t) => t.text))}`);
  return token.scopes;
}

const has = (scopes: string[], scope: string) => assert.ok(scopes.includes(scope), `${scope} not in ${scopes.join(' ')}`);

test('shortcode delimiters, name, named parameters and strings', async () => {
  const lines = await tokenize('Text {{< figure src="a.png" caption=`raw` width=300 >}} more');
  has(scopeOf(lines, 0, '{{<'), 'punctuation.definition.tag.begin.hugo');
  has(scopeOf(lines, 0, 'figure'), 'entity.name.tag.shortcode.hugo');
  has(scopeOf(lines, 0, 'src'), 'entity.other.attribute-name.hugo');
  has(scopeOf(lines, 0, '='), 'punctuation.separator.key-value.hugo');
  has(scopeOf(lines, 0, 'a.png'), 'string.quoted.double.hugo');
  has(scopeOf(lines, 0, 'raw'), 'string.quoted.other.raw.hugo');
  has(scopeOf(lines, 0, '300'), 'constant.numeric.hugo');
  has(scopeOf(lines, 0, '>}}'), 'punctuation.definition.tag.end.hugo');
  assert.deepEqual(scopeOf(lines, 0, ' more'), []);
});

test('closing tags with inner spacing, self-closing, markdown delimiters, positional parameters', async () => {
  const lines = await tokenize('{{% highlight go "linenos=table" %}}\n{{< / highlight >}}\n{{< media/audio src="x" />}}');
  has(scopeOf(lines, 0, '{{%'), 'punctuation.definition.tag.begin.hugo');
  has(scopeOf(lines, 0, 'go'), 'string.unquoted.hugo');
  has(scopeOf(lines, 0, 'linenos=table'), 'string.quoted.double.hugo');
  has(scopeOf(lines, 1, '/'), 'punctuation.definition.tag.close.hugo');
  has(scopeOf(lines, 1, 'highlight'), 'entity.name.tag.shortcode.hugo');
  has(scopeOf(lines, 2, 'media/audio'), 'entity.name.tag.shortcode.hugo');
  has(scopeOf(lines, 2, '/'), 'punctuation.definition.tag.close.hugo');
});

test('escaped quotes stay inside the string; parameters over several lines', async () => {
  const lines = await tokenize('{{< quote text="say \\"hi\\"" \n  cite="me" >}}');
  has(scopeOf(lines, 0, '\\"'), 'constant.character.escape.hugo');
  has(scopeOf(lines, 1, 'cite'), 'entity.other.attribute-name.hugo');
  has(scopeOf(lines, 1, '>}}'), 'punctuation.definition.tag.end.hugo');
});

test('the escape form is a comment, not a shortcode', async () => {
  const lines = await tokenize('{{</* figure src="x" */>}}');
  has(scopeOf(lines, 0, '{{</*'), 'comment.block.shortcode.hugo');
  const inner = lines[0].find((t) => t.text.includes('figure'))!;
  assert.ok(!inner.scopes.includes('entity.name.tag.shortcode.hugo'));
  has(inner.scopes, 'comment.block.shortcode.hugo');
});

test('shortcodes inside code fences are still shortcodes (Hugo processes them there)', async () => {
  const lines = await tokenize('```go\n{{< highlight go >}}\n```');
  has(scopeOf(lines, 1, 'highlight'), 'entity.name.tag.shortcode.hugo');
});

test('TOML front matter at the start of the file', async () => {
  const lines = await tokenize('+++\ntitle = "Hello {{< x >}}"\ndate = 2024-01-02T10:00:00Z\ntags = ["a", "b"]\ndraft = false\n# note\n[params]\n+++\nBody +++');
  has(scopeOf(lines, 0, '+++'), 'punctuation.definition.frontmatter.begin.toml');
  has(scopeOf(lines, 1, 'title'), 'support.type.property-name.toml');
  const str = lines[1].find((t) => t.text.includes('Hello'))!;
  has(str.scopes, 'string.quoted.single.basic.line.toml');
  assert.ok(!lines[1].some((t) => t.scopes.includes('entity.name.tag.shortcode.hugo')), 'no shortcodes in front matter');
  has(scopeOf(lines, 2, '2024-01-02T10:00:00Z'), 'constant.other.time.datetime.toml');
  has(scopeOf(lines, 3, '['), 'punctuation.definition.array.begin.toml');
  has(scopeOf(lines, 4, 'false'), 'constant.language.boolean.toml');
  has(scopeOf(lines, 5, '#'), 'comment.line.number-sign.toml');
  has(scopeOf(lines, 6, 'params'), 'entity.name.section.table.toml');
  has(scopeOf(lines, 7, '+++'), 'punctuation.definition.frontmatter.end.toml');
  assert.ok(!lines[8].some((t) => t.scopes.some((s) => s.includes('toml'))), 'body is not TOML');
});

test('+++ later in the file is not front matter', async () => {
  const lines = await tokenize('Intro\n+++\ntitle = "x"\n+++');
  assert.ok(!lines.flat().some((t) => t.scopes.some((s) => s.includes('toml'))));
});
