/**
 * Windows paths (#10): the real service and index over an in-memory workspace keyed by Windows paths,
 * driven with the URIs Windows clients send: VS Code's `file:///c%3A/…`, Neovim's `file:///C:/…`, and
 * UNC `file://server/share/…`. Answers must name files as the client named them. The Node workspace's
 * mapping to native paths is checked with `path.win32`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, Location, MarkupContent } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/languageService';
import { BlogService } from '../../server/src/service';
import { MemoryWorkspace } from '../../server/src/workspace/memoryWorkspace';
import { NodeWorkspace } from '../../server/src/workspace/nodeWorkspace';
import { ClientUris, fromNativePath, pathToUri, resolveConfiguredPath, toCorePath, toNativePath, uriToPath } from '../../server/src/workspace/uri';
import { dirname, isInside, joinPath, normalizePath } from '../../server/src/workspace/workspace';
import { isPathInside, validateMessage } from '../../client/src/preview/messages';
import { yamlPost } from '../helpers/memoryBlog';

const features = createLanguageService();

/** A small Hugo blog under `root` (a core path): two posts linking to a third, a shortcode template. */
function blogFiles(root: string, config = 'baseURL = "https://example.org/"\ntitle = "t"\n', content = 'content'): Record<string, string> {
  return {
    [`${root}/hugo.toml`]: config,
    [`${root}/${content}/posts/target.md`]: yamlPost({ title: 'The target', date: '2024-01-02', tags: ['windows', 'paths'] }, 'Target body.\n'),
    [`${root}/${content}/posts/first.md`]: yamlPost({ title: 'First', date: '2024-02-03', tags: ['windows'] }, 'See [the target](target.md).\n'),
    [`${root}/${content}/posts/second.md`]: yamlPost({ title: 'Second', date: '2024-03-04', tags: ['windows'] }, 'Also [here]({{< ref "target" >}}).\n'),
    [`${root}/layouts/shortcodes/note.html`]: '<aside>{{ .Inner }}</aside>\n',
  };
}

/** A service over `files`, opened the way the LSP server opens it: from the folder URI the client sent. */
async function windowsBlog(folderUri: string, files: Record<string, string>, settings?: unknown) {
  const uris = new ClientUris(folderUri);
  const workspace = new MemoryWorkspace(files);
  const service = await BlogService.create({ workspace, folder: uris.toPath(folderUri), settings, uris });
  await service.buildIndex();
  await service.index.text.whenReady();
  return { service, workspace };
}

function open(service: BlogService, uri: string, text: string, version = 1): TextDocument {
  const doc = TextDocument.create(uri, 'markdown', version, text);
  service.documentChanged(doc);
  return doc;
}

const at = (doc: TextDocument, needle: string, delta = 1) => doc.positionAt(doc.getText().indexOf(needle) + delta);

/** Each client's spelling of the same three files. */
const CLIENTS = [
  { name: 'VS Code (file:///c%3A/…)', folder: 'file:///c%3A/Users/me/blog', base: 'file:///c%3A/Users/me/blog', root: 'c:/Users/me/blog' },
  { name: 'Neovim (file:///C:/…)', folder: 'file:///C:/Users/me/blog', base: 'file:///C:/Users/me/blog', root: 'c:/Users/me/blog' },
  { name: 'UNC (file://server/share/…)', folder: 'file://server/share/blog', base: 'file://server/share/blog', root: '//server/share/blog' },
];

for (const client of CLIENTS) {
  test(`${client.name}: definition, references, rename, diagnostics, completion and hover name files as the client does`, async () => {
    const { service } = await windowsBlog(client.folder, blogFiles(client.root));
    assert.equal(service.site.root, client.root);
    assert.equal(service.site.generator, 'hugo');
    assert.equal(service.index.postCount, 3, 'every post indexed under the Windows root');
    assert.ok(service.index.get(`${client.root}/content/posts/target.md`), 'index keys are core paths');

    const first = open(service, `${client.base}/content/posts/first.md`, yamlPost({ title: 'First', date: '2024-02-03', tags: ['windows'] }, 'See [the target](target.md).\n[gone](missing.md)\n{{< nope >}}\n'));
    const target = `${client.base}/content/posts/target.md`;

    // Definition of a relative link.
    const def = features.definition(service, first, at(first, 'target.md')) as Location[];
    assert.deepEqual(def.map((l) => l.uri), [target]);

    // Document links (Ctrl+click).
    const links = features.documentLinks(service, first);
    assert.ok(links.some((l) => l.target === target), JSON.stringify(links.map((l) => l.target)));

    // References to the target post, from the target itself: both linking posts, spelt like the client.
    const targetDoc = open(service, target, yamlPost({ title: 'The target', date: '2024-01-02', tags: ['windows', 'paths'] }, 'Target body.\n'));
    const refs = await features.references(service, targetDoc, at(targetDoc, 'title', 0), false);
    assert.deepEqual(refs.map((r) => r.uri).sort(), [`${client.base}/content/posts/first.md`, `${client.base}/content/posts/second.md`]);

    // Rename a term across posts: the edit's keys are the client's URIs, the open document's included.
    const edit = (await features.rename(service, targetDoc, at(targetDoc, '- windows', 3), 'win32'))!;
    assert.deepEqual(Object.keys(edit.changes!).sort(), [`${client.base}/content/posts/first.md`, `${client.base}/content/posts/second.md`, target]);
    assert.match(TextDocument.applyEdits(targetDoc, edit.changes![target]), /- win32\n- paths/);

    // Diagnostics: the broken link and the unknown shortcode, on the client's document.
    const diagnostics = features.diagnostics(service, first);
    const codes = diagnostics.map((d) => String(d.code)).sort();
    assert.ok(codes.some((c) => c.startsWith('link')), JSON.stringify(codes));
    assert.ok(codes.some((c) => c.startsWith('shortcode')), JSON.stringify(codes));

    // Completion: a link to another post, and the tags of the blog.
    const linkDoc = open(service, `${client.base}/content/posts/first.md`, yamlPost({ title: 'First', tags: ['windows'] }, 'See [x](tar'), 2);
    const items = features.completion(service, linkDoc, linkDoc.positionAt(linkDoc.getText().length)).items;
    assert.ok(items.some((i: CompletionItem) => /target/.test(i.label + (i.detail ?? ''))), JSON.stringify(items.map((i) => i.label).slice(0, 10)));
    const tagDoc = open(service, `${client.base}/content/posts/first.md`, '---\ntitle: First\ntags:\n- \n---\n', 3);
    const tags = features.completion(service, tagDoc, { line: 3, character: 2 }).items.map((i) => i.label);
    assert.ok(tags.includes('paths') || tags.includes('windows'), JSON.stringify(tags));

    // Hover on the link: the card links the target as the client names it.
    const hoverDoc = open(service, `${client.base}/content/posts/first.md`, yamlPost({ title: 'First' }, 'See [the target](target.md).\n'), 4);
    const hover = features.hover(service, hoverDoc, at(hoverDoc, 'target.md'))!;
    assert.match((hover.contents as MarkupContent).value, /The target/);
    assert.ok((hover.contents as MarkupContent).value.includes(`(${target})`), (hover.contents as MarkupContent).value);

    // Shortcode definition: the template file.
    const sc = open(service, `${client.base}/content/posts/first.md`, yamlPost({ title: 'First' }, '{{< note >}}x{{< /note >}}\n'), 5);
    const scDef = features.definition(service, sc, at(sc, 'note', 0)) as Location[];
    assert.deepEqual(scDef.map((l) => l.uri), [`${client.base}/layouts/shortcodes/note.html`]);
  });
}

test('a file the client never named gets a URI in its style of drive letter', () => {
  const vscode = new ClientUris('file:///c%3A/Users/me/blog');
  assert.equal(vscode.toUri('c:/Users/me/blog/content/a b.md'), 'file:///c%3A/Users/me/blog/content/a%20b.md');
  const neovim = new ClientUris('file:///C:/Users/me/blog');
  assert.equal(neovim.toUri('c:/Users/me/blog/content/a b.md'), 'file:///C:/Users/me/blog/content/a%20b.md');
  const lower = new ClientUris('file:///d:/blog');
  assert.equal(lower.toUri('d:/blog/x.md'), 'file:///d:/blog/x.md');
  // A URI the client sent comes back exactly as sent, whatever its encoding.
  assert.equal(neovim.toPath('file:///C:/Users/me/blog/content/caf%C3%A9.md'), 'c:/Users/me/blog/content/café.md');
  assert.equal(neovim.toUri('c:/Users/me/blog/content/café.md'), 'file:///C:/Users/me/blog/content/caf%C3%A9.md');
  // POSIX clients are untouched.
  const posix = new ClientUris('file:///home/me/blog');
  assert.equal(posix.toUri('/home/me/blog/x!.md'), pathToUri('/home/me/blog/x!.md'));
  assert.equal(posix.toUri('/home/me/blog/x!.md'), 'file:///home/me/blog/x%21.md');
});

test('URIs to core paths: encoded and plain drive colons, both cases, UNC, other schemes', () => {
  assert.equal(uriToPath('file:///c%3A/Users/me/blog/x.md'), 'c:/Users/me/blog/x.md');
  assert.equal(uriToPath('file:///C:/Users/me/blog/x.md'), 'c:/Users/me/blog/x.md');
  assert.equal(uriToPath('file:///C%3a/Users/me/My%20Blog/'), 'c:/Users/me/My Blog');
  assert.equal(uriToPath('file://server/share/blog/x.md'), '//server/share/blog/x.md');
  assert.equal(uriToPath('file:///home/me/b%C3%A4r/x.md'), '/home/me/bär/x.md');
  assert.equal(uriToPath('untitled:Untitled-1'), 'Untitled-1');
  assert.equal(pathToUri('c:/Users/me/blog/x.md'), 'file:///c%3A/Users/me/blog/x.md');
  assert.equal(pathToUri('//server/share/blog/x.md'), 'file://server/share/blog/x.md');
  for (const p of ['c:/Users/me/blog/x.md', '//server/share/blog/x y.md', '/home/me/blog/(a)!.md']) assert.equal(uriToPath(pathToUri(p)), p);
});

test('normalizePath answers paths already in normal form unchanged, and normalises the rest the same way', () => {
  // The quick answer for normal paths must agree with the segment walk on every shape around it.
  for (const [input, expected] of [
    ['/blog/content/post/a.md', '/blog/content/post/a.md'],
    ['blog/content', 'blog/content'],
    ['ab', 'ab'],
    ['/a', '/a'],
    ['/', '/'],
    ['', ''],
    ['/blog/.well-known/x', '/blog/.well-known/x'],
    ['/blog/./x', '/blog/x'],
    ['/blog/x/..', '/blog'],
    ['./x', 'x'],
    ['../x', 'x'],
    ['x/', 'x'],
    ['/blog//x', '/blog/x'],
    ['C:/Blog/x', 'c:/Blog/x'],
    ['c:', 'c:/'],
    ['//server/share/x', '//server/share/x'],
  ])
    assert.equal(normalizePath(input), expected, input);
});

test('path algebra keeps drive and UNC roots', () => {
  assert.equal(normalizePath('C:/Users/me/../you/./blog/'), 'c:/Users/you/blog');
  assert.equal(normalizePath('c:/..'), 'c:/');
  assert.equal(normalizePath('//server/share/blog/../x'), '//server/share/x');
  assert.equal(joinPath('//server/share/blog', 'content', '/posts/x.md'), '//server/share/blog/content/posts/x.md');
  assert.equal(joinPath('c:/blog', '../static'), 'c:/static');
  // the POSIX root joined to a name stays POSIX (a doubled slash would read as a UNC path): Hugo's bare ref names go this way
  assert.equal(joinPath('/', 'markdown'), '/markdown');
  assert.equal(joinPath('c:/', 'x'), 'c:/x');
  assert.equal(dirname('c:/blog'), 'c:/');
  assert.equal(dirname('c:/'), 'c:/');
  assert.equal(dirname('//server/share/blog'), '//server/share');
  assert.equal(dirname('//server/share'), '//server/share');
  assert.equal(dirname('/blog'), '/');
  assert.ok(isInside('c:/blog', 'C:/blog/content/x.md'), 'drive letters compare case-insensitively');
  assert.ok(!isInside('c:/blog', 'c:/blogger/x.md'));
  assert.ok(!isInside('c:/blog', 'd:/blog/x.md'));
  assert.ok(isInside('c:/', 'c:/anything'));
  assert.ok(isInside('//server/share', '//server/share/blog'));
  assert.ok(!isInside('//server/share', '//server/other/blog'));
});

test('native and configured paths: backslashes, drive case, long paths', () => {
  assert.equal(toCorePath('C:\\Users\\me\\blog\\'), 'c:/Users/me/blog');
  assert.equal(toCorePath('\\\\server\\share\\blog'), '//server/share/blog');
  assert.equal(toCorePath('\\\\?\\C:\\Users\\me'), 'c:/Users/me');
  assert.equal(toCorePath('content\\posts\\..\\notes'), 'content/notes');
  assert.equal(resolveConfiguredPath('c:/blog', 'content\\en'), 'c:/blog/content/en');
  assert.equal(resolveConfiguredPath('c:/blog', 'D:\\shared\\static'), 'd:/shared/static');
  assert.equal(resolveConfiguredPath('/home/me/blog', 'content'), '/home/me/blog/content');
  // With the Windows separator: what path.win32 gives is mapped to the core form and back.
  assert.equal(fromNativePath(path.win32.resolve('C:\\Users\\me', 'blog'), path.win32.sep), 'c:/Users/me/blog');
  assert.equal(toNativePath('c:/Users/me/blog/x.md', path.win32.sep), 'c:\\Users\\me\\blog\\x.md');
  assert.equal(path.win32.normalize(toNativePath('//server/share/blog', path.win32.sep)), '\\\\server\\share\\blog');
  // On POSIX a backslash is part of a name.
  assert.equal(fromNativePath('/home/me/a\\b', path.posix.sep), '/home/me/a\\b');
});

test('the Node workspace maps core paths to win32 native paths and back', () => {
  const win = new NodeWorkspace(undefined, path.win32.sep);
  assert.equal(win.nativePath('c:/Users/me/blog/content/x.md'), 'c:\\Users\\me\\blog\\content\\x.md');
  assert.equal(win.nativePath('//server/share/blog'), '\\\\server\\share\\blog');
  assert.equal(win.corePath('C:\\Users\\me\\blog\\content\\x.md'), 'c:/Users/me/blog/content/x.md');
  assert.equal(win.corePath('\\\\server\\share\\blog'), '//server/share/blog');
  // A round trip through win32's own resolution lands on the same core path.
  for (const core of ['c:/Users/me/blog/content/x.md', '//server/share/blog/x.md']) assert.equal(win.corePath(path.win32.resolve(win.nativePath(core))), core);
  const posix = new NodeWorkspace(undefined, path.posix.sep);
  assert.equal(posix.nativePath('/home/me/blog'), '/home/me/blog');
  assert.equal(posix.corePath('/home/me/blog'), '/home/me/blog');
});

test('backslashes in settings and in the site config: excludes and content folders', async () => {
  const root = 'c:/Users/me/blog';
  const files = {
    ...blogFiles(root, "baseURL = 'https://example.org/'\ntitle = 't'\ncontentDir = 'site\\content'\n", 'site/content'),
    [`${root}/site/content/drafts/wip.md`]: yamlPost({ title: 'Work in progress' }),
  };
  const all = await windowsBlog('file:///c%3A/Users/me/blog', files);
  assert.deepEqual(all.service.site.contentDirs, [`${root}/site/content`]);
  assert.equal(all.service.index.postCount, 4);
  const excluded = await windowsBlog('file:///c%3A/Users/me/blog', files, { exclude: ['site\\content\\drafts\\**'] });
  assert.equal(excluded.service.index.postCount, 3, 'a Windows-style exclude glob leaves the folder out');
  assert.equal(excluded.service.index.get(`${root}/site/content/drafts/wip.md`), undefined);
});

test('a document opened as file:///C:/… and as file:///c%3A/… is one post', async () => {
  const { service } = await windowsBlog('file:///c%3A/Users/me/blog', blogFiles('c:/Users/me/blog'));
  const before = service.index.postCount;
  open(service, 'file:///C:/Users/me/blog/content/posts/target.md', yamlPost({ title: 'Renamed title' }));
  assert.equal(service.index.postCount, before);
  assert.equal(service.index.get('c:/Users/me/blog/content/posts/target.md')?.title, 'Renamed title');
  await service.documentClosed('file:///c%3A/Users/me/blog/content/posts/target.md');
  assert.equal(service.openDocuments.size, 0);
  assert.equal(service.index.get('c:/Users/me/blog/content/posts/target.md')?.title, 'The target', 'the disk version counts again');
});

test('the preview opens a post by its core path inside a Windows workspace folder (fsPath with backslashes)', () => {
  const roots = ['c:\\Users\\me\\blog', '\\\\server\\share\\blog'];
  assert.ok(isPathInside('c:/Users/me/blog/content/posts/a.md', roots));
  assert.ok(isPathInside('//server/share/blog/content/a.md', roots));
  assert.ok(isPathInside('c:/Users/me/blog/content/a.md', ['C:\\Users\\me\\blog\\']), 'an upper-case drive letter in fsPath');
  for (const path of ['c:/Users/me/blogger/a.md', 'c:/Users/me/blog/../secret.md', 'c:\\Users\\me\\blog\\a.md', 'd:/Users/me/blog/a.md', 'Users/me/blog/a.md']) {
    assert.equal(isPathInside(path, roots), false, path);
  }
  assert.deepEqual(validateMessage({ type: 'openPost', path: 'c:/Users/me/blog/content/a.md' }, roots), { type: 'openPost', path: 'c:/Users/me/blog/content/a.md', fragment: undefined });
});
