import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, Position, type CompletionItem, type TextEdit } from 'vscode-languageserver-types';
import { MemoryWorkspace } from '../../server/src/workspace/memoryWorkspace';
import { loadSiteModel } from '../../server/src/site/siteModel';
import { readTemplate, shortcodeNameFromRelativePath, ShortcodeTemplates } from '../../server/src/site/shortcodeTemplates';
import { shortcodeCodeActions } from '../../server/src/features/shortcodes/codeActions';
import { shortcodeCompletions } from '../../server/src/features/shortcodes/completion';
import { shortcodeDefinition } from '../../server/src/features/shortcodes/definition';
import { shortcodeDiagnostics } from '../../server/src/features/shortcodes/diagnostics';
import { shortcodeFoldingRanges } from '../../server/src/features/shortcodes/folding';
import { shortcodeHover } from '../../server/src/features/shortcodes/hover';
import { shortcodeSymbols } from '../../server/src/features/shortcodes/symbols';

const NOTICE = `{{/*
Shows a coloured box around its content.

@param {string} [kind=info] info, tip or warning.
*/}}
<div class="notice {{ .Get "kind" }}">{{ .Inner | markdownify }}</div>`;

async function blog(extra: Record<string, string> = {}) {
  const ws = new MemoryWorkspace({
    '/blog/hugo.toml': 'title = "B"\ntheme = "paper"\n',
    '/blog/layouts/_shortcodes/notice.html': NOTICE,
    '/blog/layouts/shortcodes/media/audio.html': '<audio src="{{ .Get "src" }}" {{ with .Params.title }}title="{{ . }}"{{ end }}></audio>',
    '/blog/layouts/shortcodes/media/audio.amp.html': '<amp-audio src="{{ .Get "src" }}"></amp-audio>',
    '/blog/themes/paper/layouts/shortcodes/gallery.html': '{{ range .Params }}{{ . }}{{ end }}',
    '/blog/themes/paper/layouts/shortcodes/notice.html': '<p>theme notice</p>',
    ...extra,
  });
  const site = await loadSiteModel(ws, '/blog');
  return { ws, site, templates: await ShortcodeTemplates.load(ws, site) };
}

const docOf = (text: string) => TextDocument.create('file:///blog/content/posts/a.md', 'markdown', 1, text);
const FM = '---\ntitle: A\n---\n';

test('templates: names from paths, site before theme, what each template reads', async () => {
  const { templates } = await blog();
  assert.equal(shortcodeNameFromRelativePath('media/audio.en.amp.html'), 'media/audio');
  const notice = templates.get('notice')!;
  assert.equal(notice.origin, 'site');
  assert.equal(notice.usesInner, true);
  assert.deepEqual(notice.namedParams, ['kind']);
  assert.equal(notice.doc, 'Shows a coloured box around its content.');
  assert.equal(notice.paramDocs['kind'], 'info, tip or warning.');
  const audio = templates.get('media/audio')!;
  assert.deepEqual(audio.namedParams.sort(), ['src', 'title']);
  assert.equal(audio.path, '/blog/layouts/shortcodes/media/audio.html');
  assert.equal(audio.variantPaths.length, 2);
  assert.equal(templates.get('gallery')!.readsAllParams, true);
  assert.equal(templates.get('gallery')!.theme, 'paper');
  assert.equal(templates.get('details')!.origin, 'builtin');
  assert.equal(templates.needsInner('highlight'), true);
  assert.equal(templates.needsInner('figure'), false);
  assert.equal(templates.needsInner('nope'), undefined);
  assert.equal(templates.isTemplatePath('/blog/layouts/_shortcodes/x.html'), true);
  assert.equal(templates.isTemplatePath('/blog/content/x.html'), false);
});

test('templates: reading .Inner, positional and indirect parameters; comments do not count', () => {
  assert.equal(readTemplate('{{/* uses .Inner in a comment */}}<p>{{ .Get 0 }}</p>').usesInner, false);
  assert.equal(readTemplate('{{ with $.InnerDeindent }}{{ end }}').usesInner, true);
  assert.deepEqual(readTemplate('{{ .Get 0 }}{{ index .Params 1 }}').positionalParams, [0, 1]);
  assert.equal(readTemplate('{{ .Page.Params.x }}{{ .Site.Params.y }}').namedParams.length, 0);
  assert.equal(readTemplate('{{ partial "box" . }}').readsAllParams, true);
  assert.equal(readTemplate('{{ $k := "a" }}{{ .Get $k }}').readsAllParams, true);
  assert.deepEqual(readTemplate('{{ with .Get "a" }}{{ end }}{{ if isset .Params "b" }}{{ end }}').namedParams, ['a', 'b']);
});

test('templates: re-read when a template changes on disk', async () => {
  const { ws, templates } = await blog();
  assert.equal(templates.needsInner('media/audio'), false);
  ws.write('/blog/layouts/shortcodes/media/audio.html', '<figure>{{ .Inner }}</figure>');
  assert.equal(await templates.updateFile('/blog/layouts/shortcodes/media/audio.html'), true);
  assert.equal(templates.needsInner('media/audio'), true);
  await templates.updateFile('/blog/layouts/_shortcodes/new.html', '{{ .Get "a" }}');
  assert.ok(templates.get('new'));
  await templates.updateFile('/blog/layouts/_shortcodes/new.html', undefined);
  ws.delete('/blog/layouts/_shortcodes/new.html');
  await templates.updateFile('/blog/layouts/_shortcodes/new.html');
  assert.equal(templates.get('new'), undefined);
});

function byCode(text: string, diags: ReturnType<typeof shortcodeDiagnostics>) {
  const doc = docOf(text);
  return diags.map((d) => [d.code, d.severity, d.message, doc.getText(d.range)]);
}

test('diagnostics: Hugo errors, unknown templates with a suggestion, warnings', async () => {
  const { templates } = await blog();
  const text =
    FM +
    '{{< youtube abc >}}{{< /youtube >}}\n{{< notise >}}\n{{< figure src="a.png" captoin="x" />}}\n{{< tweet user="a" id="1" >}}\n{{< notice kind="tip" >}}\nBody\n';
  const diags = shortcodeDiagnostics(docOf(text), templates);
  const rows = byCode(text, diags);
  assert.deepEqual(
    rows.map((r) => r[0]),
    ['shortcode-no-inner', 'shortcode-no-inner', 'shortcode-must-close', 'shortcode-unknown', 'shortcode-unread-param', 'shortcode-removed'],
  );
  // Hugo closes the innermost open shortcode, whatever name the close tag gives: a warning says so.
  const mismatch = shortcodeDiagnostics(docOf(FM + '{{< notice >}}\n{{< youtube abc >}}{{< /youtube >}}\n'), templates);
  assert.deepEqual(
    mismatch.map((d) => [d.code, d.severity]),
    [['shortcode-close-name-mismatch', DiagnosticSeverity.Warning]],
  );
  const unknown = rows.find((r) => r[0] === 'shortcode-unknown')!;
  assert.equal(unknown[2], 'template for shortcode "notise" not found; did you mean "notice"?');
  assert.equal(unknown[1], DiagnosticSeverity.Error);
  assert.equal(unknown[3], 'notise');
  assert.match(String(rows.find((r) => r[0] === 'shortcode-unread-param')![2]), /never reads the parameter "captoin"; did you mean "caption"/);
  assert.match(String(rows.find((r) => r[0] === 'shortcode-removed')![2]), /use "x"/);
  assert.equal(rows.find((r) => r[0] === 'shortcode-must-close')![2], 'shortcode "notice" must be closed or self-closed');
  for (const d of diags) assert.equal(d.source, 'blog-author');
});

test('diagnostics: a theme module that is not on disk: no unknown-shortcode or unread-param diagnostic, one note on the config', async () => {
  const { templates, site } = await blog({ '/blog/hugo.toml': 'theme = "gone"\n' });
  const text = '+++\ntitle = "{{< nope >}}"\n+++\n{{< nope >}}\n{{< figure src="a.png" align="center" >}}\n';
  const diags = shortcodeDiagnostics(docOf(text), templates);
  assert.deepEqual(diags.map((d) => d.message), []);
  assert.equal(site.notes.length, 1);
  assert.equal(site.notes[0].code, 'module-absent');
  assert.equal(site.notes[0].file, '/blog/hugo.toml');
  assert.match(site.notes[0].message, /theme gone is not available locally.*hugo mod get/);
});

test('diagnostics: a theme in _vendor/ is on disk: its shortcodes are read', async () => {
  const { templates, site } = await blog({
    '/blog/hugo.toml': 'theme = "github.com/x/theme"\n',
    '/blog/_vendor/github.com/x/theme/layouts/shortcodes/vendored.html': '{{ .Get "a" }}',
  });
  assert.equal(site.notes.length, 0);
  const diags = shortcodeDiagnostics(docOf('+++\n+++\n{{< vendored a="1" b="2" >}}\n{{< nope >}}\n'), templates);
  assert.deepEqual(diags.map((d) => d.code).sort(), ['shortcode-unknown', 'shortcode-unread-param']);
});

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(docOf(text), edits);
}

test('code actions: fix a misspelt name, insert the closing tag, remove a closing tag', async () => {
  const { templates } = await blog();
  const text = FM + '{{< figure src="a" >}}{{< /figure >}}\n{{< notise >}}\n{{< notice >}}\nBody\n\nAfter\n';
  const doc = docOf(text);
  const diags = shortcodeDiagnostics(doc, templates);
  const actions = shortcodeCodeActions(doc, templates, diags);
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes('Change shortcode to "notice"'), titles.join());
  const insert = actions.find((a) => a.title === 'Insert {{< /notice >}}')!;
  assert.equal(apply(text, insert.edit!.changes![doc.uri]), FM + '{{< figure src="a" >}}{{< /figure >}}\n{{< notise >}}\n{{< notice >}}\nBody\n{{< /notice >}}\n\nAfter\n');
  const remove = actions.find((a) => a.title === 'Remove the closing tag')!;
  assert.ok(apply(text, remove.edit!.changes![doc.uri]).startsWith(FM + '{{< figure src="a" >}}\n'));
});

const labels = (items: CompletionItem[] | undefined) => (items ?? []).map((i) => i.label);

test('completion: names after {{< and {{%, parameters inside a call, the closing tag', async () => {
  const { templates } = await blog();
  const at = (text: string) => {
    const offset = text.indexOf('|');
    const clean = text.replace('|', '');
    const doc = docOf(clean);
    return shortcodeCompletions(doc, templates, doc.positionAt(offset));
  };
  const names = labels(at(FM + 'Hi {{< |'));
  for (const n of ['notice', 'media/audio', 'gallery', 'figure', 'youtube', 'x']) assert.ok(names.includes(n), n);
  assert.ok(!names.includes('tweet'));
  assert.ok(labels(at(FM + '{{% fig|')).includes('figure'));
  const params = labels(at(FM + '{{< figure src="a.png" | >}}'));
  assert.ok(params.includes('alt') && params.includes('caption') && !params.includes('src'));
  assert.deepEqual(labels(at(FM + '{{< figure src="a| >}}')), []);
  const closing = at(FM + '{{< notice >}}\ntext\n{{< |');
  assert.equal(closing![0].label, '/notice');
  assert.deepEqual(labels(at(FM + '{{< notice >}}\ntext\n{{< /|')), ['/notice']);
  assert.equal(at(FM + 'plain | text'), undefined);
});

test('completion replaces the partial closer an editor auto-inserted (`>}`, `}}`, `>`)', async () => {
  const { templates } = await blog();
  for (const leftover of ['>}', '}}', '>', ' >}', '>}}']) {
    const text = FM + `Hi {{< no${leftover}\nmore`;
    const offset = text.indexOf('no') + 2;
    const doc = docOf(text);
    const item = shortcodeCompletions(doc, templates, doc.positionAt(offset))!.find((i) => i.label === 'notice')!;
    const edit = item.textEdit as TextEdit;
    // Snippet placeholders ($1, $0) stand where the cursor goes.
    const applied = TextDocument.applyEdits(doc, [edit]).replace(/\$\d/g, '');
    assert.equal(applied, FM + (leftover === '>}}' ? 'Hi {{< notice>}}\nmore' : 'Hi {{< notice >}}{{< /notice >}}\nmore'), JSON.stringify(leftover));
  }
});

test('hover, definition, symbols, folding', async () => {
  const { templates } = await blog();
  const text = FM + '{{< notice kind="tip" >}}\nline 1\nline 2\n{{< figure src="a.png" >}}\n{{< /notice >}}\n';
  const doc = docOf(text);
  const nameAt = Position.create(3, 6);
  const hover = shortcodeHover(doc, templates, nameAt)!;
  assert.match((hover.contents as { value: string }).value, /Shortcode of the site \(`layouts\/_shortcodes\/notice.html`\)/);
  assert.match((hover.contents as { value: string }).value, /`kind` — info, tip or warning/);
  const paramHover = shortcodeHover(doc, templates, Position.create(3, 12))!;
  assert.match((paramHover.contents as { value: string }).value, /parameter of \*\*notice\*\*/);
  assert.equal(shortcodeDefinition(doc, templates, nameAt)!.uri, 'file:///blog/layouts/_shortcodes/notice.html');
  assert.equal(shortcodeDefinition(doc, templates, Position.create(6, 6)), undefined);
  const symbols = shortcodeSymbols(doc, templates);
  assert.deepEqual(symbols.map((s) => [s.name, s.range.start.line, s.range.end.line]), [['{{< notice >}}', 3, 7]]);
  assert.deepEqual(shortcodeFoldingRanges(doc, templates).map((f) => [f.startLine, f.endLine]), [[3, 6]]);
});
