/**
 * A new post: where it goes and what it starts with. The file name follows the way the blog already
 * names its posts (date prefix, slug separator, accents, year folders, page bundle or single file);
 * the front matter comes from the section's archetype (or `default.md`), else from the keys the
 * section's posts typically have, in the format they are written in. Planning writes nothing: the
 * file is created by the editor applying the edit (or by the `blog-author.newPost` command).
 */
import type { Position } from 'vscode-languageserver-types';
import type { PostEntry } from '../../index/postReader';
import type { FeatureContext } from '../../service';
import { isRecord } from '../../site/siteModel';
import { joinPath, relativePath } from '../../workspace/workspace';
import { evaluateArchetype, formatDate } from './archetype';

export interface NewPostSection {
  name: string;
  posts: number;
}

export interface NewPostOptions {
  generator: string;
  /** Sections holding posts, most posts first; the writer chooses when there are several. */
  sections: NewPostSection[];
}

export interface NamingStyle {
  datePrefix: boolean;
  bundle: boolean;
  separator: '-' | '_';
  keepAccents: boolean;
  yearFolder: boolean;
  extension: string;
}

export interface NewPostPlan {
  path: string;
  uri: string;
  /** Relative to the site root. */
  relPath: string;
  text: string;
  /** Where the cursor goes: inside the first empty list (`tags: []`), else at the body. */
  cursor: Position;
  /** The archetype used, relative to the site root; undefined when the front matter was learnt from posts. */
  archetype: string | undefined;
  naming: NamingStyle;
}

export interface NewPostRequest {
  title: string;
  section?: string;
  /** For tests: the moment of creation. */
  now?: string;
}

const JEKYLL_SECTION = '_posts';

function postsOf(ctx: FeatureContext): PostEntry[] {
  return ctx.index.postsByRecency();
}

function sectionOf(ctx: FeatureContext, post: PostEntry): string {
  if (ctx.site.generator === 'jekyll') return post.contentPath.split('/').includes('_posts') ? JEKYLL_SECTION : '';
  // A language folder (content/en/blog/…) is not the section: the folder below it is.
  const dirs = post.contentPath.split('/').slice(0, -1);
  if (dirs.length > 1 && ctx.site.languages.includes(dirs[0].toLowerCase())) return `${dirs[0]}/${dirs[1]}`;
  return post.section;
}

export function newPostOptions(ctx: FeatureContext): NewPostOptions {
  const counts = new Map<string, number>();
  for (const post of postsOf(ctx)) {
    const s = sectionOf(ctx, post);
    if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  if (ctx.site.generator === 'jekyll') return { generator: 'jekyll', sections: [{ name: JEKYLL_SECTION, posts: counts.get(JEKYLL_SECTION) ?? 0 }] };
  const sections = [...counts].map(([name, posts]) => ({ name, posts })).sort((a, b) => b.posts - a.posts || a.name.localeCompare(b.name));
  return { generator: ctx.site.generator, sections: sections.length ? sections : [{ name: 'posts', posts: 0 }] };
}

/** How the section's posts are named, by majority. */
export function learnNaming(ctx: FeatureContext, posts: PostEntry[], section = ''): NamingStyle {
  const depth = section ? section.split('/').length : 1;
  const jekyll = ctx.site.generator === 'jekyll';
  // The newest dated posts show the blog's current habit; undated files are usually odd pages.
  const dated = posts.filter((p) => p.date);
  const sample = (dated.length >= 3 ? dated : posts).slice(0, 200);
  const names = sample.map((p) => (p.isBundle ? p.contentPath.split('/').slice(-2)[0] : p.fileName.replace(/\.[^.]+$/, '')));
  const share = (f: (i: number) => boolean) => (sample.length ? sample.filter((_, i) => f(i)).length / sample.length : 0);
  const slugs = names.map((n) => n.replace(/^\d{4}-\d\d-\d\d[-_]?/, ''));
  const extensions = new Map<string, number>();
  for (const p of sample) if (!p.isBundle) extensions.set(/\.[^.]+$/.exec(p.fileName)?.[0] ?? '.md', (extensions.get(/\.[^.]+$/.exec(p.fileName)?.[0] ?? '.md') ?? 0) + 1);
  const extension = [...extensions].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '.md';
  return {
    datePrefix: jekyll || share((i) => /^\d{4}-\d\d-\d\d/.test(names[i])) > 0.5,
    bundle: !jekyll && share((i) => sample[i].isBundle) > 0.5,
    separator: slugs.filter((s) => s.includes('_') && !s.includes('-')).length > slugs.filter((s) => s.includes('-')).length ? '_' : '-',
    keepAccents: slugs.some((s) => /[^\x00-\x7f]/.test(s)),
    yearFolder: !jekyll && share((i) => /^\d{4}$/.test(sample[i].contentPath.split('/')[depth] ?? '') && sample[i].contentPath.split('/').length > depth + 1) > 0.5,
    extension: jekyll && extension !== '.md' && extension !== '.markdown' ? '.md' : extension,
  };
}

export function slugify(title: string, style: Pick<NamingStyle, 'separator' | 'keepAccents'>): string {
  let t = title.trim().toLowerCase();
  if (!style.keepAccents) t = t.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  t = t.replace(/[^\p{L}\p{N}]+/gu, style.separator);
  const sep = style.separator === '-' ? '-' : '_';
  return t.replace(new RegExp(`^${sep}+|${sep}+$`, 'g'), '') || 'new-post';
}

export async function planNewPost(ctx: FeatureContext, request: NewPostRequest): Promise<NewPostPlan> {
  const title = request.title.trim() || 'New post';
  const now = request.now ? new Date(request.now) : new Date();
  const options = newPostOptions(ctx);
  // A section is a folder under the content directory: never a path that climbs out of it.
  const asked = request.section?.replace(/^\/+|\/+$/g, '');
  const section = asked && !asked.split('/').some((s) => s === '..' || s === '.' || s === '') ? asked : options.sections[0].name;
  const posts = postsOf(ctx).filter((p) => sectionOf(ctx, p) === section);
  const naming = learnNaming(ctx, posts, section);
  const day = formatDate(now, '2006-01-02');
  const base = (naming.datePrefix ? day + naming.separator.replace('_', '-') : '') + slugify(title, naming);
  const contentDir = ctx.site.generator === 'jekyll' ? ctx.site.root : ctx.site.contentDirs[0];
  const dir = joinPath(contentDir, section, naming.yearFolder ? String(now.getFullYear()) : '');
  // The archetype is looked up by the content type: the section's own folder name (not the language folder).
  const type = section.split('/').pop()!;
  const archetype = ctx.site.generator === 'hugo' ? await findArchetype(ctx, type) : undefined;
  const bundle = naming.bundle || !!archetype?.bundle;
  let path = '';
  for (let n = 1; n < 1000; n++) {
    const name = n === 1 ? base : `${base}${naming.separator}${n}`;
    path = bundle ? joinPath(dir, name, 'index.md') : joinPath(dir, name + naming.extension);
    if (!(await ctx.workspace.stat(bundle ? joinPath(dir, name) : path))) break;
  }
  const name = bundle ? path.split('/').slice(-2)[0] : path.split('/').pop()!.replace(/\.[^.]+$/, '');
  let text: string;
  if (archetype) {
    const params = isRecord(ctx.site.config['params']) ? (ctx.site.config['params'] as Record<string, unknown>) : {};
    text = evaluateArchetype(archetype.text, {
      title,
      name,
      section: type,
      date: now,
      site: { title: ctx.site.title, baseURL: ctx.site.baseURL, params, language: String(ctx.site.config['languagecode'] ?? ctx.site.defaultContentLanguage) },
    });
  } else text = typicalFrontMatter(ctx, posts, title, now);
  return {
    path,
    uri: ctx.uris.toUri(path),
    relPath: relativePath(ctx.site.root, path),
    text,
    cursor: cursorIn(text),
    archetype: archetype ? relativePath(ctx.site.root, archetype.path) : undefined,
    naming: { ...naming, bundle },
  };
}

/** Hugo's lookup: the section's archetype, then default.md, in the site and then in each theme. */
async function findArchetype(ctx: FeatureContext, section: string): Promise<{ path: string; text: string; bundle: boolean } | undefined> {
  const archetypeDir = typeof ctx.site.config['archetypedir'] === 'string' ? (ctx.site.config['archetypedir'] as string) : 'archetypes';
  const roots = [joinPath(ctx.site.root, archetypeDir), ...ctx.site.themes.map((t) => joinPath(ctx.site.themesDir, t, 'archetypes'))];
  for (const root of roots) {
    for (const [rel, bundle] of [[`${section}.md`, false], [`${section}/index.md`, true], ['default.md', false], ['default/index.md', true]] as const) {
      const path = joinPath(root, rel);
      const text = await ctx.workspace.readFile(path);
      if (text !== undefined) return { path, text, bundle };
    }
  }
  return undefined;
}

/** Per-post values that a new post cannot inherit. */
const NOT_INHERITED = new Set(['url', 'slug', 'aliases', 'lastmod', 'weight', 'publishdate', 'expirydate', 'permalink', 'redirect_from']);

/** The front matter the section's posts typically have: keys most posts use, in the newest post's order. */
function typicalFrontMatter(ctx: FeatureContext, posts: PostEntry[], title: string, now: Date): string {
  const sample = posts.slice(0, 500);
  const formats = new Map<string, number>();
  for (const p of sample) if (p.format === 'yaml' || p.format === 'toml') formats.set(p.format, (formats.get(p.format) ?? 0) + 1);
  const format = (formats.get('toml') ?? 0) > (formats.get('yaml') ?? 0) ? 'toml' : 'yaml';
  const keyCounts = new Map<string, number>();
  for (const p of sample) for (const k of Object.keys(p.data)) keyCounts.set(k, (keyCounts.get(k) ?? 0) + 1);
  const typical = (k: string) => (keyCounts.get(k) ?? 0) / Math.max(1, sample.length) >= 0.5;
  const order: string[] = [];
  for (const p of sample) for (const k of Object.keys(p.data)) if (typical(k) && !order.includes(k)) order.push(k);
  const taxonomies = new Set(ctx.site.taxonomies.map((t) => t.plural));
  const keys = order.filter((k) => !NOT_INHERITED.has(k.toLowerCase()));
  if (!keys.some((k) => k.toLowerCase() === 'title')) keys.unshift('title');
  // Jekyll posts have their date in the file name; a Hugo post needs one in its front matter.
  if (!keys.some((k) => k.toLowerCase() === 'date') && ctx.site.generator !== 'jekyll') keys.splice(keys.findIndex((k) => k.toLowerCase() === 'title') + 1, 0, 'date');
  if (!keys.some((k) => taxonomies.has(k.toLowerCase())) && ctx.site.taxonomies[0]) keys.push(ctx.site.taxonomies[0].plural);
  const written = sample.map((p) => p.data[Object.keys(p.data).find((k) => k.toLowerCase() === 'date') ?? 'date']).filter((d) => d !== undefined);
  const dateOnly = written.length > 0 && written.filter((d) => (typeof d === 'string' && /^\d{4}-\d\d-\d\d$/.test(d)) || (d instanceof Date && d.toISOString().endsWith('T00:00:00.000Z'))).length / written.length > 0.5;
  const jekyll = ctx.site.generator === 'jekyll';
  const date = dateOnly ? formatDate(now, '2006-01-02') : jekyll ? formatDate(now, '2006-01-02 15:04:05 -0700') : formatDate(now, '2006-01-02T15:04:05-07:00');
  const lines: string[] = [];
  for (const key of keys) {
    const lower = key.toLowerCase();
    let value: { kind: 'string' | 'raw' | 'list'; text: string };
    if (lower === 'title') value = { kind: 'string', text: title };
    else if (lower === 'date') value = { kind: 'raw', text: date };
    else if (lower === 'draft') value = { kind: 'raw', text: 'true' };
    else if (taxonomies.has(lower) || isListKey(sample, key)) value = { kind: 'list', text: '' };
    else {
      const values = ctx.index.valuesOf(key);
      const top = values?.[0];
      const total = values?.reduce((n, v) => n + v.count, 0) ?? 0;
      const sampleValue = sample.find((p) => p.data[key] !== undefined)?.data[key];
      if (top && top.count / Math.max(1, total) >= 0.5 && top.count > 1) value = typeof sampleValue === 'string' ? { kind: 'string', text: top.term } : { kind: 'raw', text: top.term };
      else if (typeof sampleValue === 'boolean' || typeof sampleValue === 'number' || sampleValue instanceof Date || isRecord(sampleValue)) continue;
      else value = { kind: 'string', text: '' };
    }
    const text = value.kind === 'list' ? '[]' : value.kind === 'raw' ? value.text : format === 'yaml' && value.text !== '' && !/[:#'"[\]{},&*!|>%@`]|^\s|\s$|^[-?]/.test(value.text) ? value.text : JSON.stringify(value.text);
    lines.push(format === 'toml' ? `${key} = ${text}` : `${key}: ${text}`);
  }
  const fence = format === 'toml' ? '+++' : '---';
  return `${fence}\n${lines.join('\n')}\n${fence}\n\n`;
}

function isListKey(sample: PostEntry[], key: string): boolean {
  let lists = 0;
  let others = 0;
  for (const p of sample) {
    const v = p.data[key];
    if (v === undefined) continue;
    if (Array.isArray(v)) lists++;
    else others++;
  }
  return lists > others;
}

/** Inside the first empty list of the front matter; else the first line of the body. */
export function cursorIn(text: string): Position {
  const fm = /^(---|\+\+\+)\r?\n([\s\S]*?)\r?\n\1[ \t]*(\r?\n|$)/.exec(text);
  const fmEnd = fm ? fm[0].length : 0;
  const empty = /^[ \t]*["']?[\w-]+["']?[ \t]*[:=][ \t]*\[(\s*)\]/m.exec(text.slice(0, fmEnd));
  const offset = empty ? empty.index + empty[0].length - 1 - empty[1].length : fm ? Math.min(text.length, fmEnd + (/^\r?\n/.exec(text.slice(fmEnd))?.[0].length ?? 0)) : 0;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
