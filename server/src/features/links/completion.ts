/**
 * Completion of link targets: inside `](`, `href="`, figure `link="` (posts by title, in the form the
 * blog writes links: a URL, or a ref shortcode when the blog mostly uses those), inside `ref "` /
 * `relref "` (ref paths) and inside `src="` (images: static files and the bundle's own resources).
 */
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FeatureContext } from '../../service';
import { dirname, joinPath } from '../../workspace/workspace';
import { refPathOf } from '../../site/resolver';
import { isMarkdownFile } from '../../site/siteFiles';

type Form = 'url' | 'ref' | 'src' | 'post_url' | 'link';

interface CompletionContext {
  form: Form;
  /** The target typed so far, from its start to the cursor. */
  typed: string;
  /** Inside `](`: a ref shortcode may be inserted whole. */
  markdownLink: boolean;
}

const CONTEXTS: { re: RegExp; form: Form; markdownLink?: boolean }[] = [
  { re: /\{%-?\s*post_url\s+([^\s%]*)$/, form: 'post_url' },
  { re: /\{%-?\s*link\s+([^\s%]*)$/, form: 'link' },
  { re: /\{\{[<%]\s*(?:rel)?ref\s+(?:path\s*=\s*)?"([^"]*)$/, form: 'ref' },
  { re: /<img\b[^>]*?\ssrc\s*=\s*["']([^"']*)$/i, form: 'src' },
  { re: /\{\{[<%]\s*figure\b[^}]*?\ssrc\s*=\s*"([^"]*)$/, form: 'src' },
  { re: /\{\{[<%]\s*figure\b[^}]*?\slink\s*=\s*"([^"]*)$/, form: 'url' },
  { re: /<a\b[^>]*?\shref\s*=\s*["']([^"']*)$/i, form: 'url' },
  { re: /!\[[^\]]*\]\(\s*<?([^()\s<>]*)$/, form: 'src' },
  { re: /\]\(\s*<?([^()\s<>]*)$/, form: 'url', markdownLink: true },
];

export function completionContext(lineBefore: string): CompletionContext | undefined {
  for (const c of CONTEXTS) {
    const m = c.re.exec(lineBefore);
    if (m) return { form: c.form, typed: m[1], markdownLink: !!c.markdownLink };
  }
  return undefined;
}

export function linkCompletions(ctx: FeatureContext, doc: TextDocument, position: Position, bodyStart: number): CompletionItem[] | undefined {
  const offset = doc.offsetAt(position);
  if (offset < bodyStart) return undefined;
  const lineBefore = doc.getText({ start: { line: position.line, character: 0 }, end: position });
  const context = completionContext(lineBefore);
  if (!context) return undefined;
  if (context.typed.includes('{{')) return undefined;
  if (ctx.site.generator === 'jekyll' && context.form === 'ref') return undefined;
  if ((context.form === 'post_url' || context.form === 'link') && ctx.site.generator !== 'jekyll') return undefined;
  const range = { start: { line: position.line, character: position.character - context.typed.length }, end: position };
  const items: CompletionItem[] = [];
  const self = ctx.uris.toPath(doc.uri);
  // The list is cut at maxCompletionItems: narrow it by what is typed so the wanted one is in it.
  const words = context.typed.toLowerCase().split(/[\s/._-]+/).filter(Boolean);
  const wanted = (...texts: string[]) => {
    if (!words.length) return true;
    const hay = texts.join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  };

  if (context.form === 'post_url' || context.form === 'link') {
    // Jekyll's tags name a post by its file name without extension (post_url) or its path from the root (link).
    for (const post of ctx.index.postsByRecency()) {
      if (post.path === self) continue;
      const isPost = /(^|\/)_posts\//.test(post.relPath);
      if (context.form === 'post_url' && !isPost) continue;
      const insert = context.form === 'post_url' ? post.relPath.replace(/^(.*\/)?_posts\//, '').replace(/\.[^.]+$/, '') : post.relPath;
      if (!wanted(post.title, insert)) continue;
      items.push({
        label: post.title || post.fileName,
        kind: CompletionItemKind.Reference,
        detail: insert,
        labelDetails: { description: post.date?.slice(0, 10) },
        filterText: `${context.typed}${post.title} ${insert}`,
        sortText: String(items.length).padStart(6, '0'),
        textEdit: { range, newText: insert },
      });
    }
    return items;
  }

  if (context.form !== 'src') {
    const useRef = context.form === 'ref' || (context.markdownLink && context.typed === '' && blogPrefersRefs(ctx));
    for (const post of ctx.index.postsByRecency()) {
      if (post.path === self) continue;
      const refPath = refPathOf(post);
      const insert = context.form === 'ref' ? refPath : useRef ? `{{< ref "${refPath}" >}}` : post.url ?? post.permalink;
      if (!wanted(post.title, insert, post.fileName)) continue;
      items.push({
        label: post.title || post.fileName,
        kind: CompletionItemKind.Reference,
        detail: `${insert}${post.draft ? ' · draft' : ''}`,
        labelDetails: { description: post.date?.slice(0, 10) },
        filterText: `${context.typed}${post.title} ${insert}`,
        sortText: String(items.length).padStart(6, '0'),
        textEdit: { range, newText: insert },
      });
    }
  }
  if (context.form === 'ref') return items;

  for (const file of bundleResources(ctx, self)) {
    if ((context.form === 'src' && !isImage(file)) || !wanted(file)) continue;
    items.push(fileItem(file, file, range, context.typed, items.length, 'page resource'));
  }
  const images = context.form === 'src';
  for (const url of staticFiles(ctx)) {
    if ((images && !isImage(url)) || !wanted(url)) continue;
    items.push(fileItem(url.split('/').pop() ?? url, url, range, context.typed, images ? items.length : 100000 + items.length, 'static file'));
  }
  return items;
}

function fileItem(label: string, insert: string, range: { start: Position; end: Position }, typed: string, order: number, what: string): CompletionItem {
  return {
    label,
    kind: CompletionItemKind.File,
    detail: `${insert} · ${what}`,
    filterText: `${typed}${insert}`,
    sortText: String(order).padStart(6, '0'),
    textEdit: { range, newText: insert },
  };
}

const IMAGE = /\.(png|jpe?g|gif|webp|svg|avif|bmp|ico)$/i;
const isImage = (p: string) => IMAGE.test(p);

const preference = new WeakMap<object, { generation: number; refs: boolean }>();

/** Whether the blog's posts link to each other with ref/relref more often than with URLs. */
export function blogPrefersRefs(ctx: FeatureContext): boolean {
  const cached = preference.get(ctx.index);
  if (cached && cached.generation === ctx.index.linkGeneration) return cached.refs;
  let refs = 0;
  let urls = 0;
  for (const post of ctx.index.posts.values()) {
    for (const l of post.links) {
      if (l.kind === 'ref') refs++;
      else if (l.kind !== 'liquid' && l.target.startsWith('/') && !l.target.startsWith('//') && !IMAGE.test(l.target)) urls++;
    }
  }
  const result = ctx.site.generator === 'hugo' && refs > urls;
  preference.set(ctx.index, { generation: ctx.index.linkGeneration, refs: result });
  return result;
}

/** Files beside a page bundle's index.md (and in its subfolders), relative to it. */
function bundleResources(ctx: FeatureContext, docPath: string): string[] {
  const post = ctx.index.get(docPath);
  if (!post?.isBundle || !ctx.workspace.readDirectoryNow) return [];
  return listFiles(ctx, dirname(docPath), 2, 500).filter((f) => !isMarkdownFile(f));
}

const STATIC_LIST_TTL_MS = 10_000;
const MAX_STATIC_FILES = 20_000;
const staticLists = new WeakMap<object, { at: number; urls: string[] }>();

/** URL paths of the files in the static dirs, listed at most every few seconds (no watcher covers them). */
export function staticFiles(ctx: FeatureContext): string[] {
  const cached = staticLists.get(ctx.site);
  if (cached && Date.now() - cached.at < STATIC_LIST_TTL_MS) return cached.urls;
  const urls = new Set<string>();
  // A Jekyll site's static dir is its root: its posts and underscore folders are not static files.
  const jekyll = ctx.site.generator === 'jekyll';
  for (const dir of ctx.site.staticDirs) {
    for (const rel of listFiles(ctx, dir, 8, MAX_STATIC_FILES, jekyll)) if (!jekyll || !/\.(md|markdown|html|ya?ml|lock)$/i.test(rel)) urls.add('/' + rel);
  }
  const list = [...urls].sort();
  staticLists.set(ctx.site, { at: Date.now(), urls: list });
  return list;
}

function listFiles(ctx: FeatureContext, root: string, maxDepth: number, limit: number, skipUnderscore = false): string[] {
  const read = ctx.workspace.readDirectoryNow?.bind(ctx.workspace);
  if (!read) return [];
  const out: string[] = [];
  const walk = (dir: string, rel: string, depth: number) => {
    for (const e of read(dir)) {
      if (out.length >= limit) return;
      if (e.name.startsWith('.') || e.name === 'node_modules' || (skipUnderscore && depth === 0 && e.name.startsWith('_'))) continue;
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) {
        if (depth < maxDepth) walk(joinPath(dir, e.name), relPath, depth + 1);
      } else out.push(relPath);
    }
  };
  walk(root, '', 0);
  return out;
}
