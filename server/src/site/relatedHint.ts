/**
 * What a site's templates say `related:` entries name: a Jekyll layout that looks each entry up with
 * `where: 'class', related` (in a `{% for related in page.related %}` loop, maybe after
 * `where: 'lang', page.lang`), a Hugo template that ranges over `.Params.related` and looks pages up
 * with `where … "Params.class" .`, or one that shows Jekyll's own `site.related_posts` instead.
 * The hint feeds the related interpretation (features/frontMatter/relatedScheme.ts).
 *
 * readRelatedHintFrom is pure (template texts in, hint out); readRelatedHint reads the templates.
 */
import { joinPath, listFilesRecursive, relativePath, type Workspace } from '../workspace/workspace';

export interface RelatedHint {
  /** `field:NAME`, `stem`, `slug`, `url` or `file`; undefined when the template shows only `related_posts`. */
  interpretation: string | undefined;
  scopeByLang: boolean;
  /** Jekyll's own `site.related_posts` is shown (it ignores `related:`). */
  builtinRelatedPosts: boolean;
  /** The template that says so, relative to the site root. */
  file: string;
}

/** Hugo page fields a `where` can compare an entry with, and the interpretation each means. */
const HUGO_FIELDS: Record<string, string> = {
  'file.basefilename': 'stem',
  'file.contentbasename': 'stem',
  'file.translationbasename': 'stem',
  'file.logicalname': 'file',
  slug: 'slug',
  relpermalink: 'url',
  permalink: 'url',
  title: 'field:title',
};

/** The hint of one template's text, if it shows one. */
export function hintOfTemplate(text: string): Omit<RelatedHint, 'file'> | undefined {
  if (!text.includes('related')) return undefined;
  // Jekyll: `for VAR in page.related` … `where: 'FIELD', VAR` (or `page.related` itself with where_exp-less lookups).
  const loop = /\{%-?\s*for\s+(\w+)\s+in\s+page\.related\b/.exec(text);
  const vars = loop ? [loop[1]] : [];
  for (const v of vars) {
    const re = new RegExp(`where:\\s*["']([\\w.-]+)["']\\s*,\\s*${v}\\b`);
    const m = re.exec(text.slice(loop!.index));
    if (m) {
      const scoped = /where:\s*["']lang["']\s*,\s*page\.lang\b/.test(text.slice(loop!.index));
      return { interpretation: jekyllField(m[1]), scopeByLang: scoped, builtinRelatedPosts: false };
    }
  }
  // Hugo: range over .Params.related, then `where <pages> "Params.FIELD" .` (or `"Title"`…).
  const range = /\{\{-?\s*range\s+(?:\$\w+\s*:=\s*)?(?:\$\.|\.)Params\.related\b/i.exec(text);
  if (range) {
    const rest = text.slice(range.index, range.index + 4000);
    const m = /where\s+[^"'`]*?["'`]([\w.]+)["'`]\s+(?:\.|\$\w+)\s*(?:\)|\}\}|\|)/.exec(rest);
    if (m) {
      const f = m[1].toLowerCase();
      const interpretation = f.startsWith('params.') ? 'field:' + m[1].slice('params.'.length) : HUGO_FIELDS[f];
      if (interpretation) {
        const scoped = /where\s+[^}]*["'`]Lang(uage\.Lang)?["'`]\s+\$?\.?(Page\.)?Lang\b/.test(rest);
        return { interpretation, scopeByLang: scoped, builtinRelatedPosts: false };
      }
    }
  }
  if (/\bsite\.related_posts\b/.test(text)) return { interpretation: undefined, scopeByLang: false, builtinRelatedPosts: true };
  return undefined;
}

function jekyllField(field: string): string {
  if (field === 'url') return 'url';
  if (field === 'slug') return 'slug';
  if (field === 'path' || field === 'name') return 'file';
  return 'field:' + field;
}

/** The first hint of a list of templates (a lookup wins over a `related_posts` mention). */
export function readRelatedHintFrom(templates: { file: string; text: string }[]): RelatedHint | undefined {
  let builtin: RelatedHint | undefined;
  for (const t of templates) {
    const h = hintOfTemplate(t.text);
    if (!h) continue;
    if (h.interpretation) return { ...h, file: t.file };
    builtin ??= { ...h, file: t.file };
  }
  return builtin;
}

const MAX_TEMPLATES = 400;

/** Reads the site's layouts (Jekyll's _layouts and _includes; Hugo's layout folders) for the hint. */
export async function readRelatedHint(workspace: Workspace, site: { root: string; generator: string; layoutDirs: string[] }): Promise<RelatedHint | undefined> {
  const dirs = site.generator === 'jekyll' ? ['_layouts', '_includes'].map((d) => joinPath(site.root, d)) : site.layoutDirs;
  const templates: { file: string; text: string }[] = [];
  for (const dir of dirs) {
    const files = await listFilesRecursive(workspace, dir, (_, name) => name.startsWith('.') || name === 'node_modules', (p) => /\.html?$/i.test(p));
    for (const path of files.sort().slice(0, MAX_TEMPLATES)) {
      const text = await workspace.readFile(path);
      if (text?.includes('related')) templates.push({ file: relativePath(site.root, path), text });
    }
  }
  return readRelatedHintFrom(templates);
}
